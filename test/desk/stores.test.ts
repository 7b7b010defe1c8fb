import { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { createMemoryDeskStores, createRedisDeskStores } from '../../src/desk/stores.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import type { DeskStoresBackend } from './stores/backend.js';
import { mediaStoreContract } from './stores/media.contract.js';
import { notesStoreContract } from './stores/notes.contract.js';
import { sessionStoreContract } from './stores/sessions.contract.js';
import { slackPostsStoreContract } from './stores/slack-posts.contract.js';

// Every desk store pair passes the same contract, on the backend the app picks without Redis and on Redis.
function contracts(name: string, backend: DeskStoresBackend): void {
  describe(`${name} desk stores`, () => {
    afterAll(() => backend.close());
    sessionStoreContract(name, backend);
    notesStoreContract(name, backend);
    mediaStoreContract(name, backend);
    slackPostsStoreContract(name, backend);
  });
}

contracts('memory', {
  async open(options) {
    // One process: the "other process" is the same object.
    const store = createMemoryDeskStores(options);
    return { store, peer: store };
  },
  async close() {},
});

// Two connections for the whole file, a fresh prefix per test: the peer is another process's view.
const clients: Redis[] = [];
const connection = (i: number) => (clients[i] ??= new Redis(testRedisUrl(), { connectionName: `desk-stores-contract-${i}` }));
contracts('redis', {
  async open(options) {
    const prefix = uniquePrefix('desk');
    return { store: createRedisDeskStores(connection(0), prefix, options), peer: createRedisDeskStores(connection(1), prefix, options) };
  },
  async close() {
    await Promise.all(clients.splice(0).map((c) => c.quit()));
  },
});
