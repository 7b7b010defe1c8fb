import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BalieError } from './errors.js';
import type { RedisClient } from './redis/slots.js';
import { MemoryDedupeStore, RedisDedupeStore, type DedupeStore } from './storage/dedupe.js';
import { MemoryEventBus, RedisEventBus, type EventBus } from './storage/event-bus.js';
import { MemorySharedValues, RedisSharedValues, type SharedValues } from './storage/kv.js';
import { MemoryStateStorage } from './storage/memory-storage.js';
import { RedisStateStorage } from './storage/redis-storage.js';
import type { StateStorage } from './storage/state-storage.js';
import { MemoryTranscriptStore, RedisTranscriptStore, type TranscriptStore } from './storage/transcript.js';

/** Everything balie keeps, behind ports; Redis in production, memory for a one-process trial run. */
export interface Stores {
  readonly kind: 'memory' | 'redis';
  readonly state: StateStorage;
  readonly dedupe: DedupeStore;
  readonly transcripts: TranscriptStore;
  readonly bus: EventBus;
  readonly shared: SharedValues;
  /** The Redis connection, for stores added by later parts (handoff); undefined in memory mode. */
  readonly redis?: RedisClient;
  readonly prefix: string;
  /** Throws when the backing store cannot be reached (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryStores(): Stores {
  const bus = new MemoryEventBus();
  return {
    kind: 'memory',
    state: new MemoryStateStorage(),
    dedupe: new MemoryDedupeStore(),
    transcripts: new MemoryTranscriptStore(),
    bus,
    shared: new MemorySharedValues(),
    prefix: 'balie:',
    async ping() {},
    async close() {
      await bus.close();
    },
  };
}

export interface RedisStoresOptions {
  url: string;
  prefix?: string;
  logger: Logger;
  /** Drop dialog state not touched for this long. */
  stateTtlMs?: number;
}

function connect(url: string, logger: Logger, role: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    connectionName: `balie-${role}`,
    // Fail a command after a couple of reconnect attempts instead of queueing forever, so a
    // webhook can answer 503 and the platform retries later.
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let reported = false;
  client.on('error', (err) => {
    if (!reported) logger.error({ err, role, code: 'STORAGE_UNAVAILABLE' }, 'Redis connection error');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) logger.info({ role }, 'Redis connection restored');
    reported = false;
  });
  return client;
}

export async function createRedisStores(options: RedisStoresOptions): Promise<Stores> {
  const prefix = options.prefix ?? 'balie:';
  const client = connect(options.url, options.logger, 'main');
  const subscriber = connect(options.url, options.logger, 'sub');
  try {
    await Promise.all([client.connect(), subscriber.connect()]);
  } catch (err) {
    client.disconnect();
    subscriber.disconnect();
    throw new BalieError(
      'STORAGE_UNAVAILABLE',
      `cannot reach Redis at ${redactUrl(options.url)}: ${(err as Error).message}. ` +
        'Fix: start Redis there, correct REDIS_URL, or unset REDIS_URL to run on in-memory stores.',
      { cause: err },
    );
  }
  const bus = new RedisEventBus(client, subscriber, prefix, options.logger);
  return {
    kind: 'redis',
    state: new RedisStateStorage({ client, prefix, ttlMs: options.stateTtlMs ?? 0 }),
    dedupe: new RedisDedupeStore(client, prefix),
    transcripts: new RedisTranscriptStore(client, prefix),
    bus,
    shared: new RedisSharedValues(client, prefix),
    redis: client,
    prefix,
    async ping() {
      await client.ping();
    },
    async close() {
      await bus.close();
      await Promise.allSettled([client.quit(), subscriber.quit()]);
    },
  };
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
