import { describe, expect, it } from 'vitest';
import { aCase, active, agent, expectOk, MIN, onlineAgents, T0, type Ctx } from './fixtures.js';

export function queueContract(ctx: Ctx): void {
  describe('queue', () => {
    it('orders VIPs (boosted by 15 minutes) before the longest waiting, then by key', async () => {
      await ctx.store.open(aCase('tg:old'), T0);
      await ctx.store.open(aCase('tg:vip-late', { vip: true }), T0 + 25 * MIN);
      await ctx.store.open(aCase('tg:vip', { vip: true }), T0 + 10 * MIN);
      await ctx.store.open(aCase('tg:b'), T0 + 6 * MIN);
      await ctx.store.open(aCase('tg:a'), T0 + 6 * MIN);
      const order = ['tg:vip', 'tg:old', 'tg:a', 'tg:b', 'tg:vip-late'];
      expect((await ctx.peer.queue(10)).map((c) => c.key)).toEqual(order);
      expect((await ctx.peer.queue(2)).map((c) => c.key)).toEqual(order.slice(0, 2));
      expect(await ctx.peer.queue(0)).toEqual([]);
      expect(await ctx.peer.queueLength()).toBe(5);
      for (const [i, key] of order.entries()) expect(await ctx.peer.position(key)).toBe(i + 1);
      expect(await ctx.peer.position('tg:none')).toBeUndefined();
    });

    it('keeps position while offered-and-declined, and starts over after a transfer', async () => {
      await onlineAgents(ctx.store, [agent('bo'), agent('anna')]);
      await ctx.store.open(aCase('tg:1'), T0);
      await ctx.store.open(aCase('tg:2'), T0 + MIN);
      const o = expectOk(await ctx.store.offer('tg:1', 1, 'bo', T0 + 3 * MIN, T0 + 2 * MIN)).case!;
      expect(await ctx.store.position('tg:2')).toBe(1);
      expectOk(await ctx.store.decline('tg:1', o.version, 'bo', T0 + 2 * MIN));
      expect((await ctx.store.queue(5)).map((c) => c.key)).toEqual(['tg:1', 'tg:2']);
      const a = expectOk(await ctx.store.claim('tg:1', o.version + 1, 'anna', T0 + 3 * MIN)).case!;
      expectOk(await ctx.store.transfer('tg:1', a.version, 'anna', undefined, undefined, 0, T0 + 4 * MIN));
      expect((await ctx.store.queue(5)).map((c) => c.key)).toEqual(['tg:2', 'tg:1']);
    });

    it('honours a configured VIP boost', async () => {
      const other = await ctx.create({ vipBoostMs: 0 });
      await other.store.open(aCase('tg:vip', { vip: true }), T0 + 1);
      await other.store.open(aCase('tg:plain'), T0);
      expect((await other.peer.queue(5)).map((c) => c.key)).toEqual(['tg:plain', 'tg:vip']);
    });
  });

  describe('agent cases', () => {
    it('lists what is offered to or owned by an agent, and nothing for others', async () => {
      await onlineAgents(ctx.store, [agent('bo', 3), agent('anna')]);
      const a = await active(ctx.store, 'tg:1', 'bo', T0);
      await ctx.store.open(aCase('tg:2'), T0 + 1);
      const o = expectOk(await ctx.store.offer('tg:2', 1, 'bo', T0 + MIN, T0 + 1)).case!;
      await ctx.store.open(aCase('tg:3'), T0 + 2);
      expect(await ctx.peer.agentCases('bo')).toEqual([a, o]);
      expect(await ctx.peer.agentCases('anna')).toEqual([]);
      expect(await ctx.peer.agentCases('ghost')).toEqual([]);
    });
  });

  describe('recent waits', () => {
    it('lists waits from queue to accept or claim, newest first, keeping the last 100', async () => {
      await onlineAgents(ctx.store, [agent('bo', 200)]);
      for (let i = 0; i < 105; i++) {
        const { case: c } = await ctx.store.open(aCase(`tg:${i}`), T0);
        if (i % 2) {
          const o = expectOk(await ctx.store.offer(c.key, 1, 'bo', T0 + 10 * MIN, T0)).case!;
          expectOk(await ctx.store.accept(c.key, o.version, 'bo', T0 + i * 1_000));
        } else {
          expectOk(await ctx.store.claim(c.key, 1, 'bo', T0 + i * 1_000));
        }
      }
      const waits = await ctx.peer.recentWaits(1_000);
      expect(waits).toHaveLength(100);
      expect(waits.slice(0, 3)).toEqual([104_000, 103_000, 102_000]);
      expect(waits.at(-1)).toBe(5_000);
      expect(await ctx.peer.recentWaits(2)).toEqual([104_000, 103_000]);
    });

    it('counts the whole wait when a declined case is accepted later', async () => {
      await onlineAgents(ctx.store, [agent('bo'), agent('anna')]);
      await ctx.store.open(aCase('tg:1'), T0);
      const o = expectOk(await ctx.store.offer('tg:1', 1, 'bo', T0 + 2 * MIN, T0 + MIN)).case!;
      const q = expectOk(await ctx.store.decline('tg:1', o.version, 'bo', T0 + 2 * MIN)).case!;
      const o2 = expectOk(await ctx.store.offer('tg:1', q.version, 'anna', T0 + 4 * MIN, T0 + 3 * MIN)).case!;
      expectOk(await ctx.store.accept('tg:1', o2.version, 'anna', T0 + 3 * MIN + 500));
      expect(await ctx.store.recentWaits(5)).toEqual([3 * MIN + 500]);
    });
  });
}
