/**
 * `npm run bench`: starts a private redis-server, runs each scenario (warm-up, then repeats),
 * prints a table of medians with min–max and the targets, and writes bench/results.json.
 *   --quick            tiny sizes (the test suite's smoke run)
 *   --only a,b         only these scenarios (pipeline, baseline, redis, handoff, memory, coldstart)
 *   --out <file>       where to write the results (default bench/results.json)
 *   --cpu-prof <dir>   the balie processes of the pipeline scenario write V8 CPU profiles there
 * A scenario that fails (an error, or an error nobody awaited such as a socket hang up) is shown
 * as FAILED with its error, its child processes are ended, and the other scenarios still run;
 * the run then exits with 1. No child process outlives the run (bench/lib/children.ts).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { startRedisServer } from '../test/support/redis-server.js';
import { Children } from './lib/children.js';
import { failedRow, met, table, type BenchContext, type Row } from './lib/report.js';
import { checkCrash, checkOk } from './scenarios/checks.js';
import { baseline } from './scenarios/baseline.js';
import { coldStart } from './scenarios/cold-start.js';
import { handoff } from './scenarios/handoff.js';
import { memory } from './scenarios/memory.js';
import { pipeline } from './scenarios/pipeline.js';
import { redisCost } from './scenarios/redis-cost.js';

type Scenario = (ctx: BenchContext) => Promise<Row[]>;
const SCENARIOS: Record<string, Scenario> = { pipeline, baseline, redis: redisCost, handoff, memory, coldstart: coldStart };
// Run only when named with --only: they check the bench itself (test/bench/children.test.ts).
const CHECKS: Record<string, Scenario> = { 'check-crash': checkCrash, 'check-ok': checkOk };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const only = arg('--only')?.split(',');
const unknown = only?.filter((o) => !SCENARIOS[o] && !CHECKS[o]);
if (unknown?.length) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}\n`);
  process.exit(2);
}
const out = resolve(arg('--out') ?? resolve(import.meta.dirname, 'results.json'));

// Every child (redis-server, balie processes, helpers) is tracked and ended on every path: a
// scenario's failure (its own children), the run's end, an uncaught error, SIGINT or SIGTERM.
const children = new Children((pid, name) => process.stderr.write(`bench: child ${pid} ${name}\n`));
process.once('exit', () => children.killAllNow());
let stopping = false;
const stopAll = (code: number) => {
  if (stopping) return;
  stopping = true;
  void children.endAll(2000).finally(() => process.exit(code));
};
process.once('SIGINT', () => stopAll(130));
process.once('SIGTERM', () => stopAll(143));

// An error nobody awaited (a socket hang up on a stream, a rejected promise left behind) fails the
// scenario that is running; between scenarios it ends the run.
let failCurrent: ((err: unknown) => void) | undefined;
const onStray = (err: unknown) => {
  if (failCurrent) return failCurrent(err);
  process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
  stopAll(1);
};
process.on('uncaughtException', onStray);
process.on('unhandledRejection', onStray);

const redis = await startRedisServer();
children.adopt('redis-server', redis.process);
const cpuProfileDir = arg('--cpu-prof');
const ctx: BenchContext = {
  redisUrl: redis.url,
  quick,
  repeats: quick ? 1 : 3,
  cores: availableParallelism(),
  shared: {},
  cpuProfileDir: cpuProfileDir && resolve(cpuProfileDir),
  children,
};
const rows: Row[] = [];
const failures: { scenario: string; error: string }[] = [];
const started = Date.now();
const results = () => ({
  date: new Date(started).toISOString(),
  node: process.version,
  machine: { cores: ctx.cores, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
  quick,
  repeats: ctx.repeats,
  seconds: Math.round((Date.now() - started) / 1000),
  figures: rows.map((r) => ({ ...r, met: met(r) })),
  failed: failures,
});
// Written after every scenario too, so a run stopped half-way keeps what it measured.
const save = () => writeFileSync(out, `${JSON.stringify(results(), null, 2)}\n`);

/** Runs one scenario with children of its own; a failure (thrown or stray) ends them and is reported. */
async function runScenario(name: string, scenario: Scenario): Promise<void> {
  const scope = children.scope();
  const failed = new Promise<never>((_, reject) => (failCurrent = reject));
  try {
    rows.push(...(await Promise.race([scenario({ ...ctx, children: scope }), failed])));
  } catch (err) {
    const error = (err as Error)?.message ?? String(err);
    failures.push({ scenario: name, error });
    rows.push(failedRow(name, error));
    process.stderr.write(`bench: ${name} FAILED: ${(err as Error)?.stack ?? error}\n`);
  } finally {
    failCurrent = undefined;
    // What the scenario left running (all of it, when it failed half-way) ends here.
    await scope.endAll();
  }
}

try {
  // The pipeline runs before the baseline so the baseline can report the ratio.
  for (const [name, scenario] of Object.entries({ ...SCENARIOS, ...CHECKS })) {
    if (only ? !only.includes(name) : name in CHECKS) continue;
    process.stderr.write(`bench: ${name}…\n`);
    const t0 = Date.now();
    await runScenario(name, scenario);
    save();
    process.stderr.write(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
} finally {
  await children.endAll();
  await redis.stop();
}

save();
const { date, seconds } = results();
process.stdout.write(
  `\nbalie benchmark — ${date}, Node ${process.version}, ${ctx.cores} cores${quick ? ', QUICK (sizes too small to mean anything)' : ''}; medians of ${ctx.repeats} runs after a warm-up\n\n`,
);
process.stdout.write(`${table(rows)}\n\nwritten to ${out} in ${seconds} s\n`);
if (failures.length) {
  process.stdout.write(`\n${failures.length} scenario(s) FAILED: ${failures.map((f) => f.scenario).join(', ')}\n`);
  process.exitCode = 1;
}
// A failed scenario may have left servers or timers of its own in this process: do not wait for them.
process.exit();
