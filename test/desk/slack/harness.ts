import { createTelegramAdapter, WEBHOOK_PATH } from '../../../src/adapters/telegram/index.js';
import { createLogger, type Logger } from '../../../src/core/logger.js';
import type { RunningBalie } from '../../../src/main.js';
import { BOT_TOKEN, SIGNING_SECRET, buttonPress, channelMessageEvent, interactionForm, postSigned } from '../../adapters/slack/driver.js';
import { InstantClock } from '../../adapters/telegram/clocks.js';
import { shown, textUpdate } from '../../adapters/telegram/harness.js';
import { startTestBalie, testConfig } from '../../support/app.js';
import { startFakeSlack, type FakeSlack, type FakeSlackFile, type PostedMessage } from '../../support/fake-slack.js';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';

export { eventually } from '../../adapters/slack/driver.js';

/** The agents' channel, and the agents' Slack member ids (agents.yaml `slackUserId`). */
export const DESK = 'C0DESK00001';
export const SLACK_IDS: Record<string, string> = { sanne: 'U0SANNE0001', bram: 'U0BRAM00001', fatima: 'U0FATIMA001' };
export const STRANGER = 'U0STRANGER1';
const TELEGRAM_SECRET = 'balie-desk-test-secret_0123456789';

// Recorded Slack payloads, edited field by field: typing every shape would be the whole Slack API.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export interface DeskBalie {
  slack: FakeSlack;
  telegram: FakeTelegram;
  balie: RunningBalie;
  /** A Telegram customer writes. */
  customerSays(chatId: number, text: string): Promise<void>;
  /** What the Telegram customer was sent, as their app shows it. */
  customerSaw(chatId: number): string[];
  /** A person writes in a desk thread (a signed Events API request), perhaps sharing files uploaded to the fake Slack. */
  agentWrites(slackUser: string, threadTs: string, text: string, files?: FakeSlackFile[]): Promise<void>;
  /** A person presses a desk button (a signed interaction request); resolves with balie's HTTP status. */
  press(slackUser: string, message: PostedMessage, actionId: string, threadTs?: string): Promise<number>;
  /** POSTs an interaction payload signed like Slack does. */
  interact(payload: Json): Promise<number>;
  /** The desk posts (top level), oldest first. */
  posts(): PostedMessage[];
  /** The desk's messages in a post's thread. */
  thread(ts: string): PostedMessage[];
  stop(): Promise<void>;
}

/**
 * balie as `npm start` runs it with SLACK_DESK_CHANNEL set and Redis: the Slack adapter and desk
 * from the config (the real Bolt, against the fake Slack API) and a Telegram adapter (telegraf,
 * against the fake Bot API) for the customer. Fakes and the Redis prefix may be shared, to run
 * several balie processes as one deployment.
 */
export async function startDeskBalie(
  o: { slack?: FakeSlack; telegram?: FakeTelegram; prefix?: string; logger?: Logger; memory?: boolean; publicUrl?: string } = {},
): Promise<DeskBalie> {
  const slack = o.slack ?? (await startFakeSlack({ botToken: BOT_TOKEN }));
  const telegram = o.telegram ?? (await startFakeTelegram());
  const config = testConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_DESK_CHANNEL: DESK,
    // `memory`: one process on in-memory stores, as `npm start` runs without REDIS_URL.
    REDIS_URL: o.memory ? undefined : testRedisUrl(),
    BALIE_REDIS_PREFIX: o.prefix ?? uniquePrefix('desk'),
    PUBLIC_URL: o.publicUrl,
  });
  // Working hours would make the test depend on the day it runs.
  config.agents = config.agents.map((a) => ({ ...a, workingHours: {}, slackUserId: SLACK_IDS[a.id] }));
  const adapter = createTelegramAdapter({ token: telegram.token, apiRoot: telegram.url, webhookSecret: TELEGRAM_SECRET, clock: new InstantClock(), pollTimeoutSeconds: 1 });
  const balie = await startTestBalie({ config, adapters: [adapter], logger: o.logger ?? createLogger({ level: 'silent' }) });
  const eventsUrl = `${balie.url}/webhooks/slack/events`;
  const interactionsUrl = `${balie.url}/webhooks/slack/interactions`;
  const interact = async (payload: Json) => (await postSigned(interactionsUrl, interactionForm(payload), { contentType: 'application/x-www-form-urlencoded' })).status;
  return {
    slack,
    telegram,
    balie,
    async customerSays(chatId, text) {
      const res = await fetch(`${balie.url}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(textUpdate(chatId, text)),
      });
      if (res.status !== 200) throw new Error(`Telegram webhook answered ${res.status}`);
    },
    customerSaw: (chatId) => telegram.sentTo(chatId).map((call) => shown(call).text),
    async agentWrites(slackUser, threadTs, text, files) {
      const body = channelMessageEvent({ channel: DESK, user: slackUser, text, threadTs, botUserId: slack.botUserId });
      if (files?.length) {
        // As Slack sends a message with files: subtype file_share, the files' public fields.
        for (const f of files) slack.addFile(f);
        Object.assign(body.event, {
          subtype: 'file_share',
          files: files.map((f) => ({ id: f.id, name: f.name, title: f.name, mimetype: f.mimetype, size: f.data.length, mode: 'hosted' })),
        });
      }
      const res = await postSigned(eventsUrl, JSON.stringify(body));
      if (res.status !== 200) throw new Error(`Slack events answered ${res.status}`);
    },
    press(slackUser, message, actionId, threadTs) {
      const element = message.blocks!.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
      if (!element) throw new Error(`no ${actionId} in that message`);
      return interact(
        buttonPress({ channel: DESK, user: slackUser, messageTs: message.ts, threadTs, actionId, value: element.value!, title: element.text!.text, botUserId: slack.botUserId }),
      );
    },
    interact,
    posts: () => slack.posted(DESK).filter((p) => !p.thread_ts),
    thread: (ts) => slack.posted(DESK).filter((p) => p.thread_ts === ts),
    async stop() {
      await balie.stop();
      if (!o.slack) await slack.close();
      if (!o.telegram) await telegram.close();
    },
  };
}

/** All the text a Slack reader sees in a message: its blocks' texts and fields, or its text. */
export function readable(message: PostedMessage | undefined): string {
  if (!message) return '';
  const parts: string[] = [];
  for (const block of (message.blocks ?? []) as Json[]) {
    if (block.text?.text) parts.push(block.text.text);
    for (const f of block.fields ?? []) parts.push(f.text);
    for (const e of block.elements ?? []) parts.push(e.text?.text ?? e.text ?? e.placeholder?.text ?? '');
  }
  return parts.length ? parts.join('\n') : (message.text ?? '');
}
