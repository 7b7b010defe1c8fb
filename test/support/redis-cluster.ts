import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisNode, RedisTarget } from '../../src/core/redis/connect.js';
import { assertRedisServerInstalled, freePort, waitForRedis } from './redis-server.js';

/** A Redis Cluster of its own (masters only) on loopback, for tests and the harness. */
export interface RedisClusterProcess {
  nodes: RedisNode[];
  /** What balie's config makes of REDIS_CLUSTER_NODES. */
  target: RedisTarget & { kind: 'cluster' };
  /** `127.0.0.1:7000,127.0.0.1:7001,…`, as REDIS_CLUSTER_NODES. */
  env: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `masters` redis-servers with cluster-enabled (each on a free port, its cluster bus on
 * another free port, data in a temp dir), joins them with `redis-cli --cluster create` and waits
 * until every node says cluster_state:ok.
 */
export async function startRedisCluster(masters = 3): Promise<RedisClusterProcess> {
  assertRedisServerInstalled();
  const probe = spawnSync('redis-cli', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new Error('redis-cli is needed to form a Redis Cluster and was not found on PATH (it comes with redis-server: `sudo apt-get install -y redis-tools`)');
  const dir = mkdtempSync(join(tmpdir(), 'balie-cluster-'));
  const children: ChildProcess[] = [];
  const nodes: RedisNode[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const busPort = await freePort();
      const nodeDir = join(dir, String(port));
      mkdirSync(nodeDir);
      // prettier-ignore
      children.push(spawn('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--dir', nodeDir,
        '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-port', String(busPort),
        '--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no',
      ], { stdio: 'ignore' }));
      nodes.push({ host: '127.0.0.1', port });
    }
    await Promise.all(nodes.map((n) => waitForRedis(`redis://${n.host}:${n.port}`)));
    const addresses = nodes.map((n) => `${n.host}:${n.port}`);
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 60_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}\n${created.stderr}`);
    await waitForClusterOk(nodes);
    return { nodes, target: { kind: 'cluster', nodes }, env: addresses.join(','), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Every node must see the whole cluster with all slots covered before tests start. */
async function waitForClusterOk(nodes: RedisNode[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const clients = nodes.map((n) => new Redis({ host: n.host, port: n.port, lazyConnect: true, maxRetriesPerRequest: 1 }));
  try {
    for (;;) {
      const infos = await Promise.all(clients.map((c) => c.cluster('INFO') as Promise<string>));
      const ok = infos.every((info) => /cluster_state:ok/.test(info) && new RegExp(`cluster_known_nodes:${nodes.length}\\b`).test(info));
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`the Redis Cluster did not reach cluster_state:ok within ${timeoutMs} ms:\n${infos.join('\n')}`);
      await sleep(100);
    }
  } finally {
    for (const c of clients) c.disconnect();
  }
}
