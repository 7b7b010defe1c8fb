import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createApp, type App, type AppDeps } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { TestChannelAdapter } from '../adapters/test/index.js';
import type { Activity } from '../core/activity.js';
import type { HumanRequest } from '../dialogs/handoff-request.js';

export { TestChannelAdapter };
import { createLogger } from '../core/logger.js';
import { packageRoot } from '../core/paths.js';
import { createMemoryStores, type Stores } from '../core/stores.js';
import type { DialogRegistration } from '../dialogs/bot.js';
import type { Translator } from '../dialogs/i18n.js';
import { registerDialogs } from '../dialogs/index.js';

/** One message the bot sent, as a test sees it. */
export interface Reply {
  text: string;
  /** Titles of the suggested-action buttons. */
  buttons: string[];
  /** Values of those buttons, for `press()`. */
  values: string[];
  activity: Partial<Activity>;
}

export interface TestChatOptions {
  /** Defaults to fresh in-memory stores. Pass Redis stores to test persistence. */
  stores?: Stores;
  /** Defaults to the shipped config/ folder. */
  config?: Config;
  /** Reuse an app (e.g. for a second customer); the chat then does not close it. */
  app?: App;
  /** The channel this chat pretends to be (per-channel FAQ answers). Default `test`. */
  channelId?: string;
  /** e.g. `nl-NL`; the bot also detects the language from the messages. */
  locale?: string;
  conversationId?: string;
  user?: { id: string; name: string };
  deps?: Partial<AppDeps>;
  /** Dialogs to try before the registered ones, e.g. one you are writing: `createTestChat({ dialogs: [returnsDialog] })`. */
  dialogs?: Array<{ register(t: Translator): DialogRegistration }>;
}

export interface TestChat {
  readonly app: App;
  readonly conversationId: string;
  /** The customer writes `text`; resolves with the bot's replies to it. */
  say(text: string): Promise<Reply[]>;
  /** The customer presses a suggested-action button with this value (or title), on the newest message that has it. */
  press(valueOrTitle: string): Promise<Reply[]>;
  /** Every reply so far. */
  readonly transcript: Reply[];
  /** Every request for a person in this conversation (the `handoff.initiate` events), with what was collected. */
  readonly handoffs: HumanRequest[];
  /**
   * Everything sent to this customer so far, including what arrived outside their turns (an
   * agent's messages, handoff notices), oldest first.
   */
  received(): Reply[];
  close(): Promise<void>;
}

function toReply(activity: Partial<Activity>): Reply {
  const actions = activity.suggestedActions?.actions ?? [];
  return { text: activity.text ?? '', buttons: actions.map((a) => a.title ?? String(a.value)), values: actions.map((a) => String(a.value)), activity };
}

/**
 * The default config as shipped, with logging off and without the sampled "Did this help?" (a
 * test asks for it with `listening.feedback`): what `createTestChat` uses unless told otherwise.
 */
export function defaultTestConfig(overrides: Record<string, string> = {}): Config {
  const config = loadConfig({ BALIE_CONFIG_DIR: join(packageRoot(), 'config'), LOG_LEVEL: 'silent', ...overrides });
  return { ...config, listening: { ...config.listening, feedback: 'off' } };
}

/**
 * Builds balie in-process and drives one conversation turn by turn:
 *
 *   const chat = await createTestChat();
 *   const [reply] = await chat.say('wat kost verzending?');
 */
export async function createTestChat(options: TestChatOptions = {}): Promise<TestChat> {
  const channelId = options.channelId ?? 'test';
  let adapter = options.app?.adapter<TestChannelAdapter>(channelId);
  let app = options.app;
  if (!app || !adapter) {
    adapter = new TestChannelAdapter(channelId);
    app = await createApp(options.config ?? defaultTestConfig(), {
      logger: createLogger({ level: 'silent' }),
      stores: options.stores ?? createMemoryStores(),
      ...(options.dialogs ? { dialogs: (d) => [...options.dialogs!.map((dialog) => dialog.register(d.t)), ...registerDialogs(d)] } : {}),
      ...options.deps,
      adapters: [adapter, ...(options.deps?.adapters ?? [])],
    });
    await app.start();
  }
  const ownsApp = !options.app;
  const conversationId = options.conversationId ?? `chat-${randomUUID().slice(0, 8)}`;
  const user = options.user ?? { id: `user-${conversationId}`, name: 'Test Customer' };
  const transcript: Reply[] = [];
  const testAdapter = adapter;

  const send = async (text: string, value?: string): Promise<Reply[]> => {
    const before = testAdapter.sent(conversationId).length;
    await testAdapter.customerSays({
      type: 'message',
      text,
      value: value !== undefined ? { action: value } : undefined,
      locale: options.locale,
      from: { id: user.id, name: user.name, role: 'user' },
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: conversationId },
    });
    const replies = testAdapter.sent(conversationId).slice(before).map(toReply);
    transcript.push(...replies);
    return replies;
  };

  return {
    app,
    conversationId,
    transcript,
    get handoffs() {
      return testAdapter.handoffRequests(conversationId) as HumanRequest[];
    },
    say: (text) => send(text),
    received: () => testAdapter.sent(conversationId).map(toReply),
    press(valueOrTitle) {
      const indexIn = (r: Reply) => Math.max(r.values.indexOf(valueOrTitle), r.buttons.indexOf(valueOrTitle));
      // The newest message with that button; an older one's is still there to press, as in a real chat.
      const last = testAdapter
        .sent(conversationId)
        .map(toReply)
        .reverse()
        .find((r) => indexIn(r) >= 0);
      if (!last) throw new Error(`no button "${valueOrTitle}" in the replies so far`);
      const index = indexIn(last);
      return send(last.buttons[index]!, last.values[index]!);
    },
    async close() {
      if (ownsApp) await app.stop();
    },
  };
}
