import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreItems } from 'botbuilder-core';
import { BalieError } from '../errors.js';
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
 * A turn's side of a shutdown, as the code that sends its messages sees it. A turn of which
 * nothing has reached the outside yet can be handed back: its message stays first in the inbox
 * and another process (or the next start) runs it from the beginning, so nothing is repeated.
 * Once something has left (a message sent, a transcript line or handoff change written), the
 * turn is finished instead, until the shutdown grace ends.
 */
export interface OutboundTurn {
  /**
   * Aborts when a wait of this turn (for the platform's pace, before a retry) should stop: the
   * shutdown wants the turn back, or gave up on it. Read it afresh for every wait.
   */
  readonly waitSignal: AbortSignal;
  /** Right before something of the turn leaves the process; throws TURN_HANDED_BACK or TURN_GIVEN_UP when the turn has ended. */
  departing(): void;
  /** A wait was cut short by `waitSignal`: marks the turn handed back (or given up) and returns the error to end it with. */
  stopWaiting(): BalieError;
}

export type TurnEnd = 'handed-back' | 'given-up';

/**
 * One inbound message's turn as the ingress runs it: the state it reads and writes, the transcript
 * lines it records, and what was read ahead. The ingress commits all of it in one round trip when
 * the turn ends (see Inbox.complete), so storage inside the turn never talks to Redis on its own
 * unless it needs something nobody read ahead.
 */
export class TurnScope implements OutboundTurn {
  /** State keys the turn said it will touch (TurnBatchingStorage.runTurn). */
  readonly declared = new Set<string>();
  readonly loaded: StoreItems = {};
  readonly known = new Set<string>();
  loading?: Promise<void>;
  pending: StoreItems = {};
  pendingDeletes = new Set<string>();
  readonly raw: Map<string, string | null>;
  transcripts: PendingTranscript[] = [];
  private phase: 'running' | 'yielding' | 'left' | TurnEnd = 'running';
  private readonly yielding = new AbortController();
  private readonly givingUp = new AbortController();
  private eitherSignal?: AbortSignal;

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
    // Called right before a handoff changes: from here on the turn has effects outside its commit.
    this.departing();
    if (!this.writeTranscripts || this.transcripts.length === 0) return;
    const items = this.transcripts;
    this.transcripts = [];
    await this.writeTranscripts(items);
  }

  get waitSignal(): AbortSignal {
    // After something left, only giving up may interrupt a wait: the turn must finish.
    if (this.phase === 'left') return this.givingUp.signal;
    return (this.eitherSignal ??= AbortSignal.any([this.yielding.signal, this.givingUp.signal]));
  }

  departing(): void {
    if (this.phase === 'handed-back' || this.phase === 'given-up') throw this.endError();
    this.phase = 'left';
  }

  stopWaiting(): BalieError {
    if (this.phase === 'yielding') this.phase = 'handed-back';
    return this.endError();
  }

  /**
   * Shutdown: if nothing of this turn has left yet, it is handed back the moment it would wait
   * for the platform's pace (a turn that sends without waiting still finishes). False when
   * something already left: the turn must finish.
   */
  requestHandBack(): boolean {
    if (this.phase !== 'running') return this.phase === 'yielding' || this.phase === 'handed-back';
    this.phase = 'yielding';
    this.yielding.abort(new BalieError('TURN_HANDED_BACK', 'balie is shutting down'));
    return true;
  }

  /** The shutdown grace is over: whatever the turn does next fails, and its message runs again elsewhere. */
  giveUp(): void {
    if (this.phase === 'handed-back') return;
    this.phase = 'given-up';
    this.givingUp.abort(new BalieError('TURN_GIVEN_UP', 'the shutdown grace is over'));
  }

  /** Set when the shutdown ended this turn: nothing of it is committed; its message stays in the inbox. */
  get ended(): TurnEnd | undefined {
    return this.phase === 'handed-back' || this.phase === 'given-up' ? this.phase : undefined;
  }

  private endError(): BalieError {
    return this.phase === 'handed-back'
      ? new BalieError(
          'TURN_HANDED_BACK',
          'balie is shutting down and handed this turn back before anything of it reached the customer; another process (or the next start) runs it',
        )
      : new BalieError('TURN_GIVEN_UP', 'balie is shutting down and the grace is over; another process (or the next start) runs this message again');
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
