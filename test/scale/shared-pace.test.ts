import { describe, expect, it, onTestFinished } from 'vitest';
import { BENCH_WEBHOOK_SECRET } from '../../bench/lib/balie-node.js';
import { post } from '../../bench/lib/drivers.js';
import { startLeanTelegram } from '../../bench/lib/fake-telegram.js';
import { startBalieProcesses } from '../../bench/lib/processes.js';
import { batchFor } from '../../src/core/send-pace.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

// Three balie processes (real OS processes) on one Redis, one fake Telegram counting sendMessage:
// with a per-bot limit of 10 a second the bot's total stays within it (plus the documented batch
// slack), where three processes pacing themselves alone would send 30 a second.
const PROCESSES = 3;
const PER_SECOND = 10;
const BURST = 1;
const CHATS = 60;

/** The most sends in any window of `ms` (a window starts at every send). */
function busiestWindow(times: number[], ms: number): number {
  let most = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('the bot-wide Telegram pace, shared by three processes through Redis', () => {
  it('keeps the bot within its limit in every 1-s window and loses nothing', { timeout: 120_000 }, async () => {
    const telegram = await startLeanTelegram();
    // Also when the test times out (a lost message): its finally would not run then.
    onTestFinished(() => telegram.close());
    const sent: number[] = [];
    const answered = new Map<number, number>();
    let allAnswered!: () => void;
    const done = new Promise<void>((r) => (allAnswered = r));
    telegram.onReply = (chatId) => {
      sent.push(performance.now());
      answered.set(chatId, (answered.get(chatId) ?? 0) + 1);
      if (sent.length === CHATS) allAnswered();
    };
    const procs = await startBalieProcesses(PROCESSES, {
      redisUrl: testRedisUrl(),
      prefix: uniquePrefix('pace3'),
      telegramApiRoot: telegram.apiRoot,
      dialog: 'echo',
      telegramPerSecond: PER_SECOND,
    });
    onTestFinished(() => procs.stop());
    // Every customer writes at once, spread over the processes like a load balancer would.
    await Promise.all(
      Array.from({ length: CHATS }, (_, i) => {
        const chatId = 5_000_000 + i;
        const update = {
          update_id: chatId,
          message: {
            message_id: 1,
            date: Math.floor(Date.now() / 1000),
            chat: { id: chatId, type: 'private', first_name: 'K' },
            from: { id: chatId, is_bot: false, first_name: 'K' },
            text: `seq ${i}`,
          },
        };
        return post(`${procs.urls[i % PROCESSES]}/webhooks/telegram`, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': BENCH_WEBHOOK_SECRET });
      }),
    );
    await done;
    // The bound from docs/operations.md: burst + rate × 1 s + one batch per process.
    const slack = PROCESSES * batchFor({ perSecond: PER_SECOND, burst: BURST });
    const most = busiestWindow(sent, 1000);
    const seconds = (sent.at(-1)! - sent[0]!) / 1000;
    console.log(`shared pace: ${sent.length} messages in ${seconds.toFixed(1)} s; busiest 1-s window ${most} (bound ${BURST + PER_SECOND + slack})`);
    expect(most).toBeLessThanOrEqual(BURST + PER_SECOND + slack);
    // Over the whole run the rate is the limit, not three times it.
    expect((sent.length - BURST - slack) / seconds).toBeLessThanOrEqual(PER_SECOND * 1.05);
    // Nothing lost, nothing twice.
    expect(answered.size).toBe(CHATS);
    expect([...answered.values()].every((n) => n === 1)).toBe(true);
  });
});
