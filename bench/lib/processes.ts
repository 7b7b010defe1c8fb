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

/** Starts one balie process (bench/balie-process.ts) and waits until it listens. */
export function startBalieProcess(options: BenchBalieOptions): Promise<BalieProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'bench/balie-process.ts'), JSON.stringify(options)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => ok({ url: (JSON.parse(line) as { url: string }).url, child }));
    child.once('exit', (code) => fail(new Error(`a balie process exited with ${code} before it listened`)));
  });
}

/** Starts `count` balie processes (bench/balie-process.ts) on the same Redis and waits until each listens. */
export async function startBalieProcesses(count: number, options: BenchBalieOptions): Promise<BalieProcesses> {
  const children: ChildProcess[] = [];
  const urls = await Promise.all(
    Array.from({ length: count }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'bench/balie-process.ts'), JSON.stringify(options)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      return new Promise<string>((ok, fail) => {
        const lines = createInterface({ input: child.stdout! });
        lines.once('line', (line) => ok((JSON.parse(line) as { url: string }).url));
        child.once('exit', (code) => fail(new Error(`a bench balie process exited with ${code} before it listened`)));
      });
    }),
  );
  return {
    urls,
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
