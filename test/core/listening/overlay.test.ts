import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryFaqOverlay, createRedisFaqOverlay } from '../../../src/core/listening/overlay.js';
import type { FaqOverlayStore } from '../../../src/core/listening/types.js';
import { createLogger } from '../../../src/core/logger.js';
import { MemoryEventBus, RedisEventBus } from '../../../src/core/storage/event-bus.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';

interface OverlayPair {
  store: FaqOverlayStore;
  peer: FaqOverlayStore;
}

function overlayContract(name: string, open: () => Promise<OverlayPair>): void {
  describe(`${name} FAQ overlay`, () => {
    it('keeps teachings in order with version, who and when, and tells every process', async () => {
      const { store, peer } = await open();
      let heard = 0;
      const off = await peer.watch(() => heard++);
      const first = await store.add({ kind: 'phrasing', entryId: 'warranty', language: 'en', question: 'do you repair e-bikes' }, 'fatima', 1000);
      const second = await peer.add({ kind: 'entry', entryId: 'bike-rental', texts: { en: { question: 'do you rent bikes', answer: 'No.' } } }, 'bram');
      expect([first.version, second.version]).toEqual([1, 2]);
      expect(first).toMatchObject({ by: 'fatima', at: 1000 });
      expect((await peer.list()).map((t) => [t.version, t.kind, t.by])).toEqual([
        [1, 'phrasing', 'fatima'],
        [2, 'entry', 'bram'],
      ]);
      await expect.poll(() => heard).toBeGreaterThanOrEqual(2);
      await off();
      await store.clear();
      expect(await peer.list()).toEqual([]);
    });
  });
}

overlayContract('memory', async () => {
  const store = createMemoryFaqOverlay(new MemoryEventBus());
  return { store, peer: store };
});

const clients: Redis[] = [];
const buses: RedisEventBus[] = [];
afterAll(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
  await Promise.all(clients.splice(0).map((c) => c.quit()));
});
overlayContract('redis', async () => {
  const prefix = uniquePrefix('overlay');
  const logger = createLogger({ level: 'silent' });
  const side = () => {
    const client = new Redis(testRedisUrl());
    const subscriber = new Redis(testRedisUrl());
    clients.push(client, subscriber);
    const bus = new RedisEventBus(client, subscriber, prefix, logger);
    buses.push(bus);
    return createRedisFaqOverlay(client, prefix, bus);
  };
  return { store: side(), peer: side() };
});
