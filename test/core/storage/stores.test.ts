import { createLogger } from '../../../src/core/logger.js';
import { createMemoryStores, createRedisStores } from '../../../src/core/stores.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { storesContract } from './stores.contract.js';

storesContract('memory', {
  create: async () => createMemoryStores(),
  // One process: the "other connection" is the same object.
  peer: async (stores) => stores,
});

const logger = createLogger({ level: 'silent' });
storesContract('redis', {
  create: async () => createRedisStores({ url: testRedisUrl(), prefix: uniquePrefix('stores'), logger }),
  peer: async (stores) => createRedisStores({ url: testRedisUrl(), prefix: stores.prefix, logger }),
});
