import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchBalieOptions } from './balie-node.js';

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

/**
 * Starts one balie process (bench/balie-process.ts) and waits until it listens. With
 * `cpuProfileDir` it writes a V8 CPU profile there when it stops (`npm run bench -- --cpu-prof DIR`).
 */
export function startBalieProcess(options: BenchBalieOptions & { cpuProfileDir?: string }): Promise<BalieProcess> {
  const { cpuProfileDir, ...balie } = options;
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', resolve(ROOT, 'bench/balie-process.ts'), JSON.stringify(balie)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => ok({ url: (JSON.parse(line) as { url: string }).url, child }));
    child.once('exit', (code) => fail(new Error(`a bench balie process exited with ${code} before it listened`)));
  });
}

/** Starts `count` balie processes on the same Redis and waits until each listens. */
export async function startBalieProcesses(count: number, options: BenchBalieOptions & { cpuProfileDir?: string }): Promise<BalieProcesses> {
  const started = await Promise.all(Array.from({ length: count }, () => startBalieProcess(options)));
  const children = started.map((p) => p.child);
  return {
    urls: started.map((p) => p.url),
    children,
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((r) => {
              if (c.exitCode !== null || c.signalCode !== null) return r();
              c.once('exit', () => r());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
