import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { conversationToken } from '../../src/adapters/webchat/verify.js';
import { signatureFor } from '../../src/adapters/whatsapp-cloud/verify.js';
import { buttonPress, channelMessageEvent, dmEvent, mentionEvent, signatureHeaders } from '../adapters/slack/driver.js';
import { kinds, recorded as telegramRecorded } from '../adapters/telegram/harness.js';
import { recorded as cloudRecorded, textDelivery } from '../adapters/whatsapp-cloud/payloads.js';
import { APP_SECRET, TELEGRAM_SECRET } from '../support/all-channels.js';
import { headerValue, hex64, type Json } from './generators.js';

/*
 * Near-valid payloads per endpoint: recorded platform payloads (test/fixtures) tagged with a
 * case number `n`, so that anything a case leaves behind (a transcript, a dedupe key, a reply)
 * can be traced back to it. `sign` makes the credentials a real platform would send; `forge`
 * makes credentials that must be refused.
 */

export type Headers = Record<string, string>;

export interface EndpointModel {
  /** The route as restify registers it, e.g. `POST /webhooks/telegram`. */
  route: string;
  method: string;
  path(n: number): string;
  /** Recorded payloads, tagged with `n`. */
  bases(n: number): Json[];
  encode(body: Json): { contentType: string; body: Buffer };
  sign(raw: Buffer, n: number): Headers;
  /** The credential covers the body (an HMAC of it), so a valid one for another body is a forgery. */
  signsBody: boolean;
  /** Credentials that must be refused; `raw` is the body that will be sent. */
  forge: fc.Arbitrary<(raw: Buffer, n: number) => Headers>;
}

const json = (body: Json) => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(body)) });
const now = () => Math.floor(Date.now() / 1000);

/** Replaces whole numbers in JSON text (not digits inside longer numbers). */
function replaceNumber(text: string, from: number, to: number): string {
  return text.replace(new RegExp(`(?<![\\d.])${String(from).replace('-', '\\-')}(?![\\d.])`, 'g'), String(to));
}

function telegramBases(n: number): Json[] {
  const all = [
    telegramRecorded.followUp,
    telegramRecorded.mention,
    ...Object.entries(kinds)
      .filter(([k]) => k !== '_source')
      .map(([, v]) => v),
  ];
  return all.map((update) => {
    const u = update as { update_id: number } & Record<string, { chat?: { id: number }; message?: { chat?: { id: number } } }>;
    const chatIds = new Set<number>();
    for (const part of Object.values(u)) {
      if (part && typeof part === 'object') {
        if (part.chat?.id !== undefined) chatIds.add(part.chat.id);
        if (part.message?.chat?.id !== undefined) chatIds.add(part.message.chat.id);
      }
    }
    let text = JSON.stringify(update);
    text = replaceNumber(text, u.update_id, n);
    for (const id of chatIds) text = replaceNumber(text, id, id < 0 ? -n : n);
    const tagged = JSON.parse(text) as Record<string, { date?: number }>;
    for (const part of Object.values(tagged)) if (part && typeof part === 'object' && 'date' in part) part.date = now();
    return tagged as Json;
  });
}

export const telegramModel: EndpointModel = {
  route: 'POST /webhooks/telegram',
  method: 'POST',
  path: () => '/webhooks/telegram',
  bases: telegramBases,
  encode: json,
  sign: () => ({ 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }),
  signsBody: false,
  forge: fc.oneof(
    fc.constant(() => ({})),
    // (Leading and trailing blanks are not forgeries: HTTP strips them from header values.)
    fc
      .constantFrom('', ' ', TELEGRAM_SECRET.toUpperCase(), `${TELEGRAM_SECRET}x`, TELEGRAM_SECRET.slice(1), `${TELEGRAM_SECRET}, ${TELEGRAM_SECRET}`)
      .map((s) => () => ({ 'x-telegram-bot-api-secret-token': s })),
    headerValue.filter((v) => v.trim() !== TELEGRAM_SECRET).map((s) => () => ({ 'x-telegram-bot-api-secret-token': s })),
  ),
};

const slackSign = (raw: Buffer, o: { secret?: string; timestamp?: number } = {}) => signatureHeaders(raw.toString('utf8'), o);

const slackForge: fc.Arbitrary<(raw: Buffer, n: number) => Headers> = fc.oneof(
  fc.constant(() => ({})),
  fc.constant((raw: Buffer) => ({ 'x-slack-signature': slackSign(raw)['x-slack-signature']! })),
  fc.constant((raw: Buffer) => ({ 'x-slack-request-timestamp': slackSign(raw)['x-slack-request-timestamp']! })),
  fc.constant((raw: Buffer) => slackSign(raw, { secret: 'not-the-signing-secret' })),
  // Outside Slack's 5-minute window, both ways, correctly signed otherwise.
  fc.integer({ min: 301, max: 10 * 365 * 86_400 }).map((age) => (raw: Buffer) => slackSign(raw, { timestamp: now() - age })),
  fc.integer({ min: 301, max: 10 * 365 * 86_400 }).map((ahead) => (raw: Buffer) => slackSign(raw, { timestamp: now() + ahead })),
  fc.constant((raw: Buffer) => slackSign(Buffer.concat([raw, Buffer.from(' ')]))),
  fc.constant((raw: Buffer) => ({ ...slackSign(raw), 'x-slack-signature': slackSign(raw)['x-slack-signature']!.replace('v0=', 'v1=') })),
  fc.tuple(headerValue, headerValue).map(([signature, timestamp]) => () => ({ 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp })),
  fc
    .tuple(hex64, fc.constantFrom('1e3', '-1', '0', '99999999999999', '1.5', ' 1', '0x10'))
    .map(([hex, ts]) => () => ({ 'x-slack-signature': `v0=${hex}`, 'x-slack-request-timestamp': ts })),
  hex64.map((hex) => () => ({ 'x-slack-signature': `v0=${hex}`, 'x-slack-request-timestamp': String(now()) })),
);

const BOT = 'U00FAKEBOT01';
const slackId = (n: number) => `FZ${n}`;

export const slackEventsModel: EndpointModel = {
  route: 'POST /webhooks/slack/events',
  method: 'POST',
  path: () => '/webhooks/slack/events',
  bases: (n) => {
    const withId = (b: Record<string, unknown>) => ({ ...b, event_id: `Ev${slackId(n)}` }) as Json;
    return [
      withId(dmEvent({ channel: `D${slackId(n)}`, user: 'UFZCUSTOMER', text: 'Wat kost verzending?', botUserId: BOT })),
      withId(mentionEvent({ channel: `C${slackId(n)}`, user: 'UFZCUSTOMER', text: 'hello', botUserId: BOT })),
      withId(channelMessageEvent({ channel: `C${slackId(n)}`, user: 'UFZCUSTOMER', text: 'hi', threadTs: `${now()}.000001`, botUserId: BOT })),
      { type: 'url_verification', challenge: `challenge-${n}`, token: 'legacy' },
    ];
  },
  encode: json,
  sign: (raw) => slackSign(raw),
  signsBody: true,
  forge: slackForge,
};

export const slackInteractionsModel: EndpointModel = {
  route: 'POST /webhooks/slack/interactions',
  method: 'POST',
  path: () => '/webhooks/slack/interactions',
  bases: (n) => [
    buttonPress({
      channel: `D${slackId(n)}`,
      user: 'UFZCUSTOMER',
      messageTs: `${now()}.000002`,
      actionId: 'balie-act-0',
      value: 'human',
      title: 'A person',
      botUserId: BOT,
    }) as Json,
  ],
  encode: (body) => ({ contentType: 'application/x-www-form-urlencoded', body: Buffer.from(new URLSearchParams({ payload: JSON.stringify(body) }).toString()) }),
  sign: (raw) => slackSign(raw),
  signsBody: true,
  forge: slackForge,
};

export const waId = (n: number) => `3197${n}`;

export const cloudModel: EndpointModel = {
  route: 'POST /webhooks/whatsapp',
  method: 'POST',
  path: () => '/webhooks/whatsapp',
  bases: (n) => {
    const retag = (body: unknown) =>
      JSON.parse(
        JSON.stringify(body)
          .replaceAll('15550002222', waId(n))
          .replace(/wamid\.[A-Za-z0-9_]+/g, () => `wamid.FZ${n}`),
      ) as Json;
    return [
      textDelivery('Wat kost verzending?', { waId: waId(n), id: `wamid.FZ${n}` }) as unknown as Json,
      retag(cloudRecorded.firstMessage),
      retag(cloudRecorded.secondMessage),
      retag(cloudRecorded.statusUpdate),
    ];
  },
  encode: json,
  sign: (raw) => ({ 'x-hub-signature-256': signatureFor(raw, APP_SECRET) }),
  signsBody: true,
  forge: fc.oneof(
    fc.constant(() => ({})),
    fc.constant((raw: Buffer) => ({ 'x-hub-signature-256': signatureFor(raw, 'another-app-secret-0000') })),
    fc.constant((raw: Buffer) => ({ 'x-hub-signature-256': signatureFor(Buffer.concat([raw, Buffer.from('\n')]), APP_SECRET) })),
    fc.constant((raw: Buffer) => ({ 'x-hub-signature-256': `sha1=${createHmac('sha1', APP_SECRET).update(raw).digest('hex')}` })),
    fc.constant((raw: Buffer) => ({ 'x-hub-signature-256': signatureFor(raw, APP_SECRET).slice(0, -2) })),
    hex64.map((hex) => () => ({ 'x-hub-signature-256': `sha256=${hex}` })),
    headerValue.map((v) => () => ({ 'x-hub-signature-256': v })),
  ),
};

/** The web chat: the conversation id is in the path; its token (an HMAC under the web chat secret) is the credential. */
export function webchatMessageModel(secret: string): EndpointModel {
  const conversation = (n: number) => `fzconv${n}`;
  // A token that is good for a year: the fuzzing is about the body, not about expiry.
  const FAR = Math.floor(Date.now() / 1000) + 365 * 24 * 3600;
  return {
    route: 'POST /api/webchat/conversations/:id/messages',
    method: 'POST',
    path: (n) => `/api/webchat/conversations/${conversation(n)}/messages`,
    bases: (n): Json[] => [
      { clientMessageId: `fzmsg${n}`, text: 'Wat kost verzending?', locale: 'nl', name: 'Anna' },
      { clientMessageId: `fzmsg${n}`, value: 'human' },
    ],
    encode: json,
    sign: (_raw, n) => ({ authorization: `Bearer ${conversationToken(secret, conversation(n), FAR)}` }),
    signsBody: false,
    forge: fc.oneof(
      fc.constant(() => ({})),
      fc.constant((_raw: Buffer, n: number) => ({ authorization: `Bearer ${conversationToken(secret, conversation(n + 1), FAR)}` })),
      fc.constant((_raw: Buffer, n: number) => ({ authorization: `Bearer ${conversationToken('another-secret', conversation(n), FAR)}` })),
      fc.constant((_raw: Buffer, n: number) => ({ authorization: `Basic ${conversationToken(secret, conversation(n), FAR)}` })),
      fc.constant((_raw: Buffer, n: number) => ({ authorization: `Bearer ${conversationToken(secret, conversation(n), FAR).slice(0, -1)}` })),
      headerValue.map((v) => () => ({ authorization: `Bearer ${v}` })),
    ),
  };
}
