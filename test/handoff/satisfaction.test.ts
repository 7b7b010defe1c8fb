import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySatisfactionStore, createRedisSatisfactionStore, satisfactionReport, summarise, type SatisfactionStore } from '../../src/handoff/satisfaction.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

// Every satisfaction store passes the same contract: in memory (one process) and on Redis, where the
// peer is another process's view of the same ratings.
interface Pair {
  store: SatisfactionStore;
  peer: SatisfactionStore;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

function contract(name: string, open: () => Pair) {
  describe(`${name} satisfaction store`, () => {
    let ctx: Pair;
    beforeEach(() => {
      ctx = open();
    });

    it('keeps a rating only for a resolved chat, with the agent who resolved it, for every process', async () => {
      const now = Date.now();
      expect(await ctx.store.rate('webchat:never', 5, now)).toBeUndefined();
      await ctx.store.awaitRating('webchat:a', 'sanne', now - HOUR);
      expect(await ctx.peer.rate('webchat:a', 4, now)).toEqual({ key: 'webchat:a', agentId: 'sanne', score: 4, at: now });
      expect(await ctx.store.ratings(now - DAY)).toEqual([{ key: 'webchat:a', agentId: 'sanne', score: 4, at: now }]);
      expect(await ctx.peer.ratings(now - DAY)).toEqual(await ctx.store.ratings(now - DAY));
    });

    it('keeps one rating per chat (the last), refuses marks outside 1..5, and reads from a given time, oldest first', async () => {
      const now = Date.now();
      await ctx.store.awaitRating('telegram:1', 'sanne', now - 3 * DAY);
      await ctx.store.awaitRating('telegram:2', 'bram', now - 2 * DAY);
      await ctx.store.rate('telegram:1', 2, now - 3 * DAY + HOUR);
      await ctx.peer.rate('telegram:2', 5, now - 2 * DAY + HOUR);
      await ctx.peer.rate('telegram:1', 3, now - 2 * DAY + 2 * HOUR);
      await expect(ctx.store.rate('telegram:1', 6, now)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(ctx.store.rate('telegram:1', 0, now)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect((await ctx.store.ratings(now - 7 * DAY)).map((r) => [r.key, r.score])).toEqual([
        ['telegram:2', 5],
        ['telegram:1', 3],
      ]);
      expect((await ctx.peer.ratings(now - 2 * DAY + 90 * 60_000)).map((r) => r.key)).toEqual(['telegram:1']);
      expect(await ctx.store.ratings(now)).toEqual([]);
    });

    it('reports average, distribution and per agent for today and the last 7 days', async () => {
      const now = Date.now();
      const midnight = new Date(now);
      midnight.setHours(0, 0, 0, 0);
      for (const [key, agentId, score, at] of [
        ['webchat:old', 'bram', 1, now - 10 * DAY],
        ['webchat:week', 'bram', 2, now - 3 * DAY],
        ['webchat:t1', 'sanne', 5, now],
        ['webchat:t2', 'sanne', 4, now],
      ] as const) {
        await ctx.store.awaitRating(key, agentId, at);
        await ctx.store.rate(key, score, at);
      }
      const report = await satisfactionReport(ctx.peer, now, (id) => ({ sanne: 'Sanne de Vries', bram: 'Bram Jansen' })[id] ?? id);
      expect(report.last7Days).toEqual({
        since: new Date(now - 7 * DAY).toISOString(),
        count: 3,
        average: 3.67,
        distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 },
        agents: [
          { agentId: 'sanne', name: 'Sanne de Vries', count: 2, average: 4.5 },
          { agentId: 'bram', name: 'Bram Jansen', count: 1, average: 2 },
        ],
      });
      expect(report.today).toMatchObject({ since: midnight.toISOString(), count: 2, average: 4.5, agents: [{ agentId: 'sanne', count: 2 }] });
    });
  });
}

contract('memory', () => {
  const store = createMemorySatisfactionStore();
  return { store, peer: store };
});

const clients: Redis[] = [];
const connection = (i: number) => (clients[i] ??= new Redis(testRedisUrl(), { connectionName: `satisfaction-contract-${i}` }));
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit()));
});
contract('redis', () => {
  const prefix = uniquePrefix('csat');
  return { store: createRedisSatisfactionStore(connection(0), prefix), peer: createRedisSatisfactionStore(connection(1), prefix) };
});

it('summarises no ratings as nothing, not as zero', () => {
  expect(summarise([], 0, (id) => id)).toEqual({ since: new Date(0).toISOString(), count: 0, average: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, agents: [] });
});
