import { Redis } from 'ioredis';
import { telegramDriver } from '../lib/drivers.js';
import { startLeanTelegram } from '../lib/fake-telegram.js';
import { startBalieProcesses } from '../lib/processes.js';
import { startCountingProxy } from '../lib/redis-proxy.js';
import type { BenchContext, Row } from '../lib/report.js';
import { benchText } from '../lib/bench-dialog.js';
import { repeat, summarise } from '../lib/stats.js';

async function commandCount(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  let total = 0;
  for (const m of info.matchAll(/^cmdstat_([a-z|_-]+):calls=(\d+)/gm)) if (m[1] !== 'info') total += Number(m[2]);
  return total;
}

/**
 * What one bot turn costs Redis: round trips (counted by a TCP proxy between balie and Redis) and
 * commands (INFO commandstats), over messages sent one at a time, minus what an idle balie does in
 * the same time (timer polling, the inbox sweeper, heartbeats).
 */
export async function redisCost(ctx: BenchContext): Promise<Row[]> {
  const port = Number(new URL(ctx.redisUrl).port);
  const proxy = await startCountingProxy(port);
  const redis = new Redis(ctx.redisUrl);
  const telegram = await startLeanTelegram();
  const procs = await startBalieProcesses(1, { redisUrl: proxy.url, prefix: 'bench:cost:', telegramApiRoot: telegram.apiRoot, children: ctx.children });
  const turns = ctx.quick ? 20 : 400;
  const roundTrips: number[] = [];
  const commands: number[] = [];
  let run = 0;
  try {
    await repeat(ctx.repeats, async (i) => {
      const driver = telegramDriver(procs.urls, telegram, 50 + run++);
      await driver.prepare(1);
      let heard: () => void = () => {};
      driver.onReply = () => heard();
      const measure = async (fn: () => Promise<void>) => {
        const rt0 = proxy.roundTrips;
        const c0 = await commandCount(redis);
        const t0 = performance.now();
        await fn();
        return { rt: proxy.roundTrips - rt0, cmds: (await commandCount(redis)) - c0, ms: performance.now() - t0 };
      };
      const busy = await measure(async () => {
        for (let seq = 0; seq < turns; seq++) {
          const reply = new Promise<void>((r) => (heard = r));
          await driver.send(0, seq, benchText(seq));
          await reply;
        }
      });
      if (i < 0) return 0; // the warm-up
      const idle = await measure(() => new Promise((r) => setTimeout(r, busy.ms)));
      roundTrips.push((busy.rt - idle.rt) / turns);
      commands.push((busy.cmds - idle.cmds) / turns);
      return 0;
    });
  } finally {
    await procs.stop();
    await telegram.close();
    await proxy.close();
    redis.disconnect();
  }
  return [
    { id: 'redis.round-trips', label: 'Redis round trips per bot turn (TCP proxy count, idle subtracted)', unit: 'RT', ...summarise(roundTrips), target: { op: '<=', value: 2 } },
    { id: 'redis.commands', label: 'Redis commands per bot turn (INFO commandstats)', unit: 'cmds', ...summarise(commands) },
  ];
}
