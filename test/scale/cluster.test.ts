import calculateSlot from 'cluster-key-slot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { conversationTag } from '../../src/core/inbox.js';
import { createLogger } from '../../src/core/logger.js';
import { connectRedis, createRedisClient } from '../../src/core/redis/connect.js';
import type { RedisClient } from '../../src/core/redis/slots.js';
import { stateRedisKey } from '../../src/core/storage/redis-storage.js';
import { createRedisStores } from '../../src/core/stores.js';
import { createRedisHandoffStore } from '../../src/handoff/store/redis-store.js';
import { formatResult, runHarness } from '../../scripts/harness/harness.js';
import { inboxContract, redisInboxHarness } from '../core/inbox.contract.js';
import { storesContract } from '../core/storage/stores.contract.js';
import { handoffStoreContract } from '../handoff/store/handoff-store.contract.js';
import { startRedisCluster, type RedisClusterProcess } from '../support/redis-cluster.js';
import { uniquePrefix } from '../support/redis.js';

/*
 * Redis Cluster: a 3-master cluster of our own on loopback. The same contract suites as on one
 * Redis (reused, not copied) run against it; on a cluster Redis refuses a script or a multi-key
 * command whose keys are in different slots (CROSSSLOT), so passing them is the cluster-safety
 * audit of every script they reach. Then a small multi-process run on the cluster.
 */
const logger = createLogger({ level: 'silent' });
let cluster: RedisClusterProcess;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

storesContract('redis cluster', {
  create: async () => createRedisStores({ target: cluster.target, prefix: uniquePrefix('cluster'), logger }),
  peer: async (stores) => createRedisStores({ target: cluster.target, prefix: stores.prefix, logger }),
  // A script runs in one slot: keys in different slots are written by one script each.
  atomicPerSlotOnly: true,
});

// Two cluster connections for the whole file, a fresh prefix per test: the peer is another process's view.
const clients: RedisClient[] = [];
const connection = async (i: number) => {
  if (!clients[i]) {
    const client = createRedisClient(cluster.target, { logger, role: `handoff-contract-${i}` });
    await connectRedis([client], cluster.target);
    clients[i] = client;
  }
  return clients[i]!;
};
handoffStoreContract('redis cluster', {
  async create(options) {
    const prefix = uniquePrefix('handoff');
    return {
      store: createRedisHandoffStore({ client: await connection(0), prefix, ...options }),
      peer: createRedisHandoffStore({ client: await connection(1), prefix, ...options }),
    };
  },
  async close() {
    await Promise.all(clients.splice(0).map((c) => c.quit()));
  },
});

// The durable ingress's inbox: two processes' handles, each on a cluster connection of its own.
inboxContract('redis cluster', async () => {
  const prefix = uniquePrefix('inbox');
  const [a, b] = [createRedisClient(cluster.target, { logger, role: 'inbox-a' }), createRedisClient(cluster.target, { logger, role: 'inbox-b' })];
  await connectRedis([a, b], cluster.target);
  // Longer than on one Redis: twenty appends from two cluster clients must all land within one lease.
  const leaseMs = 1000;
  return redisInboxHarness(a, b, prefix, leaseMs);
});

describe('balie on a Redis Cluster', () => {
  it('is configured with REDIS_CLUSTER_NODES and spreads its keys over the masters', async () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: cluster.env, BALIE_REDIS_PREFIX: uniquePrefix('cfg') });
    expect(config.redis).toEqual({ kind: 'cluster', nodes: cluster.nodes });
    const stores = await createRedisStores({ target: config.redis!, prefix: config.redisPrefix, logger });
    try {
      const keys = Array.from({ length: 30 }, (_, i) => `webchat/conversations/c${i}/`);
      await stores.state.write(Object.fromEntries(keys.map((k, i) => [k, { i }])));
      const read = await stores.state.read(keys);
      expect(Object.keys(read)).toHaveLength(30);
      // Not all on one node: the keys really are spread, so the grouping by slot was exercised.
      const slots = new Set(keys.map((k) => calculateSlot(stateRedisKey(config.redisPrefix, k))));
      expect(slots.size).toBeGreaterThan(1);
      await stores.ping();
    } finally {
      await stores.close();
    }
  });

  // Without the trailing "/" of botbuilder's state key in the inbox's hash tag, the dialog state
  // went to another slot and was written by a second, unfenced script.
  it("keeps a conversation's inbox and its dialog state in one slot, so the fenced write is one script", () => {
    // botbuilder's ConversationState key is `<channel>/conversations/<id>/` (with the slash).
    for (const [channel, id] of [
      ['telegram', '7000001'],
      ['slack', 'D0123ABC'],
      ['webchat', '0a1b2c3d'],
    ]) {
      const inbox = `balie:inbox:${conversationTag(`${channel}:${id}`)}:q`;
      const state = stateRedisKey('balie:', `${channel}/conversations/${id}/`);
      expect(calculateSlot(inbox), `${inbox} and ${state}`).toBe(calculateSlot(state));
    }
  });

  it('answers every message once and in order with three processes on the cluster', { timeout: 240_000 }, async () => {
    const size = { processes: 3, messages: 180, conversations: 30 };
    const r = await runHarness({ scenario: 'plain', topology: 'cluster', cluster, ...size });
    console.log(formatResult(r));
    expect(r).toMatchObject({ lost: 0, answeredTwice: 0, outOfOrder: 0, crashed: [], unhandledRejections: 0 });
  });
});
