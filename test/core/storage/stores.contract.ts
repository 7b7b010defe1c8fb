import { ConversationState, TurnContext, UserState, type Storage, type StoreItems } from 'botbuilder';
import calculateSlot from 'cluster-key-slot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BalieError } from '../../../src/core/errors.js';
import type { Stores } from '../../../src/core/stores.js';
import { TurnBatchingStorage } from '../../../src/core/storage/turn-batching.js';

export interface StoresFactory {
  /** A fresh, isolated set of stores. */
  create(): Promise<Stores>;
  /** A second handle on the same data (another process's connection); the same object in memory. */
  peer(stores: Stores): Promise<Stores>;
  /** Redis Cluster: a write is all-or-nothing only within one slot (each state key is its own slot). */
  atomicPerSlotOnly?: boolean;
}

/** Two state keys Redis Cluster puts in one slot (a state key is its own hash tag: the slot is its key's). */
function keysInOneSlot(base: string): [string, string] {
  const first = `${base}/1`;
  const slot = calculateSlot(first);
  for (let n = 2; ; n++) if (calculateSlot(`${base}/${n}`) === slot) return [first, `${base}/${n}`];
}

const conflict = (err: unknown) => err instanceof BalieError && err.code === 'STORAGE_CONFLICT';

/** The one suite every store implementation must pass. */
export function storesContract(name: string, factory: StoresFactory): void {
  describe(`${name} stores contract`, () => {
    let stores: Stores;
    let peer: Stores;
    const opened: Stores[] = [];
    beforeAll(async () => {
      stores = await factory.create();
      peer = await factory.peer(stores);
      opened.push(stores, peer);
    });
    afterAll(async () => {
      for (const s of new Set(opened)) await s.close();
    });

    describe('state storage', () => {
      it('reads nothing for keys never written', async () => {
        expect(await stores.state.read(['nobody/conversations/x'])).toEqual({});
      });

      it('round-trips values and hands out an eTag', async () => {
        await stores.state.write({ 'a/1': { count: 1, nested: { list: [1, 'two'] } } });
        const read = await stores.state.read(['a/1', 'a/missing']);
        expect(Object.keys(read)).toEqual(['a/1']);
        expect(read['a/1']).toMatchObject({ count: 1, nested: { list: [1, 'two'] } });
        expect(typeof read['a/1']!.eTag).toBe('string');
      });

      it('writes with the current eTag, refuses a stale one, and "*" always wins', async () => {
        await stores.state.write({ 'b/1': { v: 1 } });
        const first = (await stores.state.read(['b/1']))['b/1']!;
        await stores.state.write({ 'b/1': { ...first, v: 2 } });
        await expect(stores.state.write({ 'b/1': { ...first, v: 3 } })).rejects.toSatisfy(conflict);
        expect((await stores.state.read(['b/1']))['b/1']).toMatchObject({ v: 2 });
        await stores.state.write({ 'b/1': { v: 4, eTag: '*' } });
        expect((await stores.state.read(['b/1']))['b/1']).toMatchObject({ v: 4 });
      });

      // On Redis Cluster keys in different slots cannot share one script, so each is compare-and-set
      // on its own there (docs/operations.md, "What is not guaranteed"): what holds is all-or-nothing
      // within a slot, which is what this asserts there, with two keys that share one.
      const [k1, k2] = factory.atomicPerSlotOnly ? keysInOneSlot('c') : ['c/1', 'c/2'];
      it(`is all-or-nothing across keys${factory.atomicPerSlotOnly ? ' of one slot' : ''}: one stale key means nothing is written`, async () => {
        await stores.state.write({ [k1]: { v: 1 }, [k2]: { v: 1 } });
        const read = await stores.state.read([k1, k2]);
        await stores.state.write({ [k2]: { ...read[k2], v: 2 } });
        await expect(stores.state.write({ [k1]: { ...read[k1], v: 9 }, [k2]: { ...read[k2], v: 9 } })).rejects.toSatisfy(conflict);
        const after = await stores.state.read([k1, k2]);
        expect(after[k1]).toMatchObject({ v: 1 });
        expect(after[k2]).toMatchObject({ v: 2 });
      });

      it('lets exactly one of two concurrent writers win (from two connections)', async () => {
        await stores.state.write({ 'd/1': { owner: 'nobody' } });
        for (let round = 0; round < 20; round++) {
          const [mine, theirs] = await Promise.all([stores.state.read(['d/1']), peer.state.read(['d/1'])]);
          const results = await Promise.allSettled([
            stores.state.write({ 'd/1': { ...mine['d/1'], owner: `a${round}` } }),
            peer.state.write({ 'd/1': { ...theirs['d/1'], owner: `b${round}` } }),
          ]);
          expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
          const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
          expect(conflict(loser.reason)).toBe(true);
          const winner = results[0]!.status === 'fulfilled' ? `a${round}` : `b${round}`;
          expect((await stores.state.read(['d/1']))['d/1']).toMatchObject({ owner: winner });
        }
      });

      it('updates the written item eTag, so a second save in one turn does not conflict', async () => {
        await stores.state.write({ 'e/1': { v: 1 } });
        const item = (await stores.state.read(['e/1']))['e/1']!;
        item.v = 2;
        await stores.state.write({ 'e/1': item });
        item.v = 3;
        await stores.state.write({ 'e/1': item });
        expect((await stores.state.read(['e/1']))['e/1']).toMatchObject({ v: 3 });
      });

      it('deletes keys and ignores missing ones', async () => {
        await stores.state.write({ 'f/1': { v: 1 } });
        await stores.state.delete(['f/1', 'f/never']);
        expect(await stores.state.read(['f/1'])).toEqual({});
      });

      it('keeps text as written (unicode, newlines, emoji)', async () => {
        const text = 'Hé! Ça va?\nZo’n “tuinstoel” 🌷 kost €49,95';
        await stores.state.write({ 'g/1': { text } });
        expect((await stores.state.read(['g/1']))['g/1']).toMatchObject({ text });
      });
    });

    describe('a botbuilder turn on the turn-batching storage', () => {
      it('costs one read and one write for conversation and user state together', async () => {
        const calls = { read: 0, write: 0, delete: 0 };
        const counting: Storage & { kind: Stores['state']['kind'] } = {
          kind: stores.state.kind,
          read: (keys) => (calls.read++, stores.state.read(keys)),
          write: (changes: StoreItems) => (calls.write++, stores.state.write(changes)),
          delete: (keys) => (calls.delete++, stores.state.delete(keys)),
        };
        const storage = new TurnBatchingStorage(counting);
        const conversation = new ConversationState(storage);
        const user = new UserState(storage);
        const turns = conversation.createProperty<{ n: number }>('turns');
        const seen = user.createProperty<{ n: number }>('seen');
        const adapter = { sendActivities: async () => [] } as never;
        const activity = { type: 'message', channelId: 'test', conversation: { id: 'batch-1' }, from: { id: 'u1' }, recipient: { id: 'bot' } } as never;
        for (let i = 1; i <= 3; i++) {
          const context = new TurnContext(adapter, activity);
          const keys = [conversation.getStorageKey(context)!, user.getStorageKey(context)!];
          await storage.runTurn(keys, async () => {
            const t = await turns.get(context, { n: 0 });
            const s = await seen.get(context, { n: 0 });
            await turns.set(context, { n: t.n + 1 });
            await seen.set(context, { n: s.n + 1 });
            await conversation.saveChanges(context);
            await user.saveChanges(context);
          });
        }
        expect(calls).toEqual({ read: 3, write: 3, delete: 0 });
        const probe = new TurnContext(adapter, activity);
        const [conversationKey, userKey] = [conversation.getStorageKey(probe)!, user.getStorageKey(probe)!];
        const stored = await stores.state.read([conversationKey, userKey]);
        expect(stored[conversationKey]).toMatchObject({ turns: { n: 3 } });
        expect(stored[userKey]).toMatchObject({ seen: { n: 3 } });
      });
    });

    describe('dedupe', () => {
      it('lets a native message id through once', async () => {
        const id = `tg:${Math.random()}`;
        expect(await stores.dedupe.claim(id, 60)).toBe(true);
        expect(await stores.dedupe.claim(id, 60)).toBe(false);
        expect(await peer.dedupe.claim(id, 60)).toBe(false);
      });

      it('lets exactly one of many concurrent claims win', async () => {
        const id = `race:${Math.random()}`;
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? peer : stores).dedupe.claim(id, 60)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('transcripts', () => {
      it('keeps entries in order and lists those after an id', async () => {
        const key = `web:${Math.random()}`;
        const base = { role: 'customer' as const, direction: 'in' as const, from: { id: 'u' }, timestamp: new Date().toISOString() };
        const a = await stores.transcripts.append(key, { ...base, text: 'een' });
        const b = await stores.transcripts.append(key, { ...base, text: 'twee' });
        const c = await peer.transcripts.append(key, { ...base, text: 'drie' });
        expect((await stores.transcripts.list(key)).map((e) => e.text)).toEqual(['een', 'twee', 'drie']);
        expect((await stores.transcripts.list(key, { after: a.id })).map((e) => e.id)).toEqual([b.id, c.id]);
        expect((await stores.transcripts.list(key, { limit: 2 })).map((e) => e.text)).toEqual(['twee', 'drie']);
        expect(await stores.transcripts.list(key, { after: c.id })).toEqual([]);
      });
    });

    describe('event bus', () => {
      it('delivers to subscribers (also across connections) until they unsubscribe', async () => {
        const got: unknown[] = [];
        const off = await peer.bus.subscribe('topic-a', (m) => got.push(m));
        await stores.bus.publish('topic-a', { n: 1 });
        await stores.bus.publish('topic-b', { n: 'other topic' });
        await waitFor(() => got.length === 1);
        await off();
        await stores.bus.publish('topic-a', { n: 2 });
        await new Promise((r) => setTimeout(r, 50));
        expect(got).toEqual([{ n: 1 }]);
      });
    });

    describe('shared values', () => {
      it('agrees on one value between connections', async () => {
        const name = `secret-${Math.random()}`;
        const [a, b] = await Promise.all([stores.shared.getOrCreate(name), peer.shared.getOrCreate(name)]);
        expect(a).toBe(b);
        expect(a.length).toBeGreaterThan(20);
      });
    });

    it('answers ping', async () => {
      await expect(stores.ping()).resolves.toBeUndefined();
    });
  });
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
