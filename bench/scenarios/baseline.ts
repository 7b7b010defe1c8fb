import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createBaselineBot, NaiveRedisStorage, type BaselineBot } from '../lib/baseline.js';
import { benchText } from '../lib/bench-dialog.js';
import type { BenchContext, Row } from '../lib/report.js';
import { repeat, summarise } from '../lib/stats.js';

/** Turns per second of `bot` with `inFlight` conversations each sending its next message at once. */
async function turnsPerSecond(bot: BaselineBot, inFlight: number, durationMs: number, tag: string): Promise<number> {
  let turns = 0;
  const deadline = performance.now() + durationMs;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async (_, c) => {
      for (let seq = 0; performance.now() < deadline; seq++) {
        await bot.turn(`${tag}-${c}`, benchText(seq));
        turns++;
      }
    }),
  );
  return (turns / (performance.now() - start)) * 1000;
}

/**
 * Plain botbuilder in the same run: a minimal BotAdapter, the same ComponentDialog + WaterfallDialog
 * + TextPrompt, ConversationState + UserState on MemoryStorage (and, for context, on a naive Redis
 * Storage). No HTTP, no platform: the CPU cost of botbuilder itself.
 */
export async function baseline(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const replies = { n: 0 };
  const memoryBot = createBaselineBot(() => replies.n++);
  const ms = ctx.quick ? 300 : 3000;
  let run = 0;
  const one = summarise(await repeat(ctx.repeats, () => turnsPerSecond(memoryBot, 1, ms, `one${run++}`)));
  rows.push({ id: 'baseline.memory.one', label: 'Baseline: plain botbuilder, MemoryStorage, 1 in flight', unit: 'turns/s', ...one });
  const sat = summarise(await repeat(ctx.repeats, () => turnsPerSecond(memoryBot, 64, ms, `sat${run++}`)));
  rows.push({ id: 'baseline.memory.saturation', label: 'Baseline: plain botbuilder, MemoryStorage, 64 in flight', unit: 'turns/s', ...sat });

  const redis = new Redis(ctx.redisUrl);
  try {
    const naive = createBaselineBot(() => replies.n++, new NaiveRedisStorage(redis, 'bench:naive:'));
    const naiveOne = summarise(await repeat(ctx.repeats, () => turnsPerSecond(naive, 1, ms, `n${run++}`)));
    rows.push({ id: 'baseline.naive-redis.one', label: 'Baseline on a naive Redis Storage, 1 in flight', unit: 'turns/s', ...naiveOne });
  } finally {
    redis.disconnect();
  }
  const balie = ctx.shared.balieThroughput;
  if (balie !== undefined) {
    const ratio = balie / sat.median;
    rows.push({
      id: 'pipeline.vs-baseline',
      label: 'balie pipeline (telegram, 1 proc) / baseline saturation',
      unit: '×',
      median: ratio,
      min: ratio,
      max: ratio,
      runs: [ratio],
      target: { op: '>=', value: 0.7 },
    });
  }
  return rows;
}
