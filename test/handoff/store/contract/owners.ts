import { describe, expect, it } from 'vitest';
import { aCase, active, agent, agentState, expectOk, expectRefused, lastAudit, loadOf, MIN, offered, onlineAgents, T0, type Ctx } from './fixtures.js';

export function ownersContract(ctx: Ctx): void {
  describe('claim', () => {
    it('gives a queued case straight to the agent who picks it', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const { case: c } = await ctx.store.open(aCase('tg:1'), T0);
      const t = expectOk(await ctx.peer.claim('tg:1', 1, 'bo', T0 + 7_000));
      expect(t.case).toEqual({ ...c, state: 'active', version: 2, agentId: 'bo', acceptedAt: T0 + 7_000 });
      expect(await ctx.store.queueLength()).toBe(0);
      expect(await ctx.store.agentCases('bo')).toEqual([t.case]);
      expect(await ctx.store.recentWaits(5)).toEqual([7_000]);
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'claim', from: 'queued', to: 'active', version: 2, agentId: 'bo' });
    });

    it('refuses unknown, offline, away and full agents, old versions and cases not queued', async () => {
      await ctx.store.syncAgents([agent('off'), agent('away'), agent('full', 1), agent('bo')], T0);
      await ctx.store.setPresence('away', 'away', T0);
      await ctx.store.setPresence('full', 'online', T0);
      await ctx.store.setPresence('bo', 'online', T0);
      await active(ctx.store, 'tg:held', 'full');
      expectRefused(await ctx.store.claim('tg:none', 1, 'bo', T0), 'not-found');
      await ctx.store.open(aCase('tg:1'), T0);
      expectRefused(await ctx.store.claim('tg:1', 1, 'ghost', T0), 'unknown-agent');
      for (const id of ['off', 'away', 'full']) expectRefused(await ctx.store.claim('tg:1', 1, id, T0), 'agent-unavailable');
      expectRefused(await ctx.store.claim('tg:1', 2, 'bo', T0), 'stale');
      expectRefused(await ctx.store.claim('tg:held', 2, 'bo', T0), 'wrong-state');
      expect(await ctx.store.position('tg:1')).toBe(1);
      expect(await loadOf(ctx.store, 'full')).toBe(1);
    });

    it('lets exactly one of two agents racing to claim the same case own it', async () => {
      await onlineAgents(ctx.store, [agent('anna'), agent('bo')]);
      for (let round = 0; round < 20; round++) {
        const key = `tg:r${round}`;
        await ctx.store.open(aCase(key), T0);
        const [a, b] = await Promise.all([ctx.store.claim(key, 1, 'anna', T0), ctx.peer.claim(key, 1, 'bo', T0)]);
        expect([a, b].filter((r) => r.ok)).toHaveLength(1);
        const owner = a.ok ? 'anna' : 'bo';
        expect((await ctx.store.get(key))!.agentId).toBe(owner);
        expectOk(await ctx.store.release(key, 2, owner, 'resolved', T0));
      }
      expect((await ctx.store.agents()).map((a) => a.load)).toEqual([0, 0]);
    });
  });

  describe('customers across channels', () => {
    it('links identities into one person, from any side, and remembers finished cases newest first', async () => {
      expect(await ctx.store.identities('telegram:1')).toEqual(['telegram:1']);
      expect(await ctx.store.linkCustomers('telegram:1', 'webchat:9')).toEqual(['telegram:1', 'webchat:9']);
      expect(await ctx.peer.linkCustomers('whatsapp:31@c.us', 'webchat:9')).toEqual(['telegram:1', 'webchat:9', 'whatsapp:31@c.us']);
      expect(await ctx.peer.identities('telegram:1')).toEqual(['telegram:1', 'webchat:9', 'whatsapp:31@c.us']);
      const entry = (key: string, closedAt: number) => ({
        key,
        channelId: key.split(':')[0]!,
        agentId: 'anna',
        reason: 'customer-asked' as const,
        how: 'resolved' as const,
        openedAt: closedAt - MIN,
        closedAt,
      });
      await ctx.store.addHistory('telegram:1', entry('telegram:c1', T0));
      await ctx.peer.addHistory('webchat:9', entry('webchat:c2', T0 + 2 * MIN));
      await ctx.store.addHistory('telegram:1', entry('telegram:c3', T0 + MIN));
      expect((await ctx.peer.history(await ctx.store.identities('webchat:9'), 10)).map((e) => e.key)).toEqual(['webchat:c2', 'telegram:c3', 'telegram:c1']);
      expect(await ctx.store.history(['telegram:1'], 1)).toEqual([entry('telegram:c3', T0 + MIN)]);
    });

    it('unlinks one identity from the person, seen from every side and every process', async () => {
      await ctx.store.linkCustomers('telegram:1', 'webchat:9');
      await ctx.store.linkCustomers('whatsapp:31@c.us', 'webchat:9');
      expect(await ctx.peer.unlinkCustomer('webchat:9')).toEqual(['telegram:1', 'whatsapp:31@c.us']);
      expect(await ctx.store.identities('webchat:9')).toEqual(['webchat:9']);
      expect(await ctx.store.identities('telegram:1')).toEqual(['telegram:1', 'whatsapp:31@c.us']);
      expect(await ctx.peer.unlinkCustomer('telegram:1')).toEqual([]);
      expect(await ctx.store.identities('whatsapp:31@c.us')).toEqual(['whatsapp:31@c.us']);
      expect(await ctx.store.previousAgent('whatsapp:31@c.us')).toBeUndefined();
      expect(await ctx.store.unlinkCustomer('webchat:404')).toEqual([]);
    });
  });

  describe('prefer', () => {
    it('makes a queued case wait for one named agent, even while they are away', async () => {
      await ctx.store.syncAgents([agent('anna'), agent('bo')], T0);
      await ctx.store.setPresence('bo', 'online', T0);
      const { case: c } = await ctx.store.open(aCase('tg:1'), T0);
      const t = expectOk(await ctx.peer.prefer('tg:1', c.version, 'anna', T0 + 60 * MIN, T0 + MIN));
      expect(t.case).toEqual({ ...c, version: 2, preferredAgentId: 'anna', preferUntil: T0 + 60 * MIN, waitsForPreferred: true });
      expect(await ctx.store.position('tg:1')).toBe(1);
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'prefer', from: 'queued', to: 'queued', version: 2, agentId: 'anna' });
    });

    it('refuses unknown agents, old versions and cases not queued', async () => {
      await onlineAgents(ctx.store, [agent('anna')]);
      await ctx.store.open(aCase('tg:1'), T0);
      expectRefused(await ctx.store.prefer('tg:1', 1, 'ghost', T0, T0), 'unknown-agent');
      expectRefused(await ctx.store.prefer('tg:1', 2, 'anna', T0, T0), 'stale');
      await active(ctx.store, 'tg:held', 'anna');
      expectRefused(await ctx.store.prefer('tg:held', 2, 'anna', T0, T0), 'wrong-state');
      expectRefused(await ctx.store.prefer('tg:none', 1, 'anna', T0, T0), 'not-found');
    });
  });

  describe('transfer', () => {
    it('puts the chat back in the queue, preferring the colleague named, with the note', async () => {
      await onlineAgents(ctx.store, [agent('anna'), agent('bo')]);
      const c = await active(ctx.store, 'tg:1', 'anna', T0);
      const t = expectOk(await ctx.peer.transfer('tg:1', c.version, 'anna', 'bo', 'Wil zijn geld terug 💸', T0 + 3 * MIN, T0 + MIN));
      const { agentId: _a, acceptedAt: _t, ...rest } = c;
      expect(t.case).toEqual({
        ...rest,
        state: 'queued',
        version: 3,
        reason: 'transfer',
        queuedAt: T0 + MIN,
        openedAt: T0,
        note: 'Wil zijn geld terug 💸',
        preferredAgentId: 'bo',
        preferUntil: T0 + 3 * MIN,
        declinedBy: ['anna'],
      });
      expect(await agentState(ctx.store, 'anna')).toMatchObject({ load: 0, lastFreeAt: T0 + MIN });
      expect(await ctx.store.position('tg:1')).toBe(1);
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'transfer', from: 'active', to: 'queued', version: 3, agentId: 'anna', detail: 'to bo' });
      expectOk(await ctx.store.offer('tg:1', 3, 'bo', T0 + 2 * MIN, T0 + MIN));
    });

    it('without a colleague named, prefers nobody and drops an old note', async () => {
      await onlineAgents(ctx.store, [agent('anna'), agent('bo')]);
      const c = await active(ctx.store, 'tg:1', 'anna', T0);
      const first = expectOk(await ctx.store.transfer('tg:1', c.version, 'anna', 'bo', 'note', T0 + 3 * MIN, T0)).case!;
      const taken = expectOk(await ctx.store.claim('tg:1', first.version, 'bo', T0)).case!;
      const t = expectOk(await ctx.store.transfer('tg:1', taken.version, 'bo', undefined, undefined, T0 + 3 * MIN, T0 + 1));
      expect(t.case).not.toHaveProperty('note');
      expect(t.case).not.toHaveProperty('preferredAgentId');
      expect(t.case).not.toHaveProperty('preferUntil');
      expect(t.case!.declinedBy).toEqual(['bo']);
    });

    it('refuses anyone but the owner, unknown colleagues, old versions and chats not active', async () => {
      await onlineAgents(ctx.store, [agent('anna'), agent('bo')]);
      expectRefused(await ctx.store.transfer('tg:none', 1, 'anna', 'bo', undefined, T0, T0), 'not-found');
      const c = await active(ctx.store, 'tg:1', 'anna');
      expectRefused(await ctx.store.transfer('tg:1', c.version, 'bo', undefined, undefined, T0, T0), 'not-owner');
      expectRefused(await ctx.store.transfer('tg:1', c.version, 'anna', 'ghost', undefined, T0, T0), 'unknown-agent');
      expectRefused(await ctx.store.transfer('tg:1', c.version + 1, 'anna', 'bo', undefined, T0, T0), 'stale');
      await offered(ctx.store, 'tg:2', 'bo');
      expectRefused(await ctx.store.transfer('tg:2', 2, 'bo', 'anna', undefined, T0, T0), 'wrong-state');
      expect(await ctx.store.get('tg:1')).toEqual(c);
    });
  });

  describe('release', () => {
    it('hands the chat back to the bot, frees the slot and remembers the agent for this customer', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const c = await active(ctx.store, 'tg:1', 'bo');
      const t = expectOk(await ctx.peer.release('tg:1', c.version, 'bo', 'handed-back', T0 + MIN));
      expect(t).toEqual({ ok: true, previous: c });
      expect(await ctx.store.get('tg:1')).toBeUndefined();
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ load: 0, lastFreeAt: T0 + MIN });
      expect(await ctx.store.agentCases('bo')).toEqual([]);
      expect(await ctx.store.lastAgent(c.customerKey)).toBe('bo');
      expect(await ctx.store.lastAgent('telegram:someone-else')).toBeUndefined();
      expect(await lastAudit(ctx.store)).toMatchObject({ key: 'tg:1', action: 'hand-back', from: 'active', to: 'bot', version: 3, agentId: 'bo' });
    });

    it('resolves, and a later request opens a fresh case', async () => {
      await onlineAgents(ctx.store, [agent('bo'), agent('anna')]);
      const c = await active(ctx.store, 'tg:1', 'bo');
      expectOk(await ctx.store.release('tg:1', c.version, 'bo', 'resolved', T0 + MIN));
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'resolve', agentId: 'bo' });
      const again = await ctx.store.open(aCase('tg:1'), T0 + 2 * MIN);
      expect(again).toMatchObject({ created: true, case: { version: 1, state: 'queued', openedAt: T0 + 2 * MIN } });
      const later = await active(ctx.store, 'tg:2', 'anna');
      expectOk(await ctx.store.release('tg:2', later.version, 'anna', 'resolved', T0));
      expect(await ctx.store.lastAgent(later.customerKey)).toBe('anna');
    });

    it('finds the person a customer last talked to on any of their linked channels, their own first', async () => {
      await onlineAgents(ctx.store, [agent('bo'), agent('anna')]);
      const web = 'webchat:u-anna';
      expect(await ctx.store.previousAgent(web)).toBeUndefined();
      const onTelegram = await active(ctx.store, 'tg:1', 'bo');
      expectOk(await ctx.store.release('tg:1', onTelegram.version, 'bo', 'resolved', T0));
      // Not linked yet: the web chat customer is someone else as far as balie knows.
      expect(await ctx.peer.previousAgent(web)).toBeUndefined();
      await ctx.store.linkCustomers(web, onTelegram.customerKey);
      expect(await ctx.peer.previousAgent(web)).toBe('bo');
      const { case: c } = await ctx.store.open(aCase('web:1', { customerKey: web }), T0);
      const own = expectOk(await ctx.store.claim('web:1', c.version, 'anna', T0)).case!;
      expectOk(await ctx.store.release('web:1', own.version, 'anna', 'resolved', T0));
      expect(await ctx.peer.previousAgent(web)).toBe('anna');
      expect(await ctx.peer.previousAgent(onTelegram.customerKey)).toBe('bo');
    });

    it('refuses anyone but the owner, old versions and chats not active', async () => {
      await onlineAgents(ctx.store, [agent('anna'), agent('bo')]);
      expectRefused(await ctx.store.release('tg:none', 1, 'bo', 'resolved', T0), 'not-found');
      const c = await active(ctx.store, 'tg:1', 'anna');
      expectRefused(await ctx.store.release('tg:1', c.version, 'bo', 'resolved', T0), 'not-owner');
      expectRefused(await ctx.store.release('tg:1', c.version - 1, 'anna', 'resolved', T0), 'stale');
      const o = await offered(ctx.store, 'tg:2', 'bo');
      expectRefused(await ctx.store.release('tg:2', o.version, 'bo', 'resolved', T0), 'wrong-state');
      expect(await ctx.store.lastAgent(c.customerKey)).toBeUndefined();
      expect(await loadOf(ctx.store, 'anna')).toBe(1);
    });
  });

  describe('cancel', () => {
    it('takes a queued case back to the bot', async () => {
      await ctx.store.open(aCase('tg:1'), T0);
      const t = expectOk(await ctx.peer.cancel('tg:1', 1, T0 + 5));
      expect(t.case).toBeUndefined();
      expect(await ctx.store.get('tg:1')).toBeUndefined();
      expect(await ctx.store.queueLength()).toBe(0);
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'cancel', from: 'queued', to: 'bot', version: 2 });
    });

    it('withdraws an offer: the slot is freed and the expiry timer dropped', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      const c = await offered(ctx.store, 'tg:1', 'bo');
      expectOk(await ctx.store.cancel('tg:1', c.version, T0 + 5));
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ load: 0, lastFreeAt: T0 + 5 });
      expect(await ctx.store.takeDueTimers(T0 + 10 * MIN, 10)).toEqual([]);
      expect(await lastAudit(ctx.store)).toMatchObject({ action: 'cancel', from: 'offered', agentId: 'bo' });
    });

    it('refuses an active chat, old versions and missing cases', async () => {
      await onlineAgents(ctx.store, [agent('bo')]);
      expectRefused(await ctx.store.cancel('tg:none', 1, T0), 'not-found');
      const c = await active(ctx.store, 'tg:1', 'bo');
      expectRefused(await ctx.store.cancel('tg:1', c.version, T0), 'wrong-state');
      await ctx.store.open(aCase('tg:2'), T0);
      expectRefused(await ctx.store.cancel('tg:2', 5, T0), 'stale');
    });
  });

  describe('abandon', () => {
    it('closes a case in any state and frees whatever slot it held', async () => {
      await onlineAgents(ctx.store, [agent('bo', 3)]);
      await ctx.store.open(aCase('tg:q'), T0);
      const o = await offered(ctx.store, 'tg:o', 'bo');
      const a = await active(ctx.store, 'tg:a', 'bo');
      expect(await loadOf(ctx.store, 'bo')).toBe(2);
      expectOk(await ctx.store.abandon('tg:q', 1, 'queue timeout', T0 + 1));
      expectOk(await ctx.peer.abandon('tg:o', o.version, 'operator', T0 + 2));
      expectOk(await ctx.store.abandon('tg:a', a.version, 'customer gone', T0 + 3));
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ load: 0, lastFreeAt: T0 + 3 });
      expect(await ctx.store.queueLength()).toBe(0);
      expect(await ctx.store.lastAgent(a.customerKey)).toBeUndefined();
      expect((await ctx.store.audit(3)).map(({ action, from, to, agentId, detail }) => ({ action, from, to, agentId, detail }))).toEqual([
        { action: 'abandon', from: 'queued', to: 'bot', agentId: undefined, detail: 'queue timeout' },
        { action: 'abandon', from: 'offered', to: 'bot', agentId: 'bo', detail: 'operator' },
        { action: 'abandon', from: 'active', to: 'bot', agentId: 'bo', detail: 'customer gone' },
      ]);
    });

    it('refuses old versions and missing cases', async () => {
      expectRefused(await ctx.store.abandon('tg:none', 1, 'x', T0), 'not-found');
      await ctx.store.open(aCase('tg:1'), T0);
      expectRefused(await ctx.store.abandon('tg:1', 2, 'x', T0), 'stale');
      expect(await ctx.store.get('tg:1')).toBeDefined();
    });
  });
}
