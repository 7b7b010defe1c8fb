import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureFor } from '../../src/adapters/whatsapp-cloud/verify.js';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores } from '../../src/core/stores.js';
import { buttonPress, dmEvent, interactionForm, postSigned } from '../adapters/slack/driver.js';
import { textUpdate } from '../adapters/telegram/harness.js';
import { textDelivery } from '../adapters/whatsapp-cloud/payloads.js';
import { APP_SECRET, SIGNING_SECRET, startAllChannels, TELEGRAM_SECRET, type AllChannels } from '../support/all-channels.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

/*
 * Forged, stale and replayed webhooks: each is refused (or, for a replay, taken once) and none of
 * them starts a turn, stores a message or makes the bot say anything.
 */

let all: AllChannels;
let chat = 8_100_000;

async function metric(counter: 'messagesIn' | 'duplicates', channel: string): Promise<number> {
  return (await all.balie.app.metrics[counter].get()).values.find((v) => v.labels.channel === channel)?.value ?? 0;
}

async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const until = Date.now() + 8000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Nothing of conversation `key` anywhere: no transcript entry. */
async function transcript(key: string): Promise<unknown[]> {
  return all.balie.app.stores.transcripts.list(key);
}

beforeAll(async () => {
  const stores = await createRedisStores({ url: testRedisUrl(), prefix: uniquePrefix('sec-sig'), logger: createLogger({ level: 'silent' }) });
  all = await startAllChannels({ stores });
});
afterAll(() => all?.stop());

describe('Slack request signatures', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const body = (channel: string) => JSON.stringify(dmEvent({ channel, user: 'U0SECURE01', text: 'What does shipping cost?', botUserId: all.slack.fake.botUserId }));

  it('refuses a forged signature, a missing one, and a request signed more than 5 minutes ago or ahead', async () => {
    const channel = `D0SEC${++chat}`;
    const raw = body(channel);
    const before = await metric('messagesIn', 'slack');
    const attempts: [string, Promise<Response>][] = [
      ['wrong signing secret', postSigned(all.slack.eventsUrl, raw, { secret: 'not-the-signing-secret' })],
      ['signature of another body', fetch(all.slack.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(`${raw} `) }, body: raw })],
      ['no signature', fetch(all.slack.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now()) }, body: raw })],
      [
        'no timestamp',
        fetch(all.slack.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-signature': sign(raw)['x-slack-signature']! }, body: raw }),
      ],
      // Ten seconds past the window each way: the request's own trip must not carry it back inside
      // (the exact boundary is tested with a fixed clock in test/adapters/slack/parse.test.ts).
      ['5 minutes and 10 seconds old', postSigned(all.slack.eventsUrl, raw, { timestamp: now() - 310 })],
      ['a day old', postSigned(all.slack.eventsUrl, raw, { timestamp: now() - 86_400 })],
      ['5 minutes and 10 seconds ahead', postSigned(all.slack.eventsUrl, raw, { timestamp: now() + 310 })],
      [
        'a button press with a wrong signing secret',
        postSigned(all.slack.interactionsUrl, pressForm(channel), { secret: 'not-the-signing-secret', contentType: 'application/x-www-form-urlencoded' }),
      ],
      ['a button press 10 minutes old', postSigned(all.slack.interactionsUrl, pressForm(channel), { timestamp: now() - 600, contentType: 'application/x-www-form-urlencoded' })],
    ];
    for (const [what, pending] of attempts) {
      const res = await pending;
      expect(res.status, what).toBe(401);
      const answer = (await res.json()) as { error: { code: string; message: string } };
      expect(answer.error.code, what).toBe('UNAUTHENTICATED');
      expect(answer.error.message, what).toMatch(/signature|signed|X-Slack/i);
    }
    expect(await metric('messagesIn', 'slack')).toBe(before);
    expect(await transcript(`slack:${channel}`)).toEqual([]);
    expect(all.slack.fake.posted(channel)).toEqual([]);
  });

  it('answers a replayed request (valid signature, inside the window, same event) once', async () => {
    const channel = `D0SEC${++chat}`;
    const raw = body(channel);
    const headers = { 'content-type': 'application/json', ...sign(raw) };
    const first = await fetch(all.slack.eventsUrl, { method: 'POST', headers, body: raw });
    expect(first.status).toBe(200);
    const replies = (
      await eventually(
        () => all.slack.fake.posted(channel),
        (p) => p.length > 0,
      )
    ).length;
    expect(replies).toBeGreaterThan(0);

    const duplicatesBefore = await metric('duplicates', 'slack');
    // The same bytes and headers again, twice, as an attacker who recorded them would send them.
    for (let i = 0; i < 2; i++) expect((await fetch(all.slack.eventsUrl, { method: 'POST', headers, body: raw })).status).toBe(200);
    // Dropped at the door (counted before the 200), so no turn was queued for them.
    expect(await metric('duplicates', 'slack')).toBe(duplicatesBefore + 2);
    expect(all.slack.fake.posted(channel)).toHaveLength(replies);
    expect((await transcript(`slack:${channel}`)).filter((e) => (e as { direction: string }).direction === 'in')).toHaveLength(1);
  });

  function pressForm(channel: string): string {
    return interactionForm(
      buttonPress({ channel, user: 'U0SECURE01', messageTs: `${now()}.000100`, actionId: 'balie-act-0', value: 'human', title: 'A person', botUserId: all.slack.fake.botUserId }),
    );
  }

  function sign(raw: string): Record<string, string> {
    const ts = Math.floor(Date.now() / 1000);
    return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(raw, ts) };
  }
});

describe('Telegram secret token', () => {
  it('refuses a missing, empty or wrong X-Telegram-Bot-Api-Secret-Token and starts no turn', async () => {
    const id = ++chat;
    const before = await metric('messagesIn', 'telegram');
    const update = JSON.stringify(textUpdate(id, 'Wat kost verzending?'));
    for (const secret of [undefined, '', 'wrong-secret', TELEGRAM_SECRET.toUpperCase(), `${TELEGRAM_SECRET}x`, TELEGRAM_SECRET.slice(0, -1)]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
      const res = await fetch(all.telegram.url, { method: 'POST', headers, body: update });
      expect(res.status, `secret ${JSON.stringify(secret)}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    }
    expect(await metric('messagesIn', 'telegram')).toBe(before);
    expect(await transcript(`telegram:${id}`)).toEqual([]);
    expect(all.telegram.fake.sentTo(id)).toEqual([]);
  });
});

describe('WhatsApp Cloud X-Hub-Signature-256', () => {
  it('refuses a forged, missing or malformed signature and starts no turn', async () => {
    const waId = `3197${++chat}`;
    const raw = JSON.stringify(textDelivery('Wat kost verzending?', { waId }));
    const before = await metric('messagesIn', 'whatsapp-cloud');
    const forged: (string | undefined)[] = [
      undefined,
      '',
      signatureFor(raw, 'another-app-secret-0123'),
      signatureFor(`${raw}\n`, APP_SECRET),
      signatureFor(raw, APP_SECRET).replace('sha256=', 'sha1='),
      signatureFor(raw, APP_SECRET).slice(0, -1),
      `sha256=${'0'.repeat(64)}`,
      'sha256=',
    ];
    for (const signature of forged) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (signature !== undefined) headers['x-hub-signature-256'] = signature;
      const res = await fetch(all.cloud.url, { method: 'POST', headers, body: raw });
      expect(res.status, `signature ${JSON.stringify(signature)}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    }
    expect(await metric('messagesIn', 'whatsapp-cloud')).toBe(before);
    expect(await transcript(`whatsapp-cloud:${waId}`)).toEqual([]);
    expect(all.cloud.fake.messagesTo(waId)).toEqual([]);
  });

  it('takes the same delivery correctly signed (so the refusals above were about the signature)', async () => {
    const waId = `3197${++chat}`;
    const raw = JSON.stringify(textDelivery('Wat kost verzending?', { waId }));
    const res = await fetch(all.cloud.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(raw, APP_SECRET) }, body: raw });
    expect(res.status).toBe(200);
    expect(
      (
        await eventually(
          () => all.cloud.fake.messagesTo(waId),
          (m) => m.length > 0,
        )
      ).length,
    ).toBeGreaterThan(0);
  });
});

function slackSignature(raw: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
}
