import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { HarnessNodeOptions } from './node.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** One balie process of the harness (scripts/harness/node.ts). */
export interface HarnessProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Where its stderr (the logs at warn and above) goes. */
  readonly logFile: string;
  /** Promise rejections that reached the process (there must be none). */
  unhandledRejections: number;
  /** Set once it exited: the code, or the signal that ended it. */
  exit?: string;
  /** SIGTERM, and wait for the exit (a graceful stop); resolves with how it exited. */
  stop(): Promise<string>;
  /** SIGKILL: dies on the spot, in the middle of whatever it was doing. */
  kill(): Promise<void>;
}

/**
 * Starts a balie process with `tsx` (the sources as they are; no build step, so the harness always
 * runs what is checked out) and waits until it listens.
 */
export function startHarnessProcess(name: string, options: HarnessNodeOptions, logDir: string): Promise<HarnessProcess> {
  const logFile = join(logDir, `${name}.log`);
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/harness/node.ts'), JSON.stringify(options)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.pipe(createWriteStream(logFile, { flags: 'a' }));
  const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(signal ?? `exit ${code}`)));
  return new Promise((ok, fail) => {
    let started = false;
    const lines = createInterface({ input: child.stdout! });
    const proc: HarnessProcess = {
      name,
      url: '',
      child,
      logFile,
      unhandledRejections: 0,
      async stop() {
        if (proc.exit === undefined) child.kill('SIGTERM');
        return exited;
      },
      async kill() {
        if (proc.exit === undefined) child.kill('SIGKILL');
        await exited;
      },
    };
    void exited.then((how) => {
      proc.exit = how;
      if (!started) fail(new Error(`balie process ${name} ended (${how}) before it listened; see ${logFile}`));
    });
    lines.on('line', (line) => {
      let msg: { url?: string; event?: string };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if (msg.url && !started) {
        started = true;
        (proc as { url: string }).url = msg.url;
        ok(proc);
      } else if (msg.event === 'unhandledRejection') proc.unhandledRejections++;
    });
  });
}
