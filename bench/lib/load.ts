import { performance } from 'node:perf_hooks';
import { benchText } from './bench-dialog.js';
import type { IngressDriver } from './drivers.js';
import { percentile, sortNumbers } from './stats.js';

/** Waits for replies per conversation, in order, and times them. */
class ReplyBook {
  private readonly waiting = new Map<number, ((at: number) => void)[]>();
  hear(conversation: number): void {
    const at = performance.now();
    this.waiting.get(conversation)?.shift()?.(at);
  }
  expect(conversation: number): Promise<number> {
    return new Promise((resolve) => {
      const list = this.waiting.get(conversation) ?? [];
      list.push(resolve);
      this.waiting.set(conversation, list);
    });
  }
}

export interface SaturationResult {
  perSecond: number;
  /** Share of one CPU core the load generator itself used. */
  generatorCpu: number;
}

/** Closed loop: every conversation sends its next message as soon as the previous one was answered. */
export async function saturate(driver: IngressDriver, conversations: number, durationMs: number): Promise<SaturationResult> {
  const book = new ReplyBook();
  driver.onReply = (c) => book.hear(c);
  let answered = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      for (let seq = 0; performance.now() < deadline; seq++) {
        const reply = book.expect(c);
        await driver.send(c, seq, benchText(seq));
        await reply;
        answered++;
      }
    }),
  );
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { perSecond: (answered / elapsed) * 1000, generatorCpu: (used.user + used.system) / 1000 / elapsed };
}

export interface LatencyResult {
  p50: number;
  p99: number;
  /** p99 of how late the generator sent a message against its schedule (its own share of the latency). */
  lateP99: number;
  sent: number;
  answered: number;
}

/** Open loop: messages leave on a fixed schedule (`rate` per second) whatever the answers do. */
export async function offeredLoad(driver: IngressDriver, rate: number, conversations: number, durationMs: number): Promise<LatencyResult> {
  const book = new ReplyBook();
  driver.onReply = (c) => book.hear(c);
  const total = Math.round((rate * durationMs) / 1000);
  const seqs = new Array<number>(conversations).fill(0);
  const latencies: number[] = [];
  const late: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const c = k % conversations;
    const seq = seqs[c]!++;
    // Timed from the schedule, not from when the generator got round to it: a late send counts
    // against the latency (no coordinated omission); `late` shows how much of that was ours.
    late.push(performance.now() - due);
    const reply = book.expect(c);
    pending.push(
      driver
        .send(c, seq, benchText(seq))
        .then(() => reply)
        .then((at) => void latencies.push(at - due)),
    );
  }
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 30_000))]);
  const sorted = sortNumbers(latencies);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), lateP99: percentile(sortNumbers(late), 99), sent: total, answered: latencies.length };
}
