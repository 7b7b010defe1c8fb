import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

// The benchmark is not part of `npm test`; this tiny run only keeps `npm run bench` working.
describe('npm run bench --quick', () => {
  it('runs every scenario and prints the table and results.json', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'balie-bench-')), 'results.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 480_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/balie benchmark/);
    expect(run.stdout).toMatch(/figure\s+median\s+min–max\s+target/);
    const results = JSON.parse(readFileSync(out, 'utf8')) as { figures: { id: string; median: number }[] };
    const ids = results.figures.map((f) => f.id);
    for (const id of [
      'pipeline.telegram.p1.throughput',
      'pipeline.webchat.p1.throughput',
      'pipeline.telegram.p1.p99',
      'pipeline.telegram.p3.throughput',
      'pipeline.scaling',
      'baseline.memory.saturation',
      'pipeline.vs-baseline',
      'redis.round-trips',
      'redis.commands',
      'handoff.cycles',
      'handoff.queue-slowdown',
      'memory.per-conversation',
      'coldstart.redis',
    ]) {
      expect(ids).toContain(id);
    }
    for (const f of results.figures) expect(Number.isFinite(f.median), f.id).toBe(true);
  }, 500_000);
});
