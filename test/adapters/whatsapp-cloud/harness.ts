import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { createWhatsappCloudAdapter, type WhatsappCloudAdapter, type WhatsappCloudAdapterConfig } from '../../../src/adapters/whatsapp-cloud/index.js';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';
import { startFakeWhatsappCloud, type FakeWhatsappCloud } from '../../support/fake-whatsapp-cloud.js';
import type { ChannelHarness, SentMessage } from '../adapter.contract.js';
import { APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN, nextMessageId, postWebhook, textDelivery } from './payloads.js';

export interface CloudSetup {
  fake: FakeWhatsappCloud;
  balie: RunningBalie;
  adapter: WhatsappCloudAdapter;
  stop(): Promise<void>;
}

/** balie with the Cloud adapter, talking to a fresh fake Graph API. Retries are quick, not fewer. */
export async function startCloudBalie(overrides: Partial<WhatsappCloudAdapterConfig> = {}, options: { logger?: Logger } = {}): Promise<CloudSetup> {
  const fake = await startFakeWhatsappCloud({ phoneNumberId: PHONE_NUMBER_ID });
  const adapter = createWhatsappCloudAdapter({
    token: fake.token,
    phoneNumberId: PHONE_NUMBER_ID,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    apiUrl: fake.apiUrl,
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    ...overrides,
  });
  const balie = await startTestBalie({ adapters: [adapter], logger: options.logger });
  return {
    fake,
    balie,
    adapter,
    async stop() {
      await balie.stop();
      await fake.close();
    },
  };
}

/**
 * Replaces the bot with `logic` (e.g. one that records what arrives), keeping the real server,
 * ingress and transcript: for checking exactly what the adapter hands to a turn.
 */
export function replaceLogic(setup: CloudSetup, logic: (context: TurnContext) => Promise<void>): void {
  const { app } = setup.balie;
  setup.adapter.attach({
    ingress: app.ingress,
    transcripts: app.stores.transcripts,
    metrics: app.metrics,
    logger: app.logger,
    logic,
    onTurnError: async (_context, error) => {
      throw error;
    },
  });
}

const ZWSP = /\u200B/g;

/** A WhatsApp text as the customer reads it: *bold* and _italic_ markers and zero-width spaces gone. */
export function plain(text: string): string {
  return text
    .replace(/(^|[^\p{L}\p{N}])\*(\S(?:[^*\n]*\S)?)\*(?=$|[^\p{L}\p{N}])/gu, '$1$2')
    .replace(/(^|[^\p{L}\p{N}])_(\S(?:[^_\n]*\S)?)_(?=$|[^\p{L}\p{N}])/gu, '$1$2')
    .replace(ZWSP, '');
}

/** One Cloud API message body as the customer sees it: text, and button/list/numbered option labels. */
export function seen(body: Record<string, unknown>): SentMessage {
  switch (body.type) {
    case 'text': {
      const text = plain((body.text as { body: string }).body);
      // Numbered options (the fallback when buttons and lists cannot show them) count as buttons.
      const m = /\n\n((?:\d+\. .+(?:\n|$))+)$/.exec(text);
      if (!m) return { text, buttons: [] };
      return {
        text: text.slice(0, m.index),
        buttons: m[1]!
          .trim()
          .split('\n')
          .map((l) => l.replace(/^\d+\. /, '')),
      };
    }
    case 'interactive': {
      const i = body.interactive as { type: string; body: { text: string }; action: { buttons?: { reply: { title: string } }[]; sections?: { rows: { title: string }[] }[] } };
      const buttons = i.type === 'button' ? i.action.buttons!.map((b) => b.reply.title) : i.action.sections!.flatMap((s) => s.rows.map((r) => r.title));
      return { text: plain(i.body.text), buttons };
    }
    default: {
      const media = body[body.type as string] as { caption?: string } | undefined;
      return { text: plain(media?.caption ?? ''), buttons: [] };
    }
  }
}

/** The contract harness: customers write through signed webhooks, replies are read from the fake Graph API. */
export function cloudHarness(): ChannelHarness & { conversationId(chat: string): string } {
  let setup: CloudSetup;
  const waIds = new Map<string, string>();
  const raw = new Map<string, string>();
  const waIdOf = (chat: string) => {
    let id = waIds.get(chat);
    if (!id) {
      // UK numbers from Ofcom's range for fiction (07700 900xxx): the contract's chats are in English.
      id = `447700900${String(waIds.size + 1).padStart(3, '0')}`;
      waIds.set(chat, id);
    }
    return id;
  };
  const post = async (body: string) => {
    const res = await postWebhook(setup.balie.url, body);
    if (res.status !== 200) throw new Error(`the webhook answered ${res.status}: ${await res.text()}`);
  };

  return {
    channelId: 'whatsapp-cloud',
    async start() {
      setup = await startCloudBalie();
    },
    stop: () => setup.stop(),
    app: () => setup.balie.app,
    conversationId: waIdOf,
    async customerSays(chat, text) {
      const id = nextMessageId();
      const body = JSON.stringify(textDelivery(text, { waId: waIdOf(chat), id, name: `Customer ${chat}` }));
      raw.set(id, body);
      await post(body);
      return id;
    },
    async redeliver(nativeId) {
      await post(raw.get(nativeId)!);
    },
    async sent(chat) {
      return setup.fake.messagesTo(waIdOf(chat)).map(seen);
    },
  };
}
