import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { agentSchema } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';
import { packageRoot } from '../../src/core/paths.js';
import { createRedisStores, type Stores } from '../../src/core/stores.js';
import { createTranslator, loadLocales } from '../../src/dialogs/i18n.js';
import { createHandoffMetrics } from '../../src/handoff/metrics.js';
import { HandoffService } from '../../src/handoff/service.js';
import { createMemoryHandoffStore } from '../../src/handoff/store/memory-store.js';
import { createRedisHandoffStore } from '../../src/handoff/store/redis-store.js';
import type { HandoffStore, NewCase } from '../../src/handoff/types.js';
import { MemoryEventBus } from '../../src/core/storage/event-bus.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const logger = createLogger({ level: 'silent' });
let open: Stores[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

async function setup() {
  const stores = await createRedisStores({ url: testRedisUrl(), prefix: uniquePrefix('route'), logger });
  open.push(stores);
  const store = createRedisHandoffStore({ client: stores.redis!, prefix: stores.prefix });
  const agents = ['anna', 'ben'].map((id) => agentSchema.parse({ id, name: id, languages: ['nl'], maxChats: 3 }));
  const service = new HandoffService({
    store,
    bus: stores.bus,
    messenger: { send: async () => {} },
    t: createTranslator(loadLocales(join(packageRoot(), 'locales')), 'nl'),
    agents,
    metrics: createHandoffMetrics(new Registry()),
    logger,
    now: () => NOW,
  });
  await service.start();
  return { service, store };
}

function waiting(i: number, preferredAgentId?: string): NewCase {
  const key = `test:c${String(i).padStart(3, '0')}`;
  return {
    key,
    reason: 'customer-asked',
    language: 'nl',
    skills: [],
    vip: false,
    customer: { channelId: 'test', conversationId: `c${i}`, userId: `u${i}` },
    customerKey: `test:u${i}`,
    reference: {},
    collected: {},
    preferredAgentId,
    preferUntil: preferredAgentId ? NOW + 3_600_000 : undefined,
  };
}

describe('routing a long queue', () => {
  it('offers a case far behind a head of customers waiting for someone who is away', async () => {
    const { service, store } = await setup();
    // Forty customers wait for Ben (offline); behind them one who will take anyone.
    for (let i = 0; i < 40; i++) await store.open(waiting(i, 'ben'), NOW - 100_000 + i);
    await store.open(waiting(40), NOW - 1000);

    await service.setPresence('anna', 'online');

    expect((await store.get('test:c040'))!).toMatchObject({ state: 'offered', offeredTo: 'anna' });
    expect((await store.queue(100)).filter((c) => c.state === 'queued')).toHaveLength(40);
  });

  it('fills every free slot from the head of the queue in order', async () => {
    const { service, store } = await setup();
    for (let i = 0; i < 30; i++) await store.open(waiting(i), NOW - 100_000 + i);

    await service.setPresence('anna', 'online');
    await service.setPresence('ben', 'online');

    const offered = [];
    for (let i = 0; i < 30; i++) if ((await store.get(`test:c${String(i).padStart(3, '0')}`))!.state === 'offered') offered.push(i);
    // Two agents with three chats each: the six who waited longest.
    expect(offered).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await store.queueLength()).toBe(24);
  });
});

describe('routing while the queue is busy', () => {
  it('lets a caller wait for at most one more routing pass, however often others ask meanwhile', async () => {
    const inner = createMemoryHandoffStore();
    // Every routing pass starts by reading the queue; each read waits until the test lets it go.
    const gates: (() => void)[] = [];
    let passes = 0;
    const store: HandoffStore = Object.assign(Object.create(inner) as HandoffStore, {
      queue: async (limit: number) => {
        passes++;
        await new Promise<void>((go) => gates.push(go));
        return inner.queue(limit);
      },
    });
    const agents = [agentSchema.parse({ id: 'anna', name: 'anna', languages: ['nl'], maxChats: 3 })];
    const service = new HandoffService({
      store,
      bus: new MemoryEventBus(),
      messenger: { send: async () => {} },
      t: createTranslator(loadLocales(join(packageRoot(), 'locales')), 'nl'),
      agents,
      metrics: createHandoffMetrics(new Registry()),
      logger,
      now: () => NOW,
    });
    const release = async () => {
      while (gates.length === 0) await new Promise((r) => setTimeout(r, 1));
      gates.shift()!();
    };

    let firstDone = false;
    void service.routeQueue().then(() => (firstDone = true));
    let secondDone = false;
    // Asked during the first pass: served by the pass after it (shared by both calls).
    void service.routeQueue().then(() => (secondDone = true));
    void service.routeQueue();
    await release();
    await new Promise((r) => setTimeout(r, 5));
    expect(firstDone).toBe(true);
    expect(secondDone).toBe(false);
    // Someone asks again during the second pass: that does not hold up the second caller.
    void service.routeQueue();
    await release();
    await new Promise((r) => setTimeout(r, 5));
    expect(secondDone).toBe(true);
    await release();
    await service.stop();
    expect(passes).toBe(3);
  });
});
