import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { BalieError } from '../errors.js';
import type { RedisClient } from './slots.js';

export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Which Redis balie talks to (config: REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS).
 * Every store takes the resulting client as a `RedisClient`; the keys are laid out so that the
 * same code runs on all three (see src/core/redis/slots.ts and docs/operations.md).
 */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: RedisNode[]; username?: string; password?: string; tls?: boolean }
  | { kind: 'sentinel'; sentinels: RedisNode[]; master: string; username?: string; password?: string; tls?: boolean };

export interface ConnectOptions {
  logger: Logger;
  /** Shows up in CLIENT LIST (`balie-<role>`) and in the logs. */
  role: string;
}

// Fail a command after a couple of reconnect attempts instead of queueing it forever, so a
// webhook can answer 503 and the platform retries later.
const MAX_RETRIES_PER_REQUEST = 2;
const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2000);

/**
 * Creates (does not connect: call `connect()`) an ioredis client for the target: a `Redis` for a
 * single server or a Sentinel-managed master, a `Cluster` for Redis Cluster. Connection errors are
 * logged once per outage, not once per reconnect attempt.
 */
export function createRedisClient(target: RedisTarget, options: ConnectOptions): RedisClient {
  const common: RedisOptions = {
    lazyConnect: true,
    connectionName: `balie-${options.role}`,
    maxRetriesPerRequest: MAX_RETRIES_PER_REQUEST,
    retryStrategy,
    // A master demoted in a failover may keep our connection and answer READONLY: reconnect (a
    // Sentinel client asks the sentinels again and finds the new master) and resend the command.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  };
  let client: RedisClient;
  if (target.kind === 'single') {
    client = new Redis(target.url, common);
  } else if (target.kind === 'sentinel') {
    client = new Redis({
      ...common,
      sentinels: target.sentinels,
      name: target.master,
      username: target.username,
      password: target.password,
      tls: target.tls ? {} : undefined,
      sentinelRetryStrategy: retryStrategy,
    });
  } else {
    const clusterOptions: ClusterOptions = {
      lazyConnect: true,
      // While the whole cluster is unreachable a command fails at once (the webhook answers 503
      // and the platform redelivers) instead of waiting in a queue the platform has given up on.
      enableOfflineQueue: false,
      clusterRetryStrategy: retryStrategy,
      // A slot that moves (failover, resharding) is retried for a few seconds, then fails.
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 200,
      retryDelayOnTryAgain: 200,
      maxRedirections: 16,
      scaleReads: 'master',
      redisOptions: {
        connectionName: common.connectionName,
        maxRetriesPerRequest: MAX_RETRIES_PER_REQUEST,
        username: target.username,
        password: target.password,
        tls: target.tls ? {} : undefined,
      },
    };
    client = new Cluster(target.nodes, clusterOptions);
  }
  reportOutages(client, options);
  return client;
}

function reportOutages(client: RedisClient, { logger, role }: ConnectOptions): void {
  let reported = false;
  client.on('error', (err: unknown) => {
    if (!reported) logger.error({ err, role, code: 'STORAGE_UNAVAILABLE' }, 'Redis connection error');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) logger.info({ role }, 'Redis connection restored');
    reported = false;
  });
}

/** Connects a client made by createRedisClient; the error says where and how to fix it. */
export async function connectRedis(clients: RedisClient[], target: RedisTarget): Promise<void> {
  try {
    await Promise.all(clients.map((c) => c.connect()));
  } catch (err) {
    for (const c of clients) c.disconnect();
    const fix =
      target.kind === 'cluster'
        ? 'Fix: check that the nodes in REDIS_CLUSTER_NODES run with cluster-enabled yes and that the cluster is formed (redis-cli --cluster check <node>), or unset it to run on in-memory stores.'
        : target.kind === 'sentinel'
          ? 'Fix: check REDIS_SENTINELS and REDIS_SENTINEL_MASTER (redis-cli -p <sentinel port> sentinel get-master-addr-by-name <master>).'
          : 'Fix: start Redis there, correct REDIS_URL, or unset REDIS_URL to run on in-memory stores.';
    throw new BalieError('STORAGE_UNAVAILABLE', `cannot reach Redis at ${describeRedisTarget(target)}: ${(err as Error).message}. ${fix}`, { cause: err });
  }
}

/** For messages and logs: never the password. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.kind === 'single') return redactUrl(target.url);
  const list = (nodes: RedisNode[]) => nodes.map((n) => `${n.host}:${n.port}`).join(',');
  if (target.kind === 'cluster') return `cluster ${list(target.nodes)}`;
  return `sentinel master "${target.master}" via ${list(target.sentinels)}`;
}

/** `redis://user:secret@host` → `redis://user:***@host`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** Parses `host:port,host:port` (IPv6 as `[::1]:7000`); `bad` lists the entries that are not. */
export function parseRedisNodes(list: string): { nodes: RedisNode[]; bad: string[] } {
  const nodes: RedisNode[] = [];
  const bad: string[] = [];
  for (const raw of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) bad.push(raw);
    else nodes.push({ host: m[1]!.replace(/^\[|\]$/g, ''), port });
  }
  return { nodes, bad };
}
