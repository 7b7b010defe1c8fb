import { describe, expect, it } from 'vitest';
import { TelegramSender } from '../../../src/adapters/telegram/send.js';
import { createLogger } from '../../../src/core/logger.js';
import { createMetrics } from '../../../src/core/metrics.js';
import { batchFor, createMemorySendPace, type SendPace } from '../../../src/core/send-pace.js';
import { ManualClock } from './clocks.js';

// Two senders (two processes) on one shared pace: the buckets are the SendPace's (Redis in
// production; here the memory one, marked shared, so virtual time can drive it), not each sender's.
function sharedSenders(clock: ManualClock, count: number, bot = '123:token') {
  const memory = createMemorySendPace(() => clock.now());
  const pace: SendPace = { shared: true, take: (k, r, w) => memory.take(k, r, w) };
  return Array.from(
    { length: count },
    () => new TelegramSender({ channel: 'telegram', clock, logger: createLogger({ level: 'silent' }), metrics: createMetrics(), shared: { pace, bot } }),
  );
}

describe('a Telegram pace shared by several senders', () => {
  it('keeps the bot at 30 messages a second for all of them together, within one batch each', async () => {
    const clock = new ManualClock();
    const senders = sharedSenders(clock, 2);
    const times: number[] = [];
    const all = Promise.all(
      senders.flatMap((s, n) =>
        Array.from({ length: 40 }, (_, i) => s.send({ chatId: String(n * 100 + i), isGroup: false }, 'sendMessage', async () => void times.push(clock.now()))),
      ),
    );
    await clock.advance(5000);
    await all;
    expect(times).toHaveLength(80);
    const slack = senders.length * batchFor({ perSecond: 30, burst: 30 });
    // The burst at once, then the rate: in the first second at most 30 + 30 (+ the batch slack), not 2 × that.
    expect(times.filter((t) => t === 0).length).toBeLessThanOrEqual(30);
    expect(times.filter((t) => t < 1000).length).toBeLessThanOrEqual(60 + slack);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(((80 - 30 - slack) / 30) * 1000);
  });

  it("keeps one chat's pace across senders: a message a second after the burst of 3", async () => {
    const clock = new ManualClock();
    const [a, b] = sharedSenders(clock, 2);
    const times: number[] = [];
    const call = async () => void times.push(clock.now());
    const all = Promise.all([a, b, a, b, a, b].map((s) => s!.send({ chatId: '42', isGroup: false }, 'sendMessage', call)));
    await clock.advance(10_000);
    await all;
    expect(times.sort((x, y) => x - y)).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });
});
