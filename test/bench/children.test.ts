import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the bench leaves nothing behind', () => {
  it('a scenario that crashes with a socket hang up is reported FAILED, the next still runs, and no child process is left', { timeout: 180_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'balie-bench-')), 'results.json');
    const run = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--only', 'check-crash,check-ok', '--out', out], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    run.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => run.once('exit', (c) => r(c)));
    const children = [...stderr.matchAll(/^bench: child (\d+) (.+)$/gm)].map((m) => ({ pid: Number(m[1]), name: m[2]! }));
    // The run's redis-server, and the failing scenario's redis-server, helper and balie process.
    expect(children.map((c) => c.name).sort()).toEqual(['balie', 'redis-server', 'redis-server (check)', 'sleeper (check)']);
    expect(code, stderr).toBe(1);
    expect(stdout).toMatch(/check-crash: scenario failed.*FAILED\s+socket hang up/);
    expect(stdout).toMatch(/a scenario after a failed one still runs/);
    const results = JSON.parse(readFileSync(out, 'utf8')) as { failed: { scenario: string; error: string }[] };
    expect(results.failed).toEqual([{ scenario: 'check-crash', error: 'socket hang up' }]);
    for (const c of children) expect(alive(c.pid), `${c.name} (${c.pid}) is still running`).toBe(false);
    // Nor anything in the process groups of the children the bench spawned itself.
    for (const c of children.filter((c) => c.name === 'balie' || c.name.startsWith('sleeper'))) expect(alive(-c.pid), `process group of ${c.name}`).toBe(false);
  });
});
