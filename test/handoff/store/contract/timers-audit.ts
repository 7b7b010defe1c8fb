import { describe, expect, it } from 'vitest';
import type { Timer } from '../../../../src/handoff/types.js';
import { aCase, active, agent, expectOk, MIN, offered, onlineAgents, T0, type Ctx } from './fixtures.js';

export function timersAuditContract(ctx: Ctx): void {
  describe('timers', () => {
    it('returns due timers once, oldest first, at most `limit` at a time', async () => {
      const timers: Timer[] = [
        { kind: 'customer-idle', key: 'tg:1', version: 3, at: T0 + 30 },
        { kind: 'queue-timeout', key: 'tg:2', version: 1, at: T0 + 10 },
        { kind: 'prefer-expiry', key: 'tg:3|with|bars', version: 1, at: T0 + 20 },
        { kind: 'offer-expiry', key: 'tg:4', version: 2, at: T0 + 99 },
      ];
      for (const t of timers) await ctx.store.schedule(t);
      expect(await ctx.peer.takeDueTimers(T0 + 50, 2)).toEqual([timers[1], timers[2]]);
      expect(await ctx.store.takeDueTimers(T0 + 50, 10)).toEqual([timers[0]]);
      expect(await ctx.store.takeDueTimers(T0 + 50, 10)).toEqual([]);
      expect(await ctx.store.takeDueTimers(T0 + 100, 0)).toEqual([]);
      expect(await ctx.store.takeDueTimers(T0 + 100, 10)).toEqual([timers[3]]);
    });

    it('is idempotent per kind, key and version: scheduling again only moves the time', async () => {
      await ctx.store.schedule({ kind: 'customer-idle', key: 'tg:1', version: 3, at: T0 });
      await ctx.peer.schedule({ kind: 'customer-idle', key: 'tg:1', version: 3, at: T0 + MIN });
      await ctx.store.schedule({ kind: 'customer-idle', key: 'tg:1', version: 4, at: T0 });
      expect(await ctx.store.takeDueTimers(T0, 10)).toEqual([{ kind: 'customer-idle', key: 'tg:1', version: 4, at: T0 }]);
      expect(await ctx.store.takeDueTimers(T0 + MIN, 10)).toEqual([{ kind: 'customer-idle', key: 'tg:1', version: 3, at: T0 + MIN }]);
    });

    it('hands each due timer to exactly one of many concurrent callers', async () => {
      for (let i = 0; i < 200; i++) await ctx.store.schedule({ kind: 'queue-timeout', key: `tg:${i}`, version: 1, at: T0 + i });
      const batches = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? ctx.peer : ctx.store).takeDueTimers(T0 + 1_000, 25)));
      const keys = batches.flat().map((t) => t.key);
      expect(keys).toHaveLength(200);
      expect(new Set(keys).size).toBe(200);
    });

    it('still returns timers that a later transition made void (the caller checks the version)', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const c = await offered(ctx.store, 'tg:1', 'bo', T0, T0 + MIN);
      expectOk(await ctx.store.accept('tg:1', c.version, 'bo', T0 + 1));
      await ctx.store.schedule({ kind: 'offer-expiry', key: 'tg:1', version: c.version, at: T0 + MIN });
      await ctx.store.schedule({ kind: 'customer-idle', key: 'tg:gone', version: 9, at: T0 + MIN });
      const due = await ctx.store.takeDueTimers(T0 + MIN, 10);
      expect(due).toEqual([
        { kind: 'customer-idle', key: 'tg:gone', version: 9, at: T0 + MIN },
        { kind: 'offer-expiry', key: 'tg:1', version: 2, at: T0 + MIN },
      ]);
      expect((await ctx.store.get('tg:1'))!.version).toBe(3);
    });

    it('drives an offer expiry end to end: take the timer, expire with its version', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      await offered(ctx.store, 'tg:1', 'bo', T0, T0 + MIN);
      const [timer] = await ctx.peer.takeDueTimers(T0 + MIN, 10);
      expect(timer).toMatchObject({ kind: 'offer-expiry', key: 'tg:1', version: 2 });
      expect(expectOk(await ctx.peer.expireOffer(timer!.key, timer!.version, T0 + MIN)).case).toMatchObject({ state: 'queued', version: 3 });
    });
  });

  describe('audit', () => {
    it('records every transition, newest last', async () => {
      await onlineAgents(ctx.store, [agent('anna'), agent('bo')]);
      const steps: [string, string, string, string | undefined][] = [];
      const note = (action: string, from: string, to: string, agentId?: string) => steps.push([action, from, to, agentId]);
      let c = (await ctx.store.open(aCase('tg:1'), T0)).case;
      note('open', 'bot', 'queued');
      c = expectOk(await ctx.store.offer('tg:1', c.version, 'anna', T0 + MIN, T0)).case!;
      note('offer', 'queued', 'offered', 'anna');
      c = expectOk(await ctx.store.decline('tg:1', c.version, 'anna', T0)).case!;
      note('decline', 'offered', 'queued', 'anna');
      c = expectOk(await ctx.store.offer('tg:1', c.version, 'bo', T0 + MIN, T0)).case!;
      note('offer', 'queued', 'offered', 'bo');
      c = expectOk(await ctx.store.expireOffer('tg:1', c.version, T0)).case!;
      note('expire', 'offered', 'queued', 'bo');
      c = expectOk(await ctx.store.claim('tg:1', c.version, 'anna', T0)).case!;
      note('claim', 'queued', 'active', 'anna');
      c = expectOk(await ctx.store.transfer('tg:1', c.version, 'anna', 'bo', undefined, T0 + MIN, T0)).case!;
      note('transfer', 'active', 'queued', 'anna');
      c = expectOk(await ctx.store.offer('tg:1', c.version, 'bo', T0 + MIN, T0)).case!;
      note('offer', 'queued', 'offered', 'bo');
      c = expectOk(await ctx.store.accept('tg:1', c.version, 'bo', T0)).case!;
      note('accept', 'offered', 'active', 'bo');
      expectOk(await ctx.store.release('tg:1', c.version, 'bo', 'resolved', T0));
      note('resolve', 'active', 'bot', 'bo');
      c = (await ctx.store.open(aCase('tg:1'), T0)).case;
      note('open', 'bot', 'queued');
      expectOk(await ctx.store.cancel('tg:1', c.version, T0));
      note('cancel', 'queued', 'bot');

      const entries = await ctx.peer.audit(100);
      expect(entries.map((e) => [e.action, e.from, e.to, e.agentId])).toEqual(steps);
      expect(entries.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2]);
      expect(entries.every((e) => e.key === 'tg:1' && e.at === T0 && typeof e.id === 'string')).toBe(true);
      expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
      expect((await ctx.peer.audit(2)).map((e) => e.action)).toEqual(['open', 'cancel']);
      expect(await ctx.peer.audit(0)).toEqual([]);
    });

    it('writes no entry for a refused transition', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const c = await active(ctx.store, 'tg:1', 'bo');
      const before = await ctx.store.audit(100);
      await ctx.store.release('tg:1', c.version, 'someone', 'resolved', T0);
      await ctx.store.offer('tg:1', c.version, 'bo', T0, T0);
      await ctx.store.cancel('tg:1', c.version - 1, T0);
      expect(await ctx.store.audit(100)).toEqual(before);
    });
  });
}
