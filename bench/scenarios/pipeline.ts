import { telegramDriver, webchatDriver, type IngressDriver } from '../lib/drivers.js';
import { startLeanTelegram } from '../lib/fake-telegram.js';
import { offeredLoad, saturate } from '../lib/load.js';
import { startBalieProcesses } from '../lib/processes.js';
import type { BenchContext, Row } from '../lib/report.js';
import { repeat, summarise } from '../lib/stats.js';

/**
 * The message pipeline end to end: platform ingress → dedupe → inbox/lease → dialog turn on Redis
 * state → reply to the fake platform, in 1 and in 3 balie processes (separate OS processes, all
 * on the benchmark's Redis), driven from this process.
 */
export async function pipeline(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const telegram = await startLeanTelegram();
  let run = 0;
  const saturation: Record<string, number> = {};
  try {
    for (const processes of [1, 3]) {
      const procs = await startBalieProcesses(processes, {
        redisUrl: ctx.redisUrl,
        prefix: `bench:p${processes}:`,
        telegramApiRoot: telegram.apiRoot,
        cpuProfileDir: ctx.cpuProfileDir,
        children: ctx.children,
      });
      try {
        for (const kind of ['telegram', 'webchat'] as const) {
          if (kind === 'webchat' && processes === 3 && ctx.quick) continue;
          const conversations = ctx.quick ? 16 : 64 * processes;
          const generatorCpu: number[] = [];
          const runs = await repeat(ctx.repeats, async (i) => {
            const driver: IngressDriver = kind === 'telegram' ? telegramDriver(procs.urls, telegram, run++) : webchatDriver(procs.urls);
            await driver.prepare(conversations);
            try {
              const result = await saturate(driver, conversations, ctx.quick ? 500 : 4000);
              if (i >= 0) generatorCpu.push(result.generatorCpu);
              return result.perSecond;
            } finally {
              await driver.close();
            }
          });
          const s = summarise(runs);
          saturation[`${kind}:${processes}`] = s.median;
          rows.push({
            id: `pipeline.${kind}.p${processes}.throughput`,
            label: `Pipeline, ${kind} ingress, ${processes} process${processes > 1 ? 'es' : ''}: messages/s at saturation`,
            unit: 'msg/s',
            ...s,
            note: `load generator used ${Math.round(Math.max(...generatorCpu) * 100)}% of a core`,
          });
        }
        const rate = ctx.quick ? 100 : 500;
        const p50: number[] = [];
        const p99: number[] = [];
        const late: number[] = [];
        let unanswered = 0;
        await repeat(ctx.repeats, async (i) => {
          const driver = telegramDriver(procs.urls, telegram, run++);
          await driver.prepare(rate);
          const r = await offeredLoad(driver, rate, rate, ctx.quick ? 500 : 4000);
          // Negative runs are the warm-up: not counted.
          if (i >= 0) {
            // Overloaded: what was not answered within the wait counts as infinitely late.
            unanswered = Math.max(unanswered, r.sent - r.answered);
            if (r.answered < r.sent) r.p99 = Number.POSITIVE_INFINITY;
            p50.push(r.p50);
            p99.push(r.p99);
            late.push(r.lateP99);
          }
          return r.p99;
        });
        rows.push({
          id: `pipeline.telegram.p${processes}.p50`,
          label: `Pipeline, telegram, ${processes} proc: p50 latency at ${rate} msg/s offered`,
          unit: 'ms',
          ...summarise(p50),
        });
        const p99Summary = summarise(p99);
        rows.push({
          id: `pipeline.telegram.p${processes}.p99`,
          label: `Pipeline, telegram, ${processes} proc: p99 latency at ${rate} msg/s offered`,
          unit: 'ms',
          ...p99Summary,
          target: { op: '<=', value: 10 },
          note: `${unanswered ? `OVERLOADED: ${unanswered} messages unanswered in a run; ` : ''}timed from the schedule; the generator itself sent up to ${Math.max(...late).toFixed(1)} ms late (p99)`,
        });
      } finally {
        await procs.stop();
      }
    }
    const one = saturation['telegram:1']!;
    const three = saturation['telegram:3']!;
    rows.push({
      id: 'pipeline.scaling',
      label: '3 processes / 1 process (telegram throughput)',
      unit: '×',
      median: three / one,
      min: three / one,
      max: three / one,
      runs: [three / one],
      target: { op: '>=', value: 1.6 },
      note: `this machine has ${ctx.cores} cores, shared by redis, the load generator and the processes`,
    });
    ctx.shared.balieThroughput = one;
  } finally {
    await telegram.close();
  }
  return rows;
}
