import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inbox, Lease } from '../../src/core/inbox.js';
import type { StateStorage } from '../../src/core/storage/state-storage.js';
import { RedisTranscriptStore, type TranscriptStore } from '../../src/core/storage/transcript.js';
import { createRedisInbox } from '../../src/core/inbox-redis.js';
import { RedisStateStorage } from '../../src/core/storage/redis-storage.js';
import type { RedisClient } from '../../src/core/redis/slots.js';

export interface InboxHarness {
  /** Two handles on the same inboxes (two processes, on Redis). */
  inbox: Inbox;
  peer: Inbox;
  state: StateStorage;
  transcripts: TranscriptStore;
  /** Lets every lease taken so far run out. */
  expire(): Promise<void>;
  close(): Promise<void>;
}

const nothing = { state: {}, stateDeletes: [], transcripts: [] };
const entry = (text: string) => JSON.stringify({ type: 'message', text });
const textOf = (json: string) => (JSON.parse(json) as { text: string }).text;

/** The inbox contract every implementation must keep (memory and Redis). */
/** Two processes' inbox handles on Redis, one connection each (`a` also holds state and transcripts). */
export function redisInboxHarness(a: RedisClient, b: RedisClient, prefix: string, leaseMs: number): InboxHarness {
  return {
    inbox: createRedisInbox({ client: a, prefix, leaseMs }),
    peer: createRedisInbox({ client: b, prefix, leaseMs }),
    state: new RedisStateStorage({ client: a, prefix }),
    transcripts: new RedisTranscriptStore(a, prefix),
    expire: () => new Promise((r) => setTimeout(r, leaseMs + 50)),
    async close() {
      a.disconnect();
      b.disconnect();
    },
  };
}

export function inboxContract(name: string, create: () => Promise<InboxHarness>): void {
  describe(`${name} inbox`, () => {
    let h: InboxHarness;
    let key: string;
    const opts = (owner: string) => ({ owner, dedupeTtlSeconds: 60 });
    beforeEach(async () => {
      h = await create();
      key = `test:${randomUUID().slice(0, 8)}`;
    });
    afterEach(() => h.close());

    it('gives the lease to the first message of an idle conversation, and queues the rest behind it', async () => {
      const first = await h.inbox.append(key, 'n1', entry('one'), opts('A'));
      const second = await h.peer.append(key, 'n2', entry('two'), opts('B'));
      expect(first).toMatchObject({ status: 'accepted', depth: 1, lease: { conversationKey: key, owner: 'A' } });
      expect(first.status === 'accepted' && textOf(first.head!.activityJson)).toBe('one');
      expect(second).toMatchObject({ status: 'accepted', depth: 2, holder: 'A' });
      expect(second.status === 'accepted' && second.lease).toBeUndefined();
      expect(await h.inbox.depth(key)).toBe(2);
    });

    it('accepts a native id once per conversation, from any process', async () => {
      expect((await h.inbox.append(key, 'same', entry('x'), opts('A'))).status).toBe('accepted');
      expect((await h.peer.append(key, 'same', entry('x'), opts('B'))).status).toBe('duplicate');
      expect((await h.inbox.append(`${key}-other`, 'same', entry('x'), opts('A'))).status).toBe('accepted');
      expect(await h.inbox.depth(key)).toBe(1);
    });

    it("refuses a message over the conversation's limit without storing it or remembering its id", async () => {
      const limit = { max: 2, windowMs: 60_000 };
      for (const n of ['l1', 'l2']) expect((await h.inbox.append(key, n, entry(n), { ...opts('A'), limit })).status).toBe('accepted');
      const over = await h.peer.append(key, 'l3', entry('l3'), { ...opts('B'), limit });
      expect(over).toMatchObject({ status: 'limited', count: 3 });
      expect(over.status === 'limited' && over.retryAfterMs).toBeGreaterThan(0);
      expect(await h.inbox.depth(key)).toBe(2);
      expect((await h.inbox.append(`${key}-other`, 'l3', entry('l3'), { ...opts('A'), limit })).status).toBe('accepted');
    });

    it('lets exactly one of many concurrent appends take the lease, and keeps them in order', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? h.peer : h.inbox).append(key, `c${i}`, entry(`m${i}`), opts(i % 2 ? 'B' : 'A'))));
      const owners = results.filter((r) => r.status === 'accepted' && r.lease);
      expect(owners).toHaveLength(1);
      const ids = results.map((r) => (r.status === 'accepted' ? Number(r.entryId) : 0));
      expect(new Set(ids).size).toBe(20);
    });

    it('hands the holder the next message with each commit, then releases the lease when the inbox is empty', async () => {
      const a = await h.inbox.append(key, 'n1', entry('one'), opts('A'));
      await h.inbox.append(key, 'n2', entry('two'), opts('A'));
      if (a.status !== 'accepted' || !a.lease) throw new Error('no lease');
      const first = await h.inbox.complete(a.lease, a.head!.id, nothing);
      expect(first).toMatchObject({ status: 'done', released: false });
      const next = first.status === 'done' ? first.next! : undefined;
      expect(textOf(next!.activityJson)).toBe('two');
      const second = await h.inbox.complete(a.lease, next!.id, nothing);
      expect(second).toMatchObject({ status: 'done', released: true });
      expect(second.status === 'done' && second.next).toBeUndefined();
      expect(await h.inbox.depth(key)).toBe(0);
      // Free again: the next message takes it, with a higher fencing token.
      const again = await h.peer.append(key, 'n3', entry('three'), opts('B'));
      expect(again.status === 'accepted' && again.lease!.fence).toBeGreaterThan(a.lease.fence);
    });

    // On Cluster a user's state lives in another slot than the conversation; the commit writes it
    // with a second script. Nobody may start the next turn before it is written (its replies and
    // reads would overtake this turn's), and a message that came in meanwhile must not be stranded.
    it('keeps the conversation until writes outside its own keys are done, then hands over the next message or releases', async () => {
      const user = `users/${key}-elsewhere`;
      const a = await h.inbox.append(key, 'n1', entry('one'), opts('A'));
      if (a.status !== 'accepted' || !a.lease) throw new Error('no lease');
      const late = await h.peer.append(key, 'n2', entry('two'), opts('B'));
      expect(late.status === 'accepted' && !late.lease).toBe(true);
      const first = await h.inbox.complete(a.lease, a.head!.id, { state: { [user]: { visits: 1 } }, stateDeletes: [], transcripts: [] });
      expect(first).toMatchObject({ status: 'done', released: false });
      expect(first.status === 'done' && textOf(first.next!.activityJson)).toBe('two');
      expect((await h.state.read([user]))[user]).toMatchObject({ visits: 1 });
      const second = await h.inbox.complete(a.lease, first.status === 'done' ? first.next!.id : '', {
        state: { [user]: { visits: 2, eTag: first.status === 'done' ? first.written[user]!.eTag : '' } },
        stateDeletes: [],
        transcripts: [],
      });
      expect(second).toMatchObject({ status: 'done', released: true, conflicts: [] });
      expect((await h.state.read([user]))[user]).toMatchObject({ visits: 2 });
      const again = await h.peer.append(key, 'n3', entry('three'), opts('B'));
      expect(again.status === 'accepted' && again.lease).toBeTruthy();
    });

    it('writes state and transcript lines with the commit, and refuses a stale eTag without losing the message', async () => {
      const a = await h.inbox.append(key, 'n1', entry('one'), opts('A'));
      if (a.status !== 'accepted' || !a.lease) throw new Error('no lease');
      const line = { direction: 'in' as const, role: 'customer' as const, from: { id: 'u' }, text: 'one', timestamp: new Date().toISOString() };
      const done = await h.inbox.complete(a.lease, a.head!.id, { state: { [`s/${key}`]: { n: 1 } }, stateDeletes: [], transcripts: [{ conversationKey: key, entry: line }] });
      if (done.status !== 'done') throw new Error('fenced');
      expect(done.conflicts).toEqual([]);
      expect(done.written[`s/${key}`]).toMatchObject({ n: 1, eTag: expect.any(String) });
      expect(done.transcripts[0]).toMatchObject({ text: 'one', id: expect.stringMatching(/^\d+-\d+$/) });
      expect((await h.state.read([`s/${key}`]))[`s/${key}`]).toMatchObject({ n: 1, eTag: done.written[`s/${key}`]!.eTag });
      expect((await h.transcripts.list(key)).map((e) => e.text)).toEqual(['one']);

      const b = await h.inbox.append(key, 'n2', entry('two'), opts('A'));
      if (b.status !== 'accepted' || !b.lease) throw new Error('no lease');
      const stale = await h.inbox.complete(b.lease, b.head!.id, { state: { [`s/${key}`]: { n: 5, eTag: 'not-the-current-one' } }, stateDeletes: [], transcripts: [] });
      expect(stale).toMatchObject({ status: 'done', conflicts: [`s/${key}`], released: true });
      expect((await h.state.read([`s/${key}`]))[`s/${key}`]).toMatchObject({ n: 1 });
      expect(await h.inbox.depth(key)).toBe(0);
    });

    it('fences a holder whose lease ran out and was taken over: its commit writes nothing and removes nothing', async () => {
      const a = await h.inbox.append(key, 'n1', entry('one'), opts('A'));
      if (a.status !== 'accepted' || !a.lease) throw new Error('no lease');
      await h.expire();
      const taken = await h.peer.sweep('B', 10);
      expect(taken).toHaveLength(1);
      expect(taken[0]!.lease).toMatchObject({ conversationKey: key, owner: 'B' });
      expect(taken[0]!.lease.fence).toBeGreaterThan(a.lease.fence);
      expect(textOf(taken[0]!.head.activityJson)).toBe('one');
      expect(await h.inbox.renew(a.lease)).toBe(false);

      const stale = await h.inbox.complete(a.lease, a.head!.id, { state: { [`s/${key}`]: { by: 'A' } }, stateDeletes: [], transcripts: [] });
      expect(stale).toEqual({ status: 'fenced' });
      expect(await h.state.read([`s/${key}`])).toEqual({});
      expect(await h.inbox.depth(key)).toBe(1);

      const fresh = await h.peer.complete(taken[0]!.lease, taken[0]!.head.id, { state: { [`s/${key}`]: { by: 'B' } }, stateDeletes: [], transcripts: [] });
      expect(fresh).toMatchObject({ status: 'done', released: true });
      expect((await h.state.read([`s/${key}`]))[`s/${key}`]).toMatchObject({ by: 'B' });
    });

    it('lets a holder whose lease lapsed finish when nobody took over', async () => {
      const a = await h.inbox.append(key, 'n1', entry('one'), opts('A'));
      if (a.status !== 'accepted' || !a.lease) throw new Error('no lease');
      await h.expire();
      expect(await h.inbox.complete(a.lease, a.head!.id, nothing)).toMatchObject({ status: 'done', released: true });
      expect(await h.inbox.depth(key)).toBe(0);
    });

    it('sweeps only conversations with messages whose lease is free', async () => {
      const held = await h.inbox.append(key, 'n1', entry('one'), opts('A'));
      if (held.status !== 'accepted' || !held.lease) throw new Error('no lease');
      expect(await h.peer.sweep('B', 10)).toEqual([]);
      await h.inbox.complete(held.lease, held.head!.id, nothing);
      await h.expire();
      expect(await h.peer.sweep('B', 10)).toEqual([]);
    });

    it('keeps a renewed lease from being swept', async () => {
      const a = await h.inbox.append(key, 'n1', entry('one'), opts('A'));
      if (a.status !== 'accepted' || !a.lease) throw new Error('no lease');
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, h.inbox.leaseMs / 3));
        expect(await h.inbox.renew(a.lease)).toBe(true);
      }
      expect(await h.peer.sweep('B', 10)).toEqual([]);
    });

    it('hands a conversation over on release, so another process continues at once', async () => {
      const a = await h.inbox.append(key, 'n1', entry('one'), opts('A'));
      await h.inbox.append(key, 'n2', entry('two'), opts('A'));
      if (a.status !== 'accepted' || !a.lease) throw new Error('no lease');
      const handed = await h.inbox.complete(a.lease, a.head!.id, nothing, { handOver: true });
      expect(handed).toMatchObject({ status: 'done', released: true });
      const taken = await h.peer.sweep('B', 10);
      expect(taken.map((t) => textOf(t.head.activityJson))).toEqual(['two']);
      await h.peer.release(taken[0]!.lease);
      const again: Lease[] = (await h.inbox.sweep('A', 10)).map((t) => t.lease);
      expect(again).toHaveLength(1);
    });
  });
}
