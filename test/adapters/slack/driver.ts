import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterConfig } from '../../../src/adapters/slack/index.js';
import type { RunningBalie } from '../../../src/main.js';
import type { Logger } from '../../../src/core/logger.js';
import type { Stores } from '../../../src/core/stores.js';
import { startTestBalie } from '../../support/app.js';
import { startFakeSlack, type FakeSlack, type PostedMessage } from '../../support/fake-slack.js';
import type { SentMessage } from '../adapter.contract.js';

export const SIGNING_SECRET = 'test-signing-secret-8f3a1c0b9d';
export const BOT_TOKEN = 'xoxb-1111-2222-testbottoken';
export const APP_TOKEN = 'xapp-1-A00FAKEAPP01-3333-testapptoken';

// Recorded Slack payloads, edited field by field: typing every shape would be the whole Slack API.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** A recorded payload from test/fixtures/slack (see its README for the source). */
export function fixture(file: string, key: string): Json {
  const all = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/slack', file), 'utf8')) as Json;
  if (!(key in all)) throw new Error(`fixture ${file} has no ${key}`);
  return structuredClone(all[key]) as Json;
}

let seq = 0;
/** A fresh Slack ts, as Slack makes them: seconds.micro-ish, unique per message. */
export function nextTs(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(100000 + ++seq).padStart(6, '0')}`;
}

export const eventId = () => `Ev${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`;

function withBot(body: Json, botUserId: string): Json {
  for (const a of body.authorizations ?? []) a.user_id = botUserId;
  return body;
}

/** A customer's DM to the bot (recorded `directDM`, with this test's channel, user and text). */
export function dmEvent(o: { channel: string; user: string; text: string; ts?: string; botUserId: string }): Json {
  const body = withBot(fixture('dm-slack-direct.json', 'directDM'), o.botUserId);
  const ts = o.ts ?? nextTs();
  Object.assign(body.event, { user: o.user, channel: o.channel, text: o.text, ts, event_ts: ts, client_msg_id: randomUUID() });
  body.event.blocks[0].elements[0].elements[0].text = o.text;
  body.event_id = eventId();
  body.event_time = Math.floor(Number(ts));
  return body;
}

/** An @-mention of the bot in a channel (recorded `mention`); `threadTs` for a mention inside a thread. */
export function mentionEvent(o: { channel: string; user: string; text: string; ts?: string; threadTs?: string; botUserId: string }): Json {
  const body = withBot(fixture('channel-slack.json', 'mention'), o.botUserId);
  const ts = o.ts ?? nextTs();
  Object.assign(body.event, { user: o.user, channel: o.channel, text: `<@${o.botUserId}> ${o.text}`, ts, event_ts: ts });
  if (o.threadTs) body.event.thread_ts = o.threadTs;
  body.event_id = eventId();
  return body;
}

/** A plain message in a channel (recorded `dmRequest`: a thread reply with channel_type channel). */
export function channelMessageEvent(o: { channel: string; user: string; text: string; ts?: string; threadTs?: string; botUserId: string }): Json {
  const body = withBot(fixture('dm-slack.json', 'dmRequest'), o.botUserId);
  const ts = o.ts ?? nextTs();
  Object.assign(body.event, { user: o.user, channel: o.channel, text: o.text, ts, event_ts: ts });
  if (o.threadTs) body.event.thread_ts = o.threadTs;
  else {
    delete body.event.thread_ts;
    delete body.event.parent_user_id;
  }
  body.event_id = eventId();
  return body;
}

/** A press of one of balie's buttons (recorded `action`, with the button balie sent). */
export function buttonPress(o: { channel: string; user: string; messageTs: string; threadTs?: string; actionId: string; value: string; title: string; botUserId: string }): Json {
  const body = fixture('actions-reactions-slack.json', 'action');
  body.user.id = o.user;
  body.container = { ...body.container, channel_id: o.channel, message_ts: o.messageTs, thread_ts: o.threadTs };
  if (!o.threadTs) delete body.container.thread_ts;
  body.channel = { id: o.channel, name: o.channel.startsWith('D') ? 'directmessage' : 'support' };
  body.message = { ...body.message, user: o.botUserId, ts: o.messageTs, thread_ts: o.threadTs };
  if (!o.threadTs) delete body.message.thread_ts;
  body.actions = [{ ...body.actions[0], action_id: o.actionId, value: o.value, text: { type: 'plain_text', text: o.title, emoji: true }, action_ts: nextTs() }];
  return body;
}

/** Slack's request signature: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` under the signing secret. */
export function signatureHeaders(rawBody: string, o: { secret?: string; timestamp?: number } = {}): Record<string, string> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', o.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${rawBody}`)
    .digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

export interface PostOptions {
  secret?: string;
  timestamp?: number;
  retryNum?: number;
  retryReason?: string;
  headers?: Record<string, string>;
  contentType?: string;
}

/** Sends a signed request the way Slack does. */
export async function postSigned(url: string, rawBody: string, o: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': o.contentType ?? 'application/json',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signatureHeaders(rawBody, o),
    ...(o.retryNum ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': o.retryReason ?? 'http_timeout' } : {}),
    ...o.headers,
  };
  return fetch(url, { method: 'POST', headers, body: rawBody });
}

export const interactionForm = (payload: Json | string) => new URLSearchParams({ payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }).toString();

/** Slack's mrkdwn as the reader sees it: markers and escapes gone. */
export function mrkdwnToPlain(text: string): string {
  return text
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/(^|[^\p{L}\p{N}])[*_~]([^*_~\n]+)[*_~](?=$|[^\p{L}\p{N}])/gu, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** What the customer sees of one posted message: blocks when there are any, the text otherwise. */
export function seen(p: PostedMessage): SentMessage {
  const sections = (p.blocks ?? []).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
  const buttons = (p.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.text?.text ?? ''));
  return { text: mrkdwnToPlain(p.blocks?.length ? sections.join('\n') : (p.text ?? '')), buttons };
}

export interface SlackTestEnv {
  fake: FakeSlack;
  balie: RunningBalie;
  adapter: SlackAdapter;
  eventsUrl: string;
  interactionsUrl: string;
  stop(): Promise<void>;
}

/** The fake Slack, and balie with a Slack adapter pointed at it. */
export async function startSlackEnv(
  o: { socket?: boolean; http?: boolean; adapter?: Partial<SlackAdapterConfig>; stores?: Stores; logger?: Logger; fake?: FakeSlack } = {},
): Promise<SlackTestEnv> {
  // A shared fake (several balie processes, one Slack) is closed by whoever made it.
  const fake = o.fake ?? (await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN }));
  const closeFake = o.fake ? async () => {} : () => fake.close();
  const adapter = createSlackAdapter({
    botToken: BOT_TOKEN,
    signingSecret: o.http === false ? undefined : SIGNING_SECRET,
    appToken: o.socket ? APP_TOKEN : undefined,
    apiUrl: fake.apiUrl,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...o.adapter,
  });
  let balie: RunningBalie;
  try {
    balie = await startTestBalie({ adapters: [adapter], stores: o.stores, logger: o.logger });
  } catch (err) {
    await closeFake();
    throw err;
  }
  return {
    fake,
    balie,
    adapter,
    eventsUrl: `${balie.url}/webhooks/slack/events`,
    interactionsUrl: `${balie.url}/webhooks/slack/interactions`,
    async stop() {
      await balie.stop();
      await closeFake();
    },
  };
}

/** Polls until `ok` holds (or a generous deadline passes, and the test's own assertion then fails). */
export async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
