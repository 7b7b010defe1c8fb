import type { StoreItems } from 'botbuilder-core';
import type { BalieError } from './errors.js';
import type { AppendOptions, AppendResult, CompleteOptions, CompleteResult, Inbox, InboxEntry, Lease, Takeover, TurnWrites } from './inbox.js';
import type { StateStorage } from './storage/state-storage.js';
import type { TranscriptEntry, TranscriptStore } from './storage/transcript.js';

interface Conversation {
  entries: InboxEntry[];
  seq: number;
  fence: number;
  lease?: { owner: string; fence: number; until: number };
  seen: Map<string, number>;
  rate?: { count: number; endsAt: number };
}

export interface MemoryInboxOptions {
  state: StateStorage;
  transcripts: TranscriptStore;
  leaseMs?: number;
  now?: () => number;
}

/**
 * The inbox of a one-process balie: the same contract as Redis, kept in memory. Nothing survives a
 * restart, so leases only matter to the contract tests (which move the clock).
 */
export function createMemoryInbox(options: MemoryInboxOptions): Inbox {
  const leaseMs = options.leaseMs ?? 15_000;
  const now = options.now ?? Date.now;
  const conversations = new Map<string, Conversation>();
  const conversation = (key: string) => {
    let c = conversations.get(key);
    if (!c) conversations.set(key, (c = { entries: [], seq: 0, fence: 0, seen: new Map() }));
    return c;
  };
  const leaseFree = (c: Conversation) => !c.lease || c.lease.until <= now();
  const take = (c: Conversation, key: string, owner: string): Lease => {
    c.fence++;
    c.lease = { owner, fence: c.fence, until: now() + leaseMs };
    return { conversationKey: key, owner, fence: c.fence };
  };
  const holds = (c: Conversation, lease: Lease) => (c.lease ? c.lease.owner === lease.owner && c.lease.fence === lease.fence : c.fence === lease.fence);
  let appends = 0;
  const tidy = (key: string, c: Conversation) => {
    const t = now();
    for (const [id, until] of c.seen) if (until <= t) c.seen.delete(id);
    if (c.entries.length === 0 && !c.lease && c.seen.size === 0 && !(c.rate && c.rate.endsAt > t)) conversations.delete(key);
  };

  return {
    shared: false,
    leaseMs,

    async append(key: string, nativeId: string, activityJson: string, opts: AppendOptions): Promise<AppendResult> {
      // Now and then rather than on a timer (nothing keeps the process alive): forget old native ids
      // of conversations nobody writes in any more.
      if (++appends % 1024 === 0) for (const [k, other] of conversations) tidy(k, other);
      const c = conversation(key);
      const t = now();
      if (opts.limit) {
        if (!c.rate || c.rate.endsAt <= t) c.rate = { count: 0, endsAt: t + opts.limit.windowMs };
        if (++c.rate.count > opts.limit.max) return { status: 'limited', count: c.rate.count, retryAfterMs: c.rate.endsAt - t };
      }
      const seenUntil = c.seen.get(nativeId);
      if (seenUntil !== undefined && seenUntil > t) return { status: 'duplicate' };
      c.seen.set(nativeId, t + opts.dedupeTtlSeconds * 1000);
      const entry = { id: opts.entryId ?? String(++c.seq), activityJson };
      c.entries.push(entry);
      if (!leaseFree(c)) return { status: 'accepted', entryId: entry.id, depth: c.entries.length, holder: c.lease!.owner };
      const lease = take(c, key, opts.owner);
      return { status: 'accepted', entryId: entry.id, depth: c.entries.length, lease, head: { ...c.entries[0]! } };
    },

    async complete(lease: Lease, entryId: string, writes: TurnWrites, opts: CompleteOptions = {}): Promise<CompleteResult> {
      const key = lease.conversationKey;
      const c = conversation(key);
      if (c.lease && c.lease.until <= now()) c.lease = undefined;
      if (!holds(c, lease)) return { status: 'fenced' };
      let conflicts: string[] = [];
      const written: StoreItems = {};
      const changes = structuredClone(writes.state);
      try {
        if (Object.keys(changes).length) await options.state.write(changes);
        Object.assign(written, changes);
        if (writes.stateDeletes.length) await options.state.delete(writes.stateDeletes);
      } catch (err) {
        if ((err as BalieError).code !== 'STORAGE_CONFLICT') throw err;
        conflicts = Object.keys(changes);
      }
      const transcripts: TranscriptEntry[] = [];
      for (const t of writes.transcripts) transcripts.push(await options.transcripts.append(t.conversationKey, t.entry));
      if (c.entries[0]?.id === entryId) c.entries.shift();
      const next = c.entries[0];
      if (next && !opts.handOver) {
        c.lease = { owner: lease.owner, fence: lease.fence, until: now() + leaseMs };
        return { status: 'done', conflicts, written, transcripts, next: { ...next }, released: false, depth: c.entries.length };
      }
      c.lease = undefined;
      const depth = c.entries.length;
      tidy(key, c);
      return { status: 'done', conflicts, written, transcripts, released: true, depth };
    },

    async renew(lease: Lease): Promise<boolean> {
      const c = conversations.get(lease.conversationKey);
      if (!c?.lease || c.lease.until <= now() || !holds(c, lease)) return false;
      c.lease.until = now() + leaseMs;
      return true;
    },

    async release(lease: Lease): Promise<void> {
      const c = conversations.get(lease.conversationKey);
      if (c?.lease && holds(c, lease)) c.lease = undefined;
    },

    async sweep(owner: string, limit: number, skip?: (conversationKey: string) => boolean): Promise<Takeover[]> {
      const taken: Takeover[] = [];
      for (const [key, c] of conversations) {
        if (taken.length >= limit) break;
        if (c.entries.length === 0 || !leaseFree(c) || skip?.(key)) continue;
        taken.push({ lease: take(c, key, owner), head: { ...c.entries[0]! }, depth: c.entries.length });
      }
      return taken;
    },

    async depth(key: string): Promise<number> {
      return conversations.get(key)?.entries.length ?? 0;
    },

    async close(): Promise<void> {},
  };
}
