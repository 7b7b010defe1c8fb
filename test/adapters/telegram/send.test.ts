import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Telegraf, TelegramError } from 'telegraf';
import { TelegramSender, type ApiCall } from '../../../src/adapters/telegram/send.js';
import { BalieError } from '../../../src/core/errors.js';
import { createLogger } from '../../../src/core/logger.js';
import { createMetrics, type Metrics } from '../../../src/core/metrics.js';
import { TurnScope } from '../../../src/core/storage/turn-scope.js';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';
import { InstantClock, ManualClock } from './clocks.js';

function sender(clock: ManualClock | InstantClock, metrics: Metrics = createMetrics()) {
  return new TelegramSender({ channel: 'telegram', clock, logger: createLogger({ level: 'silent' }), metrics });
}

const failures = async (metrics: Metrics, code: string) =>
  (await metrics.sendFailures.get()).values.find((v) => v.labels.code === code && v.labels.channel === 'telegram')?.value ?? 0;

describe('pacing', () => {
  it('lets a short burst through in a private chat, then about one message a second', async () => {
    const clock = new ManualClock();
    const s = sender(clock);
    const times: number[] = [];
    const call: ApiCall<void> = async () => void times.push(clock.now());
    const all = Promise.all(Array.from({ length: 6 }, () => s.send({ chatId: '42', isGroup: false }, 'sendMessage', call)));
    await clock.advance(10_000);
    await all;
    expect(times).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it('keeps a group at 20 messages a minute', async () => {
    const clock = new ManualClock();
    const s = sender(clock);
    const times: number[] = [];
    const all = Promise.all(Array.from({ length: 5 }, () => s.send({ chatId: '-100', isGroup: true }, 'sendMessage', async () => void times.push(clock.now()))));
    await clock.advance(60_000);
    await all;
    expect(times).toEqual([0, 0, 0, 3000, 6000]);
  });

  it('keeps the bot at 30 messages a second over all chats', async () => {
    const clock = new ManualClock();
    const s = sender(clock);
    const times: number[] = [];
    const all = Promise.all(Array.from({ length: 40 }, (_, i) => s.send({ chatId: String(i + 1), isGroup: false }, 'sendMessage', async () => void times.push(clock.now()))));
    await clock.advance(1000);
    await all;
    expect(times.filter((t) => t === 0)).toHaveLength(30);
    const later = times.filter((t) => t > 0).sort((a, b) => a - b);
    later.forEach((t, k) => expect(t).toBeGreaterThanOrEqual(Math.floor(((k + 1) * 1000) / 30)));
    expect(Math.max(...times)).toBeLessThanOrEqual(334);
  });

  it('keeps the order of one chat when a message has to be retried', async () => {
    const clock = new ManualClock();
    const s = sender(clock);
    const delivered: string[] = [];
    let failedOnce = false;
    const call =
      (text: string): ApiCall<void> =>
      async () => {
        if (text === 'first' && !failedOnce) {
          failedOnce = true;
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        }
        delivered.push(text);
      };
    const target = { chatId: '42', isGroup: false };
    const all = Promise.all(['first', 'second', 'third'].map((t) => s.send(target, 'sendMessage', call(t))));
    await clock.advance(5000);
    await all;
    expect(delivered).toEqual(['first', 'second', 'third']);
  });
});

describe("a shutdown and the bot's pace", () => {
  it('hands back a turn waiting for the pace at once, without sending; those behind it move up; a turn that sent already cannot be handed back', async () => {
    const clock = new ManualClock();
    const s = sender(clock);
    const times = new Map<number, number>();
    const turns = Array.from({ length: 35 }, (_, i) => new TurnScope(`telegram:${i + 1}`));
    const outcomes = turns.map((turn, i) =>
      s
        .send({ chatId: String(i + 1), isGroup: false }, 'sendMessage', async () => void times.set(i, clock.now()), { turn })
        .then(
          () => 'sent',
          (e: unknown) => (e as BalieError).code,
        ),
    );
    await clock.advance(0);
    // 30 went at once (the bot's burst); five wait.
    expect(times.size).toBe(30);
    expect(s.waiting).toBe(5);
    expect(turns[0]!.requestHandBack()).toBe(false);
    for (const turn of turns.slice(30, 33)) expect(turn.requestHandBack()).toBe(true);
    await clock.advance(0);
    expect(s.waiting).toBe(2);
    await clock.advance(1000);
    expect(await Promise.all(outcomes)).toEqual([...Array<string>(30).fill('sent'), 'TURN_HANDED_BACK', 'TURN_HANDED_BACK', 'TURN_HANDED_BACK', 'sent', 'sent']);
    expect(turns.slice(30, 33).map((t) => t.ended)).toEqual(['handed-back', 'handed-back', 'handed-back']);
    // The two left took the first two slots after the burst, not the fourth and fifth.
    expect([times.get(33), times.get(34)]).toEqual([34, 67]);
  });

  it('sends an urgent message (a busy notice) ahead of the replies waiting for the pace', async () => {
    const clock = new ManualClock();
    const s = sender(clock);
    const order: string[] = [];
    const sends = Array.from({ length: 34 }, (_, i) => s.send({ chatId: String(i + 1), isGroup: false }, 'sendMessage', async () => void order.push(`reply ${i + 1}`)));
    await clock.advance(0);
    const notice = s.send({ chatId: '99', isGroup: false }, 'sendMessage', async () => void order.push('notice'), { urgent: true });
    await clock.advance(1000);
    await Promise.all([...sends, notice]);
    expect(order.slice(30)).toEqual(['notice', 'reply 31', 'reply 32', 'reply 33', 'reply 34']);
  });
});

describe('retries and failures', () => {
  it('waits retry_after seconds after a 429, then sends', async () => {
    const clock = new ManualClock();
    const s = sender(clock);
    const attempts: number[] = [];
    const sent = s.send({ chatId: '42', isGroup: false }, 'sendMessage', async () => {
      attempts.push(clock.now());
      if (attempts.length === 1) throw new TelegramError({ error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
      return 'ok';
    });
    await clock.advance(6999);
    expect(attempts).toEqual([0]);
    await clock.advance(1);
    expect(await sent).toBe('ok');
    expect(attempts).toEqual([0, 7000]);
  });

  it('gives up on a 403 at once: rejects with PLATFORM_REFUSED and its cause, and counts it', async () => {
    const clock = new ManualClock();
    const metrics = createMetrics();
    const s = sender(clock, metrics);
    let calls = 0;
    const blocked = new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const sent = s.send({ chatId: '42', isGroup: false }, 'sendMessage', async () => {
      calls++;
      throw blocked;
    });
    const outcome = sent.catch((e: unknown) => e);
    await clock.advance(60_000);
    const err = (await outcome) as BalieError;
    expect(err).toBeInstanceOf(BalieError);
    expect(err.code).toBe('PLATFORM_REFUSED');
    expect(err.message).toContain('bot was blocked by the user');
    expect(err.cause).toBe(blocked);
    expect(calls).toBe(1);
    expect(await failures(metrics, 'PLATFORM_REFUSED')).toBe(1);
  });

  it('retries network errors with growing waits, a bounded number of times, then rejects with PLATFORM_UNREACHABLE', async () => {
    const clock = new InstantClock();
    const metrics = createMetrics();
    const s = sender(clock, metrics);
    let calls = 0;
    const err = await s
      .send({ chatId: '42', isGroup: false }, 'sendMessage', async () => {
        calls++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
      })
      .catch((e: unknown) => e as BalieError);
    expect(err.code).toBe('PLATFORM_UNREACHABLE');
    expect(calls).toBe(5);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(await failures(metrics, 'PLATFORM_UNREACHABLE')).toBe(1);
  });

  it('stop() ends every wait: queued messages reject with SHUTTING_DOWN and no timer is left', async () => {
    const clock = new ManualClock();
    const s = sender(clock);
    const target = { chatId: '42', isGroup: false };
    const outcomes = Array.from({ length: 5 }, () => s.send(target, 'sendMessage', async () => 'ok').catch((e: unknown) => (e as BalieError).code));
    await clock.advance(0);
    expect(clock.pendingTimers).toBe(1);
    s.stop();
    expect(await Promise.all(outcomes)).toEqual(['ok', 'ok', 'ok', 'SHUTTING_DOWN', 'SHUTTING_DOWN']);
    expect(clock.pendingTimers).toBe(0);
    await expect(s.send(target, 'sendMessage', async () => 'ok')).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});

describe('against the Bot API through telegraf', () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await startFakeTelegram();
  });
  afterAll(() => fake.close());

  it('honours a real 429 answer and a 5xx, and the message arrives once', async () => {
    const clock = new InstantClock();
    const s = sender(clock);
    const telegram = new Telegraf(fake.token, { telegram: { apiRoot: fake.url, webhookReply: false } }).telegram;
    fake.failNext({ times: 1, status: 429, retryAfter: 3, methods: ['sendMessage'] });
    fake.failNext({ times: 1, status: 502, methods: ['sendMessage'] });
    const message = await s.send({ chatId: '777', isGroup: false }, 'sendMessage', (chatId) => telegram.sendMessage(chatId, 'hello'));
    expect(message.text).toBe('hello');
    expect(clock.sleeps).toEqual([3000, 500]);
    expect(fake.calls.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([429, 502, 200]);
    expect(fake.sentTo(777)).toHaveLength(1);
  });
});
