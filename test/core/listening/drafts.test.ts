import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createMemoryTeachDrafts } from '../../../src/core/listening/drafts-memory.js';
import { createRedisTeachDrafts } from '../../../src/core/listening/drafts-redis.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { teachDraftsContract } from './drafts.contract.js';

teachDraftsContract('memory', {
  async open(now) {
    const drafts = createMemoryTeachDrafts(now);
    return { drafts, peer: drafts };
  },
});

const clients: Redis[] = [];
const connection = (i: number) => (clients[i] ??= new Redis(testRedisUrl(), { connectionName: `teach-drafts-contract-${i}` }));
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit()));
});
teachDraftsContract('redis', {
  async open(now) {
    const prefix = uniquePrefix('teach-drafts');
    return { drafts: createRedisTeachDrafts(connection(0), prefix, now), peer: createRedisTeachDrafts(connection(1), prefix, now) };
  },
});
