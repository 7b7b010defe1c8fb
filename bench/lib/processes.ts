import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchBalieOptions } from './balie-node.js';
import { Children } from './children.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface BalieProcesses {
  urls: string[];
  children: ChildProcess[];
  stop(): Promise<void>;
}

export interface BalieProcess {
  url: string;
  child: ChildProcess;
}

export interface StartOptions extends BenchBalieOptions {
  cpuProfileDir?: string;
  /** Where the processes are tracked so they end on every path (bench/lib/children.ts); a registry of their own if not given. */
  children?: Children;
}

/**
 * Starts one balie process (bench/balie-process.ts), in a process group of its own, and waits
 * until it listens. With `cpuProfileDir` it writes a V8 CPU profile there when it stops
 * (`npm run bench -- --cpu-prof DIR`).
 */
export function startBalieProcess(options: StartOptions): Promise<BalieProcess> {
  const { cpuProfileDir, children = new Children(), ...balie } = options;
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = children.spawn('balie', process.execPath, [...profile, '--import', 'tsx', resolve(ROOT, 'bench/balie-process.ts'), JSON.stringify(balie)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => ok({ url: (JSON.parse(line) as { url: string }).url, child }));
    child.once('exit', (code) => fail(new Error(`a bench balie process exited with ${code} before it listened`)));
  });
}

/**
 * Starts `count` balie processes on the same Redis and waits until each listens. If one fails to
 * start, those already started are ended before the error is thrown; `stop()` ends them all.
 */
export async function startBalieProcesses(count: number, options: StartOptions): Promise<BalieProcesses> {
  const own = (options.children ?? new Children()).scope();
  const settled = await Promise.allSettled(Array.from({ length: count }, () => startBalieProcess({ ...options, children: own })));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    await own.endAll();
    throw failed.reason;
  }
  const started = settled.map((s) => (s as PromiseFulfilledResult<BalieProcess>).value);
  return {
    urls: started.map((p) => p.url),
    children: started.map((p) => p.child),
    stop: () => own.endAll(),
  };
}
