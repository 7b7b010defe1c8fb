import { describe, expect, it } from 'vitest';
import { aCase, lastAudit, MIN, T0, type Ctx } from './fixtures.js';

export function openContract(ctx: Ctx): void {
  describe('open', () => {
    it('opens a queued case at version 1, waiting since now', async () => {
      const { case: c, created } = await ctx.store.open(aCase('tg:1', { preferredAgentId: 'bo', preferUntil: T0 + 2 * MIN }), T0);
      expect(created).toBe(true);
      expect(c).toEqual({ ...aCase('tg:1'), state: 'queued', version: 1, openedAt: T0, queuedAt: T0, declinedBy: [], preferredAgentId: 'bo', preferUntil: T0 + 2 * MIN });
      expect(await ctx.peer.get('tg:1')).toEqual(c);
      expect(await ctx.store.queueLength()).toBe(1);
      expect(await lastAudit(ctx.store)).toMatchObject({ key: 'tg:1', action: 'open', from: 'bot', to: 'queued', version: 1, at: T0 });
    });

    it('returns the open case instead of opening a second one', async () => {
      const first = await ctx.store.open(aCase('tg:1'), T0);
      const again = await ctx.peer.open(aCase('tg:1', { reason: 'complaint', vip: true }), T0 + 5);
      expect(again).toEqual({ case: first.case, created: false });
      expect(await ctx.store.queueLength()).toBe(1);
      expect(await ctx.store.audit(10)).toHaveLength(1);
    });

    it('opens exactly one case when two connections open the same key at once', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? ctx.peer : ctx.store).open(aCase('tg:race'), T0 + i)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.case.openedAt)).size).toBe(1);
      expect(await ctx.store.queueLength()).toBe(1);
    });

    it('knows nothing of a key without a case', async () => {
      expect(await ctx.store.get('tg:none')).toBeUndefined();
    });

    it('round-trips every value: unicode, collected data, nested references, empty lists and objects', async () => {
      const input = aCase('wa:+31 6 {1234}|x', {
        language: 'nl',
        skills: ['retouren', 'ünïcode'],
        vip: true,
        customer: { channelId: 'whatsapp', conversationId: '+31 6 {1234}|x', userId: '31612345678', name: 'Zoë “Zo” Ünal 🌷' },
        customerKey: 'whatsapp:31612345678',
        reference: {
          conversation: { id: 'c/1', isGroup: false },
          user: { id: 'u', aadObjectId: null },
          list: [],
          empty: {},
          nested: [[1, 2.5], { deep: ['x'] }],
          big: 12345678901234567,
        },
        collected: { orderNumber: 'NL-12/34', notitie: 'Zo’n “tuinstoel”\nkost €49,95 — 🪑', leeg: '' },
        note: 'line 1\nline 2 \\ "quoted" </script>',
      });
      const { case: c } = await ctx.store.open(input, T0);
      expect(c).toMatchObject(input);
      expect(await ctx.peer.get(input.key)).toEqual(c);
      expect((await ctx.peer.queue(1))[0]).toEqual(c);
    });

    it('keeps an empty skills list a list', async () => {
      await ctx.store.open(aCase('tg:1', { skills: [] }), T0);
      const c = await ctx.peer.get('tg:1');
      expect(c!.skills).toEqual([]);
      expect(c!.declinedBy).toEqual([]);
    });
  });
}
