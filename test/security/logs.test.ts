import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureFor } from '../../src/adapters/whatsapp-cloud/verify.js';
import { dmEvent, postSigned } from '../adapters/slack/driver.js';
import { textUpdate } from '../adapters/telegram/harness.js';
import { textDelivery } from '../adapters/whatsapp-cloud/payloads.js';
import { ADMIN_TOKEN, APP_SECRET, BOT_TOKEN, SIGNING_SECRET, startAllChannels, TELEGRAM_SECRET, VERIFY_TOKEN, type AllChannels } from '../support/all-channels.js';
import { captureLog, type CapturedLog } from '../support/log-capture.js';
import { startRedisServer, type RedisProcess } from '../support/redis-server.js';
import { uniquePrefix } from '../support/redis.js';

/*
 * A realistic session through every channel (customers writing, the bot answering, a person asked
 * for, a platform failing, a forged webhook, an operator opening the QR page with a wrong token),
 * with balie on a password-protected Redis. At info level no secret, no message text and no phone
 * number may reach the log; at debug level the text and numbers are there (that is what debug is
 * for), the secrets still are not.
 */

const REDIS_PASSWORD = 'redis-pass-Zq8-do-not-log';
const WEBCHAT_SECRET = 'webchat-secret-0123456789-abcdefghij-XYZ';
const PHONE_CLOUD = '31612345678';
const PHONE_WEB = '31687654321';
const PHONE_TYPED = '06 1234 5678';
const AGENT_TOKENS = { sanne: 'agent-token-sanne-7f3c9e1a55', bram: 'agent-token-bram-0d8b2c4f66' };

let redis: RedisProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  const admin = new Redis(redis.url);
  await admin.config('SET', 'requirepass', REDIS_PASSWORD);
  admin.disconnect();
});
afterAll(() => redis?.stop());

interface Session {
  log: CapturedLog;
  all: AllChannels;
  texts: string[];
  secrets: Record<string, string>;
}

async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs the session at `level` and returns what was logged. */
async function session(level: 'info' | 'debug'): Promise<Session> {
  const log = captureLog(level);
  const all = await startAllChannels({
    logger: log.logger,
    env: {
      REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${redis.port}`,
      BALIE_REDIS_PREFIX: uniquePrefix(`logs-${level}`),
      WEBCHAT_SECRET,
      BALIE_AGENT_TOKENS: `sanne=${AGENT_TOKENS.sanne},bram=${AGENT_TOKENS.bram}`,
    },
  });
  const base = all.balie.url;
  const tag = level.toUpperCase();
  const texts = {
    webchat: `Hallo, ik ben Jan, bel me op ${PHONE_TYPED}. Wat kost verzending? WEBCHAT-${tag}`,
    telegram: `Wat kost verzending naar Utrecht? TELEGRAM-${tag}`,
    slack: `What does shipping cost to Leeds? SLACK-${tag}`,
    cloud: `Waar is mijn bestelling? CLOUD-${tag}`,
    whatsapp: `Hoe lang duurt de levering? WHATSAPP-${tag}`,
    human: `Ik wil graag een medewerker spreken HUMAN-${tag}`,
  };
  try {
    // Web chat: a customer starts a chat and writes twice, the second time asking for a person.
    const started = (await (
      await fetch(`${base}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"locale":"nl-NL","name":"Jan Jansen"}' })
    ).json()) as { conversationId: string; token: string };
    const say = (text: string, id: string) =>
      fetch(`${base}/api/webchat/conversations/${started.conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
        body: JSON.stringify({ clientMessageId: id, text }),
      });
    expect((await say(texts.webchat, 'logtest-msg-0001')).status).toBe(202);
    expect((await say(texts.human, 'logtest-msg-0002')).status).toBe(202);

    // An agent signs in to the desk; someone guesses a token.
    const signIn = (token: string) => fetch(`${base}/api/desk/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect((await signIn(AGENT_TOKENS.sanne)).status).toBe(200);
    expect((await signIn(`${AGENT_TOKENS.bram}x`)).status).toBe(401);

    // Telegram: the first reply fails once at Telegram (a 502), then goes through.
    all.telegram.fake.failNext({ times: 1, status: 502, methods: ['sendMessage'] });
    const chatId = 4_400_000 + (level === 'info' ? 1 : 2);
    expect(
      (
        await fetch(all.telegram.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
          body: JSON.stringify(textUpdate(chatId, texts.telegram)),
        })
      ).status,
    ).toBe(200);
    // A forged Telegram call.
    expect(
      (
        await fetch(all.telegram.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'guess' },
          body: JSON.stringify(textUpdate(chatId, texts.telegram)),
        })
      ).status,
    ).toBe(401);

    // Slack: a DM, and users.info refused (a missing scope is logged).
    all.slack.fake.failNext('users.info', { kind: 'error', error: 'missing_scope', needed: 'users:read' });
    const slackChannel = `D0LOG${tag}`;
    expect(
      (await postSigned(all.slack.eventsUrl, JSON.stringify(dmEvent({ channel: slackChannel, user: 'U0LOGCUST1', text: texts.slack, botUserId: all.slack.fake.botUserId }))))
        .status,
    ).toBe(200);
    expect((await postSigned(all.slack.eventsUrl, '{"type":"event_callback"}', { secret: 'forged' })).status).toBe(401);

    // WhatsApp Cloud: Meta's subscription check, a message, and a refused reply (expired token).
    expect((await fetch(`${all.cloud.url}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=abc123`)).status).toBe(200);
    all.cloud.fake.failNext(
      { status: 401, body: { error: { message: `Error validating access token: Session has expired (token ${all.cloud.fake.token})`, type: 'OAuthException', code: 190 } } },
      1,
    );
    const delivery = JSON.stringify(textDelivery(texts.cloud, { waId: PHONE_CLOUD, name: 'Jan Jansen' }));
    expect(
      (await fetch(all.cloud.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(delivery, APP_SECRET) }, body: delivery }))
        .status,
    ).toBe(200);

    // WhatsApp Web: a customer writes; an operator tries the QR page with a wrong token, then the right one.
    all.whatsapp.world.customerSays(`${PHONE_WEB}@c.us`, texts.whatsapp);
    expect((await fetch(`${base}/whatsapp/qr?token=wrong-admin-token`)).status).toBe(401);
    expect((await fetch(`${base}/whatsapp/qr?token=${ADMIN_TOKEN}`)).status).toBe(200);

    // Everyone got an answer (the turns ran, so their log lines are in).
    await eventually(
      () => all.telegram.fake.sentTo(chatId).length,
      (n) => n > 0,
      'a Telegram reply',
    );
    await eventually(
      () => all.slack.fake.posted(slackChannel).length,
      (n) => n > 0,
      'a Slack reply',
    );
    await eventually(
      () => all.whatsapp.world.sent.filter((s) => s.chatId === `${PHONE_WEB}@c.us`).length,
      (n) => n > 0,
      'a WhatsApp reply',
    );
    await eventually(
      async () => (await all.balie.app.stores.transcripts.list(`webchat:${started.conversationId}`)).length,
      (n) => n >= 3,
      'web chat replies',
    );
    await eventually(
      () => all.cloud.fake.calls.filter((c) => c.path.endsWith('/messages')).length,
      (n) => n > 0,
      'a WhatsApp Cloud send',
    );

    // Telegram goes away: the next reply fails on the network (the request URL holds the bot token).
    await all.telegram.fake.close();
    const failures = () => all.balie.app.metrics.sendFailures.get().then((m) => m.values.filter((v) => v.labels.channel === 'telegram').reduce((a, v) => a + v.value, 0));
    expect(
      (
        await fetch(all.telegram.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
          body: JSON.stringify(textUpdate(chatId, texts.telegram)),
        })
      ).status,
    ).toBe(200);
    await eventually(failures, (n) => n > 0, 'a failed Telegram send');
  } finally {
    await all.stop();
  }
  return {
    log,
    all,
    texts: Object.values(texts),
    secrets: {
      'Telegram bot token': all.telegram.fake.token,
      'Telegram webhook secret': TELEGRAM_SECRET,
      'Slack bot token': BOT_TOKEN,
      'Slack signing secret': SIGNING_SECRET,
      'WhatsApp Cloud access token': all.cloud.fake.token,
      'Meta app secret': APP_SECRET,
      'WhatsApp verify token': VERIFY_TOKEN,
      'admin token': ADMIN_TOKEN,
      'web chat secret': WEBCHAT_SECRET,
      'Redis password': REDIS_PASSWORD,
      "Sanne's desk token": AGENT_TOKENS.sanne,
      "Bram's desk token": AGENT_TOKENS.bram,
    },
  };
}

/** The parts of a secret worth looking for: the whole, and the half after any prefix (xoxb-…, 123:…). */
function needles(secret: string): string[] {
  const tail = secret.split(/[:-]/).slice(1).join('-');
  return [secret, ...(tail.length >= 12 ? [tail.slice(-12)] : [])];
}

describe('logs', () => {
  let info: Session;
  let debug: Session;

  beforeAll(async () => {
    info = await session('info');
    debug = await session('debug');
  }, 60_000);

  it('at info level hold no secret, no message text and no phone number', () => {
    const lines = info.log.lines.map((l) => JSON.stringify(l));
    expect(lines.length).toBeGreaterThan(5);
    const found = (needle: string) => lines.find((l) => l.includes(needle));
    const leaks: string[] = [];
    for (const [name, secret] of Object.entries(info.secrets)) {
      for (const needle of needles(secret)) if (found(needle)) leaks.push(`${name}: ${found(needle)!.slice(0, 400)}`);
    }
    for (const said of info.texts) {
      for (const piece of [said, said.split(' ').slice(-1)[0]!, said.slice(0, 24)]) if (found(piece)) leaks.push(`message text "${piece}": ${found(piece)!.slice(0, 400)}`);
    }
    for (const phone of [PHONE_CLOUD, PHONE_WEB, PHONE_TYPED, PHONE_CLOUD.slice(2), PHONE_WEB.slice(2), '0612345678']) {
      if (found(phone)) leaks.push(`phone number ${phone}: ${found(phone)!.slice(0, 400)}`);
    }
    expect(leaks).toEqual([]);
  });

  it('at debug level show message text and phone numbers, and still no secret', () => {
    const lines = debug.log.lines.map((l) => JSON.stringify(l));
    const text = lines.join('\n');
    const leaks: string[] = [];
    for (const [name, secret] of Object.entries(debug.secrets)) {
      for (const needle of needles(secret)) {
        const line = lines.find((l) => l.includes(needle));
        if (line) leaks.push(`${name}: ${line.slice(0, 600)}`);
      }
    }
    expect(leaks).toEqual([]);
    for (const marker of ['WEBCHAT-DEBUG', 'TELEGRAM-DEBUG', 'SLACK-DEBUG', 'CLOUD-DEBUG', 'WHATSAPP-DEBUG']) {
      expect(text.includes(marker), `the text marked ${marker} in the debug log`).toBe(true);
    }
    expect(text.includes(PHONE_CLOUD) || text.includes(PHONE_WEB), 'a customer phone number in the debug log').toBe(true);
  });
});
