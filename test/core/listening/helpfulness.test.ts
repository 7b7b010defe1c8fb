import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createMemoryFaqHelpfulness } from '../../../src/core/listening/helpfulness-memory.js';
import { createRedisFaqHelpfulness } from '../../../src/core/listening/helpfulness-redis.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { faqHelpfulnessContract } from './helpfulness.contract.js';

faqHelpfulnessContract('memory', {
  async open() {
    const store = createMemoryFaqHelpfulness();
    return { store, peer: store };
  },
});

const clients: Redis[] = [];
const connection = (i: number) => (clients[i] ??= new Redis(testRedisUrl(), { connectionName: `helpfulness-contract-${i}` }));
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit()));
});
faqHelpfulnessContract('redis', {
  async open() {
    const prefix = uniquePrefix('helpfulness');
    return { store: createRedisFaqHelpfulness(connection(0), prefix), peer: createRedisFaqHelpfulness(connection(1), prefix) };
  },
});
