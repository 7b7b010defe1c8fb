/**
 * `npm run bench`: starts a private redis-server, runs each scenario (warm-up, then repeats),
 * prints a table of medians with min–max and the targets, and writes bench/results.json.
 *   --quick            tiny sizes (the test suite's smoke run)
 *   --only a,b         only these scenarios (pipeline, baseline, redis, handoff, memory, coldstart)
 *   --out <file>       where to write the results (default bench/results.json)
 *   --cpu-prof <dir>   the balie processes of the pipeline scenario write V8 CPU profiles there
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { startRedisServer } from '../test/support/redis-server.js';
import { met, table, type BenchContext, type Row } from './lib/report.js';
import { baseline } from './scenarios/baseline.js';
import { coldStart } from './scenarios/cold-start.js';
import { handoff } from './scenarios/handoff.js';
import { memory } from './scenarios/memory.js';
import { pipeline } from './scenarios/pipeline.js';
import { redisCost } from './scenarios/redis-cost.js';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<Row[]>> = { pipeline, baseline, redis: redisCost, handoff, memory, coldstart: coldStart };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const only = arg('--only')?.split(',');
const unknown = only?.filter((o) => !SCENARIOS[o]);
if (unknown?.length) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}\n`);
  process.exit(2);
}
const out = resolve(arg('--out') ?? resolve(import.meta.dirname, 'results.json'));

const redis = await startRedisServer();
const cpuProfileDir = arg('--cpu-prof');
const ctx: BenchContext = { redisUrl: redis.url, quick, repeats: quick ? 1 : 3, cores: availableParallelism(), shared: {}, cpuProfileDir: cpuProfileDir && resolve(cpuProfileDir) };
const rows: Row[] = [];
const started = Date.now();
const results = () => ({
  date: new Date(started).toISOString(),
  node: process.version,
  machine: { cores: ctx.cores, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
  quick,
  repeats: ctx.repeats,
  seconds: Math.round((Date.now() - started) / 1000),
  figures: rows.map((r) => ({ ...r, met: met(r) })),
});
// Written after every scenario too, so a run stopped half-way keeps what it measured.
const save = () => writeFileSync(out, `${JSON.stringify(results(), null, 2)}\n`);
// Ctrl-C: stop the private redis-server too (the finally below does not run on a signal).
process.once('SIGINT', () => void redis.stop().finally(() => process.exit(130)));
process.once('SIGTERM', () => void redis.stop().finally(() => process.exit(143)));
try {
  // The pipeline runs before the baseline so the baseline can report the ratio.
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    const t0 = Date.now();
    rows.push(...(await scenario(ctx)));
    save();
    process.stderr.write(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
} finally {
  await redis.stop();
}

save();
const { date, seconds } = results();
process.stdout.write(
  `\nbalie benchmark — ${date}, Node ${process.version}, ${ctx.cores} cores${quick ? ', QUICK (sizes too small to mean anything)' : ''}; medians of ${ctx.repeats} runs after a warm-up\n\n`,
);
process.stdout.write(`${table(rows)}\n\nwritten to ${out} in ${seconds} s\n`);
