import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { packageRoot } from '../../src/core/paths.js';
import { MemoryEventBus } from '../../src/core/storage/event-bus.js';
import { createTranslator, loadLocales } from '../../src/dialogs/i18n.js';
import { createMemoryFiguresStore, createRedisFiguresStore, FIGURES_KEPT_MS, type HandoffFiguresStore } from '../../src/handoff/figures.js';
import { median, percentile, startOfDay } from '../../src/handoff/figures-report.js';
import { createHandoffMetrics } from '../../src/handoff/metrics.js';
import { createMemorySatisfactionStore, createRedisSatisfactionStore, type SatisfactionStore } from '../../src/handoff/satisfaction.js';
import { HandoffService } from '../../src/handoff/service.js';
import { createMemoryHandoffStore } from '../../src/handoff/store/memory-store.js';
import { defaultTestConfig } from '../../src/testing/test-chat.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const SECOND = 1000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

// Every figures store passes the same contract: in memory (one process) and on Redis, where the peer
// is another process's view of the same figures.
interface Pair {
  store: HandoffFiguresStore;
  peer: HandoffFiguresStore;
}

function contract(name: string, open: () => Pair) {
  describe(`${name} handoff figures store`, () => {
    let ctx: Pair;
    beforeEach(() => {
      ctx = open();
    });

    it('keeps a handoff, its first take and its first end, for every process', async () => {
      const now = Date.now();
      await ctx.store.requested('webchat:a@1', now);
      await ctx.peer.taken('webchat:a@1', 'bram', now + 30 * SECOND);
      await ctx.store.taken('webchat:a@1', 'sanne', now + 90 * SECOND);
      await ctx.peer.ended('webchat:a@1', 'resolved', now + 10 * 60 * SECOND, 'sanne');
      await ctx.store.ended('webchat:a@1', 'abandoned', now + 11 * 60 * SECOND);
      await ctx.store.taken('webchat:unknown@1', 'bram', now);
      const expected = [{ id: 'webchat:a@1', requestedAt: now, agentId: 'bram', takenAt: now + 30 * SECOND, end: 'resolved', endedAt: now + 10 * 60 * SECOND, endedBy: 'sanne' }];
      expect(await ctx.store.since(now - DAY)).toEqual(expected);
      expect(await ctx.peer.since(now - DAY)).toEqual(expected);
    });

    it('reads from a given time, oldest first, and forgets handoffs older than 35 days', async () => {
      const now = Date.now();
      await ctx.store.requested('telegram:old@1', now - FIGURES_KEPT_MS - HOUR);
      await ctx.store.ended('telegram:old@1', 'abandoned', now - FIGURES_KEPT_MS);
      await ctx.store.requested('telegram:2@1', now - 2 * DAY);
      await ctx.peer.requested('telegram:1@1', now - 3 * DAY);
      await ctx.peer.requested('telegram:1@1', now - DAY);
      await ctx.store.requested('telegram:3@1', now);
      expect((await ctx.store.since(0)).map((f) => [f.id, f.requestedAt])).toEqual([
        ['telegram:1@1', now - 3 * DAY],
        ['telegram:2@1', now - 2 * DAY],
        ['telegram:3@1', now],
      ]);
      expect((await ctx.peer.since(now - 2 * DAY)).map((f) => f.id)).toEqual(['telegram:2@1', 'telegram:3@1']);
      expect(await ctx.store.since(now + 1)).toEqual([]);
    });
  });
}

contract('memory', () => {
  const store = createMemoryFiguresStore();
  return { store, peer: store };
});

const clients: Redis[] = [];
const connection = (i: number) => (clients[i] ??= new Redis(testRedisUrl(), { connectionName: `figures-contract-${i}` }));
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit()));
});
contract('redis', () => {
  const prefix = uniquePrefix('figures');
  return { store: createRedisFiguresStore(connection(0), prefix), peer: createRedisFiguresStore(connection(1), prefix) };
});

describe('median and p90', () => {
  it('takes the middle (mean of the two middle ones for an even count) and the nearest rank', () => {
    expect(median([])).toBeNull();
    expect(median([30, 10, 20])).toBe(20);
    expect(median([10, 40, 20, 30])).toBe(25);
    expect(percentile([], 0.9)).toBeNull();
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
  });

  it('starts the day at midnight in the business time zone, across a DST change', () => {
    // 02:30 in Amsterdam on 29 March 2026 (after the clocks went forward at 02:00 → 03:00)
    expect(new Date(startOfDay(Date.parse('2026-03-29T01:30:00Z'), 'Europe/Amsterdam')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfDay(Date.parse('2026-03-29T23:30:00Z'), 'Europe/Amsterdam')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(startOfDay(Date.parse('2026-12-03T04:00:00Z'), 'America/New_York')).toISOString()).toBe('2026-12-02T05:00:00.000Z');
  });
});

// Thursday 3 December 2026, 15:00 in Amsterdam.
const THURSDAY_15 = Date.parse('2026-12-03T14:00:00Z');

async function service(stores: { figures: HandoffFiguresStore; satisfaction: SatisfactionStore }, clock: { now: number }) {
  const config = defaultTestConfig();
  const store = createMemoryHandoffStore();
  const s = new HandoffService({
    store,
    bus: new MemoryEventBus(),
    messenger: { send: async () => undefined },
    t: createTranslator(loadLocales(join(packageRoot(), 'locales')), 'nl'),
    agents: config.agents,
    metrics: createHandoffMetrics(new Registry()),
    logger: createLogger({ level: 'silent' }),
    settings: { ...config.handoff, timeZone: 'Europe/Amsterdam' },
    now: () => clock.now,
    ...stores,
  });
  await store.syncAgents(
    config.agents.map((a) => ({ id: a.id, maxChats: 1, languages: a.languages, skills: a.skills })),
    clock.now,
  );
  return s;
}

const ask = (s: HandoffService, id: string) =>
  s.request({ customer: { channelId: 'test', conversationId: id, userId: `u-${id}`, name: id }, reference: {}, reason: 'customer-asked', language: 'nl', collected: {} });

describe.each([
  ['memory', () => ({ figures: createMemoryFiguresStore(), satisfaction: createMemorySatisfactionStore() })],
  [
    'redis',
    () => {
      const prefix = uniquePrefix('figures-report');
      return { figures: createRedisFiguresStore(connection(0), prefix), satisfaction: createRedisSatisfactionStore(connection(0), prefix) };
    },
  ],
])('figures from the handoff service (%s, injected clock)', (_name, stores) => {
  it('counts handoffs, waits (median, p90), abandoned, resolved and ratings for today, the week, each day and each agent', async () => {
    const clock = { now: THURSDAY_15 - 2 * DAY };
    const shared = stores();
    const s = await service(shared, clock);
    // Each agent has room for one chat and is online only to take the next one: the router offers it, they accept.
    const take = async (agent: string) => {
      await s.setPresence(agent, 'online');
      const [offered] = await s.store.agentCases(agent);
      await s.accept(agent, offered!.key);
      return offered!.key;
    };
    const done = async (agent: string, key: string, score?: number) => {
      await s.resolve(agent, key);
      if (score) await s.recordRating(key, score);
      await s.setPresence(agent, 'offline');
    };
    // Tuesday: one handoff, taken by Sanne after 100 s, resolved and rated 2.
    await ask(s, 'tue');
    clock.now += 100 * SECOND;
    await done('sanne', await take('sanne'), 2);

    // Thursday: ten handoffs; nine taken after 10, 20 … 90 s (Bram the odd ones, rating the first three
    // 3, 4, 5), the last one's customer leaves.
    clock.now = THURSDAY_15 - HOUR;
    for (let i = 1; i <= 10; i++) await ask(s, `thu${i}`);
    for (let i = 1; i <= 9; i++) {
      clock.now = THURSDAY_15 - HOUR + i * 10 * SECOND;
      const agent = i % 2 ? 'bram' : 'sanne';
      await done(agent, await take(agent), i <= 3 ? 2 + i : undefined);
    }
    const open = await Promise.all(Array.from({ length: 10 }, (_, i) => s.caseFor(`test:thu${i + 1}`)));
    await s.customerCancels(open.find((c) => c !== undefined)!);
    clock.now = THURSDAY_15;

    const report = await s.figuresReport(7);
    expect(report.timeZone).toBe('Europe/Amsterdam');
    expect(report.today).toMatchObject({
      since: '2026-12-02T23:00:00.000Z',
      handoffs: 10,
      taken: 9,
      abandoned: 1,
      resolved: 9,
      medianWaitSeconds: 50,
      p90WaitSeconds: 90,
      satisfaction: { count: 3, average: 4, distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 } },
    });
    expect(report.today.agents).toEqual([
      { agentId: 'bram', name: 'Bram Jansen', taken: 5, resolved: 5, medianWaitSeconds: 50, satisfaction: { count: 2, average: 4 } },
      { agentId: 'sanne', name: 'Sanne de Vries', taken: 4, resolved: 4, medianWaitSeconds: 50, satisfaction: { count: 1, average: 4 } },
    ]);
    expect(report.period).toMatchObject({ days: 7, since: '2026-11-26T23:00:00.000Z', handoffs: 11, abandoned: 1, resolved: 10, medianWaitSeconds: 55, p90WaitSeconds: 90 });
    expect(report.period.satisfaction).toMatchObject({ count: 4, average: 3.5, distribution: { '1': 0, '2': 1, '3': 1, '4': 1, '5': 1 } });
    expect(report.days.map((d) => [d.date, d.handoffs, d.medianWaitSeconds, d.ratings])).toEqual([
      ['2026-11-27', 0, null, 0],
      ['2026-11-28', 0, null, 0],
      ['2026-11-29', 0, null, 0],
      ['2026-11-30', 0, null, 0],
      ['2026-12-01', 1, 100, 1],
      ['2026-12-02', 0, null, 0],
      ['2026-12-03', 10, 50, 3],
    ]);

    // Another process on the same stores (a restart) reports the same.
    const again = await service(shared, clock);
    expect(await again.figuresReport(7)).toEqual(report);
  });
});

it('counts the wait to the first take, and the resolve for whoever resolved after a transfer', async () => {
  const clock = { now: THURSDAY_15 - HOUR };
  const s = await service({ figures: createMemoryFiguresStore(), satisfaction: createMemorySatisfactionStore() }, clock);
  await ask(s, 'moved');
  clock.now += 40 * SECOND;
  await s.setPresence('bram', 'online');
  await s.accept('bram', 'test:moved');
  clock.now += 5 * 60 * SECOND;
  await s.setPresence('sanne', 'online');
  await s.transfer('bram', 'test:moved', 'sanne', 'needs the warranty people');
  await s.accept('sanne', (await s.store.agentCases('sanne'))[0]!.key);
  await s.resolve('sanne', 'test:moved');
  clock.now = THURSDAY_15;
  const { today } = await s.figuresReport(1);
  expect(today).toMatchObject({ handoffs: 1, taken: 1, resolved: 1, medianWaitSeconds: 40 });
  expect(today.agents).toEqual([
    { agentId: 'bram', name: 'Bram Jansen', taken: 1, resolved: 0, medianWaitSeconds: 40, satisfaction: { count: 0, average: null } },
    { agentId: 'sanne', name: 'Sanne de Vries', taken: 0, resolved: 1, medianWaitSeconds: null, satisfaction: { count: 0, average: null } },
  ]);
});
