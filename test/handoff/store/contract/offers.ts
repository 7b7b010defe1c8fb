import { describe, expect, it } from 'vitest';
import { aCase, agent, agentState, expectOk, expectRefused, lastAudit, loadOf, MIN, offered, onlineAgents, T0, type Ctx } from './fixtures.js';

export function offersContract(ctx: Ctx): void {
  describe('offer', () => {
    it('offers a queued case: reserves a slot, leaves the queue, schedules the expiry', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const { case: c } = await ctx.store.open(aCase('tg:1'), T0);
      const t = expectOk(await ctx.store.offer('tg:1', 1, 'bo', T0 + MIN, T0 + 10));
      expect(t.previous).toEqual(c);
      expect(t.case).toEqual({ ...c, state: 'offered', version: 2, offeredTo: 'bo', offerDeadline: T0 + MIN });
      expect(await ctx.peer.get('tg:1')).toEqual(t.case);
      expect(await loadOf(ctx.peer, 'bo')).toBe(1);
      expect(await ctx.peer.agentCases('bo')).toEqual([t.case]);
      expect(await ctx.peer.queueLength()).toBe(0);
      expect(await ctx.peer.position('tg:1')).toBeUndefined();
      expect(await ctx.peer.takeDueTimers(T0 + MIN - 1, 10)).toEqual([]);
      expect(await ctx.peer.takeDueTimers(T0 + MIN, 10)).toEqual([{ kind: 'offer-expiry', key: 'tg:1', version: 2, at: T0 + MIN }]);
      expect(await lastAudit(ctx.store)).toMatchObject({ key: 'tg:1', action: 'offer', from: 'queued', to: 'offered', version: 2, agentId: 'bo', at: T0 + 10 });
    });

    it('refuses a case that does not exist, an old version, or a case not queued', async () => {
      await onlineAgents(ctx.store, [agent('bo'), agent('anna')]);
      expectRefused(await ctx.store.offer('tg:none', 1, 'bo', T0 + MIN, T0), 'not-found');
      await ctx.store.open(aCase('tg:1'), T0);
      expect(expectRefused(await ctx.store.offer('tg:1', 7, 'bo', T0 + MIN, T0), 'stale')).toMatchObject({ state: 'queued', version: 1 });
      expectOk(await ctx.store.offer('tg:1', 1, 'bo', T0 + MIN, T0));
      expect(expectRefused(await ctx.store.offer('tg:1', 2, 'anna', T0 + MIN, T0), 'wrong-state')).toMatchObject({ state: 'offered', offeredTo: 'bo' });
      expect(await loadOf(ctx.store, 'anna')).toBe(0);
    });

    it('refuses an unknown agent', async () => {
      await ctx.store.open(aCase('tg:1'), T0);
      expectRefused(await ctx.store.offer('tg:1', 1, 'ghost', T0 + MIN, T0), 'unknown-agent');
    });

    it('refuses an agent who is offline, away or full, and changes nothing', async () => {
      await ctx.store.syncAgents([agent('off'), agent('away'), agent('full', 1)], T0);
      await ctx.store.setPresence('away', 'away', T0);
      await ctx.store.setPresence('full', 'online', T0);
      await offered(ctx.store, 'tg:held', 'full');
      const { case: c } = await ctx.store.open(aCase('tg:1'), T0);
      for (const id of ['off', 'away', 'full']) {
        expect(expectRefused(await ctx.peer.offer('tg:1', 1, id, T0 + MIN, T0), 'agent-unavailable')).toEqual(c);
      }
      expect(await ctx.store.get('tg:1')).toEqual(c);
      expect(await ctx.store.position('tg:1')).toBe(1);
      expect(Object.fromEntries((await ctx.store.agents()).map((a) => [a.id, a.load]))).toEqual({ off: 0, away: 0, full: 1 });
    });

    it('does not offer a case again to an agent who declined it, unless told to', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const c = await offered(ctx.store, 'tg:1', 'bo');
      const back = expectOk(await ctx.store.decline('tg:1', c.version, 'bo', T0 + 1)).case!;
      expectRefused(await ctx.store.offer('tg:1', back.version, 'bo', T0 + MIN, T0 + 2), 'agent-unavailable');
      expect(expectOk(await ctx.store.offer('tg:1', back.version, 'bo', T0 + MIN, T0 + 2, { allowDeclined: true })).case).toMatchObject({ offeredTo: 'bo' });
    });

    it('lets exactly one of many racing offers for one case win', async () => {
      const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
      await onlineAgents(
        ctx.store,
        ids.map((id) => agent(id, 1)),
      );
      await ctx.store.open(aCase('tg:1'), T0);
      const results = await Promise.all(ids.map((id, i) => (i % 2 ? ctx.peer : ctx.store).offer('tg:1', 1, id, T0 + MIN, T0)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(Array(5).fill('stale'));
      expect((await ctx.store.agents()).reduce((n, a) => n + a.load, 0)).toBe(1);
    });

    it('never lets racing offers overfill one agent slot', async () => {
      await onlineAgents(ctx.store, [agent('bo', 1)]);
      for (let i = 0; i < 6; i++) await ctx.store.open(aCase(`tg:${i}`), T0);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? ctx.peer : ctx.store).offer(`tg:${i}`, 1, 'bo', T0 + MIN, T0)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await loadOf(ctx.store, 'bo')).toBe(1);
      expect(await ctx.store.agentCases('bo')).toHaveLength(1);
      expect(await ctx.store.queueLength()).toBe(5);
    });
  });

  describe('accept', () => {
    it('makes the offered agent the owner, drops the expiry timer and records the wait', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const c = await offered(ctx.store, 'tg:1', 'bo', T0);
      const t = expectOk(await ctx.peer.accept('tg:1', c.version, 'bo', T0 + 42_000));
      const { offeredTo: _o, offerDeadline: _d, ...rest } = c;
      expect(t.case).toEqual({ ...rest, state: 'active', version: 3, agentId: 'bo', acceptedAt: T0 + 42_000 });
      expect(await loadOf(ctx.store, 'bo')).toBe(1);
      expect(await ctx.store.takeDueTimers(T0 + 10 * MIN, 10)).toEqual([]);
      expect(await ctx.store.recentWaits(10)).toEqual([42_000]);
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'accept', from: 'offered', to: 'active', version: 3, agentId: 'bo', at: T0 + 42_000 });
    });

    it('refuses anyone but the agent it was offered to, old versions, and other states', async () => {
      await onlineAgents(ctx.store, [agent('bo'), agent('anna')]);
      expectRefused(await ctx.store.accept('tg:none', 2, 'bo', T0), 'not-found');
      const c = await offered(ctx.store, 'tg:1', 'bo');
      expect(expectRefused(await ctx.store.accept('tg:1', c.version, 'anna', T0), 'not-owner')).toEqual(c);
      expectRefused(await ctx.store.accept('tg:1', c.version - 1, 'bo', T0), 'stale');
      await ctx.store.open(aCase('tg:2'), T0);
      expectRefused(await ctx.store.accept('tg:2', 1, 'bo', T0), 'wrong-state');
      expect(await ctx.store.get('tg:1')).toEqual(c);
      expect(await loadOf(ctx.store, 'anna')).toBe(0);
    });

    it('lets exactly one of two racing accepts through', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const c = await offered(ctx.store, 'tg:1', 'bo');
      const results = await Promise.all([ctx.store.accept('tg:1', c.version, 'bo', T0), ctx.peer.accept('tg:1', c.version, 'bo', T0)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await ctx.store.recentWaits(10)).toHaveLength(1);
    });
  });

  describe('decline', () => {
    it('puts the case back in its place in the queue and frees the slot', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      await ctx.store.open(aCase('tg:0'), T0 - 1);
      const c = await offered(ctx.store, 'tg:1', 'bo', T0);
      await ctx.store.open(aCase('tg:2'), T0 + 1);
      const t = expectOk(await ctx.store.decline('tg:1', c.version, 'bo', T0 + 5_000));
      const { offeredTo: _o, offerDeadline: _d, ...rest } = c;
      expect(t.case).toEqual({ ...rest, state: 'queued', version: 3, queuedAt: T0, declinedBy: ['bo'] });
      expect(await ctx.peer.position('tg:1')).toBe(2);
      expect(await agentState(ctx.peer, 'bo')).toMatchObject({ load: 0, lastFreeAt: T0 + 5_000, missedOffers: 0 });
      expect(await ctx.store.agentCases('bo')).toEqual([]);
      expect(await ctx.store.takeDueTimers(T0 + 10 * MIN, 10)).toEqual([]);
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'decline', from: 'offered', to: 'queued', version: 3, agentId: 'bo' });
    });

    it('spends the preference for the customer’s previous agent when they decline', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const { case: c } = await ctx.store.open(aCase('tg:1', { preferredAgentId: 'bo', preferUntil: T0 + 2 * MIN }), T0);
      const o = expectOk(await ctx.store.offer('tg:1', c.version, 'bo', T0 + MIN, T0)).case!;
      const back = expectOk(await ctx.store.decline('tg:1', o.version, 'bo', T0 + 1)).case!;
      expect(back.preferredAgentId).toBe('bo');
      expect(back.preferUntil).toBeUndefined();
    });

    it('refuses anyone but the offered agent, old versions and other states', async () => {
      await onlineAgents(ctx.store, [agent('bo'), agent('anna')]);
      expectRefused(await ctx.store.decline('tg:none', 1, 'bo', T0), 'not-found');
      const c = await offered(ctx.store, 'tg:1', 'bo');
      expectRefused(await ctx.store.decline('tg:1', c.version, 'anna', T0), 'not-owner');
      expectRefused(await ctx.store.decline('tg:1', 1, 'bo', T0), 'stale');
      await ctx.store.open(aCase('tg:2'), T0);
      expectRefused(await ctx.store.decline('tg:2', 1, 'bo', T0), 'wrong-state');
      expect(await loadOf(ctx.store, 'bo')).toBe(1);
    });
  });

  describe('offer expiry', () => {
    it('puts the case back, frees the slot and counts a missed offer; two in a row make the agent away', async () => {
      await onlineAgents(ctx.store, [agent('bo', 3)]);
      const first = await offered(ctx.store, 'tg:1', 'bo');
      const t = expectOk(await ctx.peer.expireOffer('tg:1', first.version, T0 + MIN));
      expect(t.case).toMatchObject({ state: 'queued', version: 3, declinedBy: ['bo'], queuedAt: T0 });
      expect(t.case!.offeredTo).toBeUndefined();
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ presence: 'online', load: 0, missedOffers: 1, lastFreeAt: T0 + MIN });
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'expire', from: 'offered', to: 'queued', version: 3, agentId: 'bo' });

      const second = await offered(ctx.store, 'tg:2', 'bo', T0 + MIN);
      expectOk(await ctx.store.expireOffer('tg:2', second.version, T0 + 2 * MIN));
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ presence: 'away', missedOffers: 2, load: 0 });
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'expire', agentId: 'bo', detail: 'agent-away' });

      await ctx.store.open(aCase('tg:3'), T0);
      expectRefused(await ctx.store.offer('tg:3', 1, 'bo', T0 + 3 * MIN, T0 + 2 * MIN), 'agent-unavailable');
      expect(await ctx.store.setPresence('bo', 'online', T0 + 3 * MIN)).toMatchObject({ presence: 'online', missedOffers: 0, lastFreeAt: T0 + 3 * MIN });
      expectOk(await ctx.store.offer('tg:3', 1, 'bo', T0 + 4 * MIN, T0 + 3 * MIN));
    });

    it('counts only misses in a row: an answered offer resets the count', async () => {
      await onlineAgents(ctx.store, [agent('bo', 3)]);
      const a = await offered(ctx.store, 'tg:1', 'bo');
      expectOk(await ctx.store.expireOffer('tg:1', a.version, T0 + 1));
      const b = await offered(ctx.store, 'tg:2', 'bo');
      expectOk(await ctx.store.accept('tg:2', b.version, 'bo', T0 + 2));
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ missedOffers: 0 });
      const c = await offered(ctx.store, 'tg:3', 'bo');
      expectOk(await ctx.store.expireOffer('tg:3', c.version, T0 + 3));
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ presence: 'online', missedOffers: 1 });
    });

    it('leaves an offline agent offline (not away) when an offer to them expires', async () => {
      await onlineAgents(ctx.store, [agent('bo', 3)]);
      const a = await offered(ctx.store, 'tg:1', 'bo');
      const b = await offered(ctx.store, 'tg:2', 'bo');
      await ctx.store.setPresence('bo', 'offline', T0);
      expectOk(await ctx.store.expireOffer('tg:1', a.version, T0 + 1));
      expectOk(await ctx.store.expireOffer('tg:2', b.version, T0 + 1));
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ presence: 'offline', missedOffers: 2, load: 0 });
    });

    it('refuses a case that is not offered, or an old version', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      expectRefused(await ctx.store.expireOffer('tg:none', 2, T0), 'not-found');
      const c = await offered(ctx.store, 'tg:1', 'bo');
      expectRefused(await ctx.store.expireOffer('tg:1', c.version - 1, T0), 'stale');
      expectOk(await ctx.store.accept('tg:1', c.version, 'bo', T0));
      expectRefused(await ctx.store.expireOffer('tg:1', c.version + 1, T0), 'wrong-state');
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ missedOffers: 0, load: 1 });
    });
  });
}
