import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisNode, RedisTarget } from '../../src/core/redis/connect.js';
import { startRedisServer, waitForRedis, freePort, type RedisProcess } from './redis-server.js';

/**
 * A Sentinel-managed Redis of its own on loopback: a master and a replica (both with AOF) watched by
 * three sentinels with a quorum of two, tuned to notice a dead master within a second.
 */
export interface RedisSentinelSet {
  masterName: string;
  sentinels: RedisNode[];
  /** What balie's config makes of REDIS_SENTINELS and REDIS_SENTINEL_MASTER. */
  target: RedisTarget & { kind: 'sentinel' };
  /** The data servers, master first at the start; they swap roles on a failover. */
  servers: RedisProcess[];
  /** The server the sentinels name as master now. */
  master(): Promise<RedisNode>;
  /** Waits until the sentinels name a master other than `old` and it accepts writes. */
  waitForNewMaster(old: RedisNode, timeoutMs?: number): Promise<RedisNode>;
  /** Asks a sentinel for a planned failover (`SENTINEL FAILOVER`). */
  failover(): Promise<void>;
  stop(): Promise<void>;
}

const MASTER = 'balie-test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startRedisSentinels(): Promise<RedisSentinelSet> {
  const dir = mkdtempSync(join(tmpdir(), 'balie-sentinel-'));
  const servers: RedisProcess[] = [];
  const sentinelProcesses: ChildProcess[] = [];
  const sentinels: RedisNode[] = [];
  const stop = async () => {
    await Promise.all(
      sentinelProcesses.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const aof = ['--appendonly', 'yes', '--appendfsync', 'everysec'];
    const master = await startRedisServer(aof, { dir: mkdtempSync(join(dir, 'master-')) });
    servers.push(master);
    servers.push(await startRedisServer([...aof, '--replicaof', '127.0.0.1', String(master.port)], { dir: mkdtempSync(join(dir, 'replica-')) }));
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      // A sentinel rewrites its config file as it learns, so each gets a file of its own.
      const conf = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${MASTER} 127.0.0.1 ${master.port} 2`,
          `sentinel down-after-milliseconds ${MASTER} 1000`,
          // A failed election (split votes) is retried after twice this: keep it short.
          `sentinel failover-timeout ${MASTER} 3000`,
          `sentinel parallel-syncs ${MASTER} 1`,
          '',
        ].join('\n'),
      );
      sentinelProcesses.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
      sentinels.push({ host: '127.0.0.1', port });
    }
    await Promise.all(sentinels.map((s) => waitForRedis(`redis://${s.host}:${s.port}`)));
    const ask = async <T>(fn: (client: Redis) => Promise<T>): Promise<T> => {
      let lastError: unknown;
      for (const s of sentinels) {
        const client = new Redis({ host: s.host, port: s.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        client.on('error', () => {});
        try {
          await client.connect();
          return await fn(client);
        } catch (err) {
          lastError = err;
        } finally {
          client.disconnect();
        }
      }
      throw lastError;
    };
    const currentMaster = () =>
      ask(async (c) => {
        const [host, port] = (await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER)) as [string, string];
        return { host, port: Number(port) };
      });
    const writable = async (node: RedisNode) => {
      const client = new Redis({ host: node.host, port: node.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => {});
      try {
        await client.connect();
        return /role:master/.test(await client.info('replication'));
      } catch {
        return false;
      } finally {
        client.disconnect();
      }
    };
    // Ready when every sentinel knows the replica and the other sentinels (a quorum needs them).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await Promise.all(
        sentinels.map(async (s) => {
          const client = new Redis({ host: s.host, port: s.port, lazyConnect: true, maxRetriesPerRequest: 0 });
          client.on('error', () => {});
          try {
            await client.connect();
            const fields = (await client.call('SENTINEL', 'MASTER', MASTER)) as string[];
            const info = Object.fromEntries(fields.flatMap((v, i) => (i % 2 ? [] : [[v, fields[i + 1]]])));
            return Number(info['num-slaves']) >= 1 && Number(info['num-other-sentinels']) >= 2;
          } finally {
            client.disconnect();
          }
        }),
      );
      if (ready.every(Boolean)) break;
      if (Date.now() > deadline) throw new Error('the sentinels did not all find the replica and each other within 30 s');
      await sleep(200);
    }
    return {
      masterName: MASTER,
      sentinels,
      target: { kind: 'sentinel', sentinels, master: MASTER },
      servers,
      master: currentMaster,
      async waitForNewMaster(old, timeoutMs = 60_000) {
        const until = Date.now() + timeoutMs;
        for (;;) {
          const now = await currentMaster().catch(() => old);
          if (now.port !== old.port && (await writable(now))) return now;
          if (Date.now() > until) throw new Error(`the sentinels did not promote a new master within ${timeoutMs} ms`);
          await sleep(100);
        }
      },
      async failover() {
        await ask((c) => c.call('SENTINEL', 'FAILOVER', MASTER));
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
