/**
 * One benchmark balie process (spawned by bench/run.ts for the multi-process runs). Options come
 * as JSON in argv[2]; prints `{"url": ...}` once listening, stops cleanly on SIGTERM.
 */
import { startBenchBalie, type BenchBalieOptions } from './lib/balie-node.js';

const options = JSON.parse(process.argv[2] ?? '{}') as BenchBalieOptions;
const running = await startBenchBalie(options);
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
const stop = () => void running.stop().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// In a process group of its own (bench/lib/children.ts), a terminal's Ctrl-C does not reach it:
// should the bench itself die without ending it (SIGKILL), it ends itself once orphaned.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop(), 1000).unref();
