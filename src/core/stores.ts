import type { Logger } from 'pino';
import { BalieError } from './errors.js';
import type { Inbox } from './inbox.js';
import { createMemoryInbox } from './inbox-memory.js';
import { createRedisInbox } from './inbox-redis.js';
import { connectRedis, createRedisClient, type RedisTarget } from './redis/connect.js';
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
  /** Durable per-conversation inboxes and leases (the ingress's; src/core/inbox.ts). */
  readonly inbox: Inbox;
  /** The Redis connection, for stores added by later parts (handoff); undefined in memory mode. */
  readonly redis?: RedisClient;
  readonly prefix: string;
  /** Throws when the backing store cannot be reached (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryStores(): Stores {
  const bus = new MemoryEventBus();
  const state = new MemoryStateStorage();
  const transcripts = new MemoryTranscriptStore();
  return {
    kind: 'memory',
    state,
    dedupe: new MemoryDedupeStore(),
    transcripts,
    inbox: createMemoryInbox({ state, transcripts }),
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
  /** A single Redis (redis://…); or give `target` for Redis Cluster or Sentinel. */
  url?: string;
  target?: RedisTarget;
  prefix?: string;
  logger: Logger;
  /** Drop dialog state not touched for this long. */
  stateTtlMs?: number;
  /** How long a conversation's lease lasts without renewal (a dead process's chats wait this long). */
  leaseMs?: number;
}

export async function createRedisStores(options: RedisStoresOptions): Promise<Stores> {
  const prefix = options.prefix ?? 'balie:';
  const target: RedisTarget | undefined = options.target ?? (options.url ? { kind: 'single', url: options.url } : undefined);
  if (!target) throw new BalieError('CONFIG_INVALID', 'createRedisStores needs a url or a target');
  // The subscriber is a connection of its own: a connection in subscribe mode runs no other commands.
  const client = createRedisClient(target, { logger: options.logger, role: 'main' });
  const subscriber = createRedisClient(target, { logger: options.logger, role: 'sub' });
  await connectRedis([client, subscriber], target);
  const bus = new RedisEventBus(client, subscriber, prefix, options.logger);
  return {
    kind: 'redis',
    state: new RedisStateStorage({ client, prefix, ttlMs: options.stateTtlMs ?? 0 }),
    dedupe: new RedisDedupeStore(client, prefix),
    transcripts: new RedisTranscriptStore(client, prefix),
    inbox: createRedisInbox({ client, prefix, stateTtlMs: options.stateTtlMs ?? 0, leaseMs: options.leaseMs }),
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
export { redactUrl } from './redis/connect.js';
