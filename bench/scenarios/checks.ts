import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRedisServer } from '../../test/support/redis-server.js';
import { startLeanTelegram } from '../lib/fake-telegram.js';
import { startBalieProcesses } from '../lib/processes.js';
import type { BenchContext, Row } from '../lib/report.js';

/*
 * Scenarios that check the bench itself, run only when named (`--only check-crash,check-ok`):
 * test/bench/children.test.ts runs them and then looks for any child process left behind.
 */

/**
 * Fails the way the pipeline once did: with children running (a balie process, a redis-server,
 * a helper), a request nobody listens to for errors gets a socket hang up, which surfaces as an
 * uncaught exception, and the scenario itself never finishes.
 */
export async function checkCrash(ctx: BenchContext): Promise<Row[]> {
  const telegram = await startLeanTelegram();
  const redis = await startRedisServer();
  ctx.children.adopt('redis-server (check)', redis.process);
  ctx.children.spawn('sleeper (check)', 'sleep', ['600'], { stdio: 'ignore' });
  await startBalieProcesses(1, { redisUrl: redis.url, prefix: 'bench:check:', telegramApiRoot: telegram.apiRoot, children: ctx.children });
  const hangUp = createServer((req) => req.socket.destroy());
  await new Promise<void>((r) => hangUp.listen(0, '127.0.0.1', r));
  // No 'error' listener on purpose: this is the stray ECONNRESET.
  request(`http://127.0.0.1:${(hangUp.address() as AddressInfo).port}/`).end();
  return new Promise<Row[]>(() => {});
}

/** Runs after the failed one, to show that the others still run. */
export async function checkOk(): Promise<Row[]> {
  return [{ id: 'check.ok', label: 'check: a scenario after a failed one still runs', unit: '', median: 1, min: 1, max: 1, runs: [1] }];
}
