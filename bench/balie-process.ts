/**
 * One benchmark balie process (spawned by bench/run.ts for the multi-process runs). Options come
 * as JSON in argv[2]; prints `{"url": ...}` once listening, stops cleanly on SIGTERM.
 */
import { startBenchBalie, type BenchBalieOptions } from './lib/balie-node.js';

const options = JSON.parse(process.argv[2] ?? '{}') as BenchBalieOptions;
const running = await startBenchBalie(options);
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
process.once('SIGTERM', () => {
  void running.stop().then(() => process.exit(0));
});
