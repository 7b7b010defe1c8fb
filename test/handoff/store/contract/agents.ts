import { describe, expect, it } from 'vitest';
import { aCase, agent, agentState, onlineAgents, T0, type Ctx } from './fixtures.js';

export function agentsContract(ctx: Ctx): void {
  describe('agents', () => {
    it('adds synced agents offline, idle since the sync, with no load', async () => {
      await ctx.store.syncAgents([agent('bo', 3, ['nl'], ['billing']), agent('anna', 1, ['en'])], T0);
      expect(await ctx.store.agents()).toEqual([
        { id: 'anna', presence: 'offline', load: 0, maxChats: 1, languages: ['en'], skills: [], lastFreeAt: T0, missedOffers: 0 },
        { id: 'bo', presence: 'offline', load: 0, maxChats: 3, languages: ['nl'], skills: ['billing'], lastFreeAt: T0, missedOffers: 0 },
      ]);
    });

    it('updates profiles on a re-sync but keeps presence, load and the idle clock', async () => {
      await onlineAgents(ctx.store, [agent('bo', 1)], T0);
      const { case: c } = await ctx.store.open(aCase('tg:1'), T0);
      await ctx.store.claim(c.key, c.version, 'bo', T0 + 5);
      await ctx.store.syncAgents([agent('bo', 4, ['de'], ['returns'])], T0 + 10);
      expect(await agentState(ctx.peer, 'bo')).toEqual({
        id: 'bo',
        presence: 'online',
        load: 1,
        maxChats: 4,
        languages: ['de'],
        skills: ['returns'],
        lastFreeAt: T0,
        missedOffers: 0,
      });
    });

    it('sets presence; going online starts the idle clock, staying online does not restart it', async () => {
      await ctx.store.syncAgents([agent('bo')], T0);
      expect(await ctx.store.setPresence('bo', 'online', T0 + 100)).toMatchObject({ presence: 'online', lastFreeAt: T0 + 100 });
      expect(await ctx.store.setPresence('bo', 'online', T0 + 200)).toMatchObject({ presence: 'online', lastFreeAt: T0 + 100 });
      expect(await ctx.store.setPresence('bo', 'away', T0 + 300)).toMatchObject({ presence: 'away', lastFreeAt: T0 + 100 });
      expect(await ctx.peer.setPresence('bo', 'offline', T0 + 400)).toMatchObject({ presence: 'offline' });
      expect(await agentState(ctx.store, 'bo')).toMatchObject({ presence: 'offline' });
      expect(await ctx.store.setPresence('bo', 'online', T0 + 500)).toMatchObject({ presence: 'online', lastFreeAt: T0 + 500 });
    });

    it('answers undefined for presence of an unknown agent, and does not create it', async () => {
      expect(await ctx.store.setPresence('ghost', 'online', T0)).toBeUndefined();
      expect(await ctx.store.agents()).toEqual([]);
    });

    it('keeps unicode agent ids and profile values', async () => {
      await ctx.store.syncAgents([agent('zoë-Ünal', 1, ['nl', 'tr'], ['retouren & ruilen'])], T0);
      expect(await ctx.peer.agents()).toMatchObject([{ id: 'zoë-Ünal', languages: ['nl', 'tr'], skills: ['retouren & ruilen'] }]);
    });
  });
}
