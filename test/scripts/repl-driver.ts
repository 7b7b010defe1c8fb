import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { packageRoot } from '../../src/core/paths.js';

const CUSTOMER_PROMPT = 'you › ';

/** A script run as a developer runs it, driven through its stdin and read from its stdout. */
export interface ReplProcess {
  /** Output since start, without colours (NO_COLOR is set). */
  readonly output: string;
  readonly stderr: string;
  /** Waits for the first prompt; resolves with the banner. */
  ready(): Promise<string>;
  /** Types `line`; resolves with what the REPL printed until it asked for the next line. */
  say(line: string): Promise<string>;
  /** Closes stdin (Ctrl+D) and resolves with the exit code. */
  end(): Promise<number | null>;
  exited(): Promise<number | null>;
  /** Waits until the output (from the start) contains `text`: for messages that arrive on their own. */
  waitFor(text: string): Promise<void>;
}

export function spawnScript(script: string, args: string[], env: Record<string, string> = {}, cwd = packageRoot(), PROMPT = CUSTOMER_PROMPT): ReplProcess {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  let stderr = '';
  let waiter: (() => void) | undefined;
  const watchers = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    waiter?.();
    for (const watch of watchers) watch();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  exit.then(() => waiter?.());

  // Resolves once the output after `from` ends with a prompt: the turn is over.
  const untilPrompt = (from: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const since = output.slice(from);
        if (since.endsWith(PROMPT)) {
          waiter = undefined;
          resolve(since.slice(0, -PROMPT.length));
        } else if (child.exitCode !== null) reject(new Error(`the script exited (${child.exitCode}) before prompting:\n${output}\n${stderr}`));
      };
      waiter = check;
      check();
    });

  return {
    get output() {
      return output;
    },
    get stderr() {
      return stderr;
    },
    ready: () => untilPrompt(0),
    say(line) {
      const from = output.length;
      child.stdin.write(`${line}\n`);
      return untilPrompt(from).then((text) => text.replace(`${line}\n`, ''));
    },
    end() {
      child.stdin.end();
      return exit;
    },
    exited: () => exit,
    waitFor(text) {
      return new Promise((resolve, reject) => {
        const watch = () => {
          if (output.includes(text)) {
            watchers.delete(watch);
            resolve();
          } else if (child.exitCode !== null) {
            watchers.delete(watch);
            reject(new Error(`the script exited before printing "${text}":\n${output}\n${stderr}`));
          }
        };
        watchers.add(watch);
        watch();
      });
    },
  };
}
