import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreItems } from 'botbuilder-core';
import type { NewTranscriptEntry, TranscriptEntry } from './transcript.js';

/** What a turn already knows before it starts: state read with the message, or written by the turn before it. */
export interface TurnSeed {
  /** State items by storage key; a key listed in `known` but absent here does not exist. */
  state: StoreItems;
  known: string[];
  /** Raw Redis values read with the message (e.g. the handoff case), null when the key is missing. */
  raw: Map<string, string | null>;
}

export interface PendingTranscript {
  conversationKey: string;
  entry: NewTranscriptEntry;
  /** Called once the entry is stored, with its id (the web chat pushes it to the browser then). */
  onStored?(stored: TranscriptEntry): Promise<void>;
}

/**
 * One inbound message's turn as the ingress runs it: the state it reads and writes, the transcript
 * lines it records, and what was read ahead. The ingress commits all of it in one round trip when
 * the turn ends (see Inbox.complete), so storage inside the turn never talks to Redis on its own
 * unless it needs something nobody read ahead.
 */
export class TurnScope {
  /** State keys the turn said it will touch (TurnBatchingStorage.runTurn). */
  readonly declared = new Set<string>();
  readonly loaded: StoreItems = {};
  readonly known = new Set<string>();
  loading?: Promise<void>;
  pending: StoreItems = {};
  pendingDeletes = new Set<string>();
  readonly raw: Map<string, string | null>;
  transcripts: PendingTranscript[] = [];

  constructor(
    readonly conversationKey: string,
    seed?: TurnSeed,
    private readonly writeTranscripts?: (items: PendingTranscript[]) => Promise<void>,
  ) {
    this.raw = seed?.raw ?? new Map();
    if (seed) {
      for (const key of seed.known) this.known.add(key);
      Object.assign(this.loaded, seed.state);
    }
  }

  /** Whether transcript lines of `conversationKey` are held until the turn commits. */
  defersTranscriptOf(conversationKey: string): boolean {
    return this.writeTranscripts !== undefined && conversationKey === this.conversationKey;
  }

  /**
   * Writes the lines recorded so far right away, for moments when someone outside the turn must
   * see them now (a handoff opening: the agent's desk reads the transcript).
   */
  async flushTranscripts(): Promise<void> {
    if (!this.writeTranscripts || this.transcripts.length === 0) return;
    const items = this.transcripts;
    this.transcripts = [];
    await this.writeTranscripts(items);
  }

  /** A turn that threw writes no state (as before batching: botbuilder never saved it). */
  discardState(): void {
    this.pending = {};
    this.pendingDeletes = new Set();
  }
}

/** The async context that carries the current TurnScope; one per app, shared by ingress and storage. */
export class TurnScopes {
  private readonly storage = new AsyncLocalStorage<TurnScope>();

  run<T>(scope: TurnScope, fn: () => Promise<T>): Promise<T> {
    return this.storage.run(scope, fn);
  }

  current(): TurnScope | undefined {
    return this.storage.getStore();
  }

  /** The raw value read ahead for `key` in this turn: undefined when nobody read it. */
  peekRaw(key: string): string | null | undefined {
    return this.current()?.raw.get(key);
  }
}
