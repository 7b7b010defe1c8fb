import type { StoreItems } from 'botbuilder-core';
import type { NewTranscriptEntry, TranscriptEntry } from './storage/transcript.js';
import type { TurnSeed } from './storage/turn-scope.js';

/**
 * The durable front of the ingress: per conversation an ordered inbox of messages and a lease that
 * says which process runs that conversation's turns. Memory (one process) and Redis (any number of
 * processes, single Redis or Cluster) implement it and pass one contract suite
 * (test/core/inbox.contract.ts).
 *
 * Guarantees: a message is stored before `append` resolves; one native id is accepted once per
 * conversation within the dedupe window; at any time at most one holder's `complete` succeeds for a
 * conversation (the fencing token), so a process whose lease ran out and was taken over cannot write
 * state or drop a message after its successor has started.
 */
export interface Inbox {
  /** True when other processes share it (Redis): a stopping process hands its conversations over. */
  readonly shared: boolean;
  readonly leaseMs: number;

  /**
   * Stores a message (dedupe by `nativeId` within the conversation, append, take the lease if free)
   * in one atomic step. With the lease comes the head entry and, on Redis, the `prefetch` keys read
   * in the same round trip.
   */
  append(conversationKey: string, nativeId: string, activityJson: string, options: AppendOptions): Promise<AppendResult>;

  /**
   * Ends the turn of `entryId`: checks the fence, writes the turn's state (compare-and-set) and
   * transcript lines, removes the entry, and either renews the lease and returns the next entry or
   * (inbox empty, or `handOver`) releases the lease, all in one atomic step per slot. A stale lease
   * holder gets `fenced` and nothing is written.
   */
  complete(lease: Lease, entryId: string, writes: TurnWrites, options?: CompleteOptions): Promise<CompleteResult>;

  /** Extends a held lease (heartbeat during long turns); false when it is no longer ours. */
  renew(lease: Lease): Promise<boolean>;

  /** Gives a lease up without finishing anything (shutdown): another process may start at once. */
  release(lease: Lease): Promise<void>;

  /**
   * Takes the leases of conversations whose holder vanished (lease expired, inbox not empty),
   * except those `skip` names (conversations this process is still running: a stalled turn here
   * must not be followed by a second run here; another process may take them).
   */
  sweep(owner: string, limit: number, skip?: (conversationKey: string) => boolean): Promise<Takeover[]>;

  /** Messages waiting in a conversation's inbox (the one being processed included). */
  depth(conversationKey: string): Promise<number>;

  /** Stops background work; the connection itself belongs to the stores. */
  close(): Promise<void>;
}

export interface AppendOptions {
  owner: string;
  /** Seconds a native id is remembered. */
  dedupeTtlSeconds: number;
  /** Read with the append when the lease is ours: state keys (botbuilder storage keys) and raw Redis keys. */
  prefetch?: { state: string[]; raw: string[] };
  /**
   * The entry's id, when the caller names it before the message is stored (the ingress does, so
   * its own turn finds the message it holds in memory however the replies race). Unique per
   * conversation, no newline. Default: a per-conversation counter.
   */
  entryId?: string;
  /** The conversation's rate limit, counted in the same step: over it, nothing is stored. */
  limit?: { max: number; windowMs: number };
}

export interface InboxEntry {
  id: string;
  activityJson: string;
}

export interface Lease {
  conversationKey: string;
  owner: string;
  fence: number;
  /** The due-set score this holder knows of, so the hint can be dropped when the inbox is done. */
  dueScore?: number;
}

export type AppendResult =
  | { status: 'duplicate' }
  | { status: 'limited'; count: number; retryAfterMs: number }
  | {
      status: 'accepted';
      entryId: string;
      /** Messages in the inbox now, this one included. */
      depth: number;
      /** Set when this append took the lease: run `head` now. */
      lease?: Lease;
      head?: InboxEntry;
      seed?: TurnSeed;
      /** Who holds the lease when it was not free. */
      holder?: string;
    };

export interface TurnWrites {
  state: StoreItems;
  stateDeletes: string[];
  transcripts: { conversationKey: string; entry: NewTranscriptEntry }[];
}

export interface CompleteOptions {
  /** Release the lease even when entries are waiting (shutdown); the due hint brings another process. */
  handOver?: boolean;
  /** Raw Redis keys to read for the next entry's turn. */
  prefetchRaw?: string[];
}

export type CompleteResult =
  | { status: 'fenced' }
  | {
      status: 'done';
      /** State keys whose compare-and-set failed (nothing of the state was written then). */
      conflicts: string[];
      /** The written items with their new eTags: the next turn starts from these. */
      written: StoreItems;
      transcripts: TranscriptEntry[];
      next?: InboxEntry;
      /** Raw values read for the next turn. */
      raw?: Map<string, string | null>;
      released: boolean;
      /** Entries left in the inbox after this one was removed (not known after some hand-overs on Cluster). */
      depth?: number;
    };

export interface Takeover {
  lease: Lease;
  head: InboxEntry;
  /** Entries in the inbox, the head included. */
  depth?: number;
}

/** Redis-Cluster hash tag shared by a conversation's inbox keys and its dialog state key. */
export function conversationTag(conversationKey: string): string {
  const sep = conversationKey.indexOf(':');
  if (sep < 0) return `{${conversationKey}}`;
  const channel = conversationKey.slice(0, sep);
  const conversation = conversationKey.slice(sep + 1);
  // botbuilder's ConversationState key, trailing slash included (`<channel>/conversations/<id>/`):
  // the inbox, its lease and the dialog state share one slot, so the fenced state write stays one
  // script on Cluster too.
  return `{${channel}/conversations/${conversation}/}`;
}
