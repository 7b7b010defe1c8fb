import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createMemoryInbox } from '../../src/core/inbox-memory.js';
import { createRedisInbox } from '../../src/core/inbox-redis.js';
import { MemoryStateStorage } from '../../src/core/storage/memory-storage.js';
import { MemoryTranscriptStore } from '../../src/core/storage/transcript.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { inboxContract, redisInboxHarness } from './inbox.contract.js';

inboxContract('memory', async () => {
  let clock = Date.now();
  const state = new MemoryStateStorage();
  const transcripts = new MemoryTranscriptStore();
  const inbox = createMemoryInbox({ state, transcripts, leaseMs: 300, now: () => clock });
  return {
    inbox,
    // One process: the other handle is the same inbox.
    peer: inbox,
    state,
    transcripts,
    async expire() {
      clock += 301;
    },
    async close() {},
  };
});

inboxContract('redis', async () => {
  const prefix = uniquePrefix('inbox');
  const a = new Redis(testRedisUrl());
  const b = new Redis(testRedisUrl());
  const leaseMs = 300;
  return redisInboxHarness(a, b, prefix, leaseMs);
});

describe('redis inbox: the due set', () => {
  const nothing = { state: {}, stateDeletes: [], transcripts: [] };
  const opts = (owner: string) => ({ owner, dedupeTtlSeconds: 60 });
  const json = (text: string) => JSON.stringify({ type: 'message', text });

  it('forgets a finished conversation at the next sweep, but keeps the hint of a message that arrived since', async () => {
    const prefix = uniquePrefix('due');
    const [ca, cb] = [new Redis(testRedisUrl()), new Redis(testRedisUrl())];
    const a = createRedisInbox({ client: ca, prefix, leaseMs: 300 });
    const b = createRedisInbox({ client: cb, prefix, leaseMs: 300 });
    const due = `${prefix}inbox:due`;
    try {
      const done = await a.append('test:finished', 'n1', json('one'), opts('A'));
      if (done.status !== 'accepted' || !done.lease) throw new Error('no lease');
      await a.complete(done.lease, done.head!.id, nothing);
      const first = await a.append('test:race', 'n1', json('one'), opts('A'));
      if (first.status !== 'accepted' || !first.lease) throw new Error('no lease');
      await a.complete(first.lease, first.head!.id, nothing);
      // B stores a message right after A finished (and then dies holding the lease).
      expect(await b.append('test:race', 'n2', json('two'), opts('B'))).toMatchObject({ lease: { owner: 'B' } });

      expect(await a.sweep('A', 10)).toEqual([]);
      expect(await ca.zrange(due, 0, -1)).toEqual(['test:race']);
      await new Promise((r) => setTimeout(r, 350));
      const taken = await a.sweep('A', 10);
      expect(taken.map((t) => JSON.parse(t.head.activityJson).text)).toEqual(['two']);
    } finally {
      ca.disconnect();
      cb.disconnect();
    }
  });
});
