import { Redis } from 'ioredis';
import { createMemoryHandoffStore } from '../../../src/handoff/store/memory-store.js';
import { createRedisHandoffStore } from '../../../src/handoff/store/redis-store.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { handoffStoreContract } from './handoff-store.contract.js';

handoffStoreContract('memory', {
  async create(options) {
    // One process: the "other connection" is the same object.
    const store = createMemoryHandoffStore(options);
    return { store, peer: store };
  },
  async close() {},
});

// Two connections for the whole file, a fresh prefix per test: the peer is another process's view.
const clients: Redis[] = [];
const connection = (i: number) => (clients[i] ??= new Redis(testRedisUrl(), { connectionName: `handoff-contract-${i}` }));
handoffStoreContract('redis', {
  async create(options) {
    const prefix = uniquePrefix('handoff');
    return {
      store: createRedisHandoffStore({ client: connection(0), prefix, ...options }),
      peer: createRedisHandoffStore({ client: connection(1), prefix, ...options }),
    };
  },
  async close() {
    await Promise.all(clients.splice(0).map((c) => c.quit()));
  },
});
