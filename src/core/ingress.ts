import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Activity, StoreItems } from 'botbuilder-core';
import type { Logger } from 'pino';
import { BalieError } from './errors.js';
import type { Inbox, InboxEntry, Lease } from './inbox.js';
import type { Metrics } from './metrics.js';
import { createSerialScheduler } from './scheduler.js';
import type { TranscriptStore } from './storage/transcript.js';
import { TurnScope, TurnScopes, type PendingTranscript, type TurnSeed } from './storage/turn-scope.js';

/** What an adapter hands in: a normalised Activity and the platform's own id for the message. */
export interface InboundMessage {
  activity: Partial<Activity>;
  /** The platform's id of this delivery (Telegram update_id, Slack event_id, WhatsApp message id...). */
  nativeId: string;
  /** Runs the turn for this activity (the adapter's `runTurn`), when this process runs it. */
  run(activity: Partial<Activity>): Promise<void>;
}

export interface SubmitResult {
  /** `rate-limited`: over the conversation's limit (see `conversationLimit`); nothing was stored. */
  status: 'accepted' | 'duplicate' | 'rate-limited';
  retryAfterSeconds?: number;
  /**
   * Settles when the message's turn has finished in this process, or right away when another
   * process runs this conversation (it holds the lease). Never rejects.
   */
  done: Promise<void>;
}

export type TurnRunner = (activity: Partial<Activity>) => Promise<void>;

export interface IngressOptions {
  inbox: Inbox;
  metrics: Metrics;
  logger: Logger;
  dedupeTtlSeconds: number;
  /** The async context TurnBatchingStorage and the adapters read; share one per app. */
  turns?: TurnScopes;
  /** For transcript lines a turn must show before it ends (a handoff opening). */
  transcripts?: TranscriptStore;
  /** Keys to read together with the message: botbuilder state keys and raw Redis keys. */
  prefetch?(activity: Partial<Activity>, conversationKey: string): { state: string[]; raw: string[] };
  /**
   * Messages a conversation may send per minute, counted in the same round trip as the append;
   * `onLimited` reports a refused one (metrics, a log line).
   */
  conversationLimit?: { perMinute: number; onLimited?(channel: string, conversationKey: string, count: number): void };
  /** This process's name in leases; unique per Ingress. */
  owner?: string;
  /** How often this process looks for conversations whose lease holder died (jittered). Default 1 s. */
  sweepMs?: number;
  /** Renewal interval of held leases during long turns. Default a third of the lease. */
  heartbeatMs?: number;
}

export function conversationKeyOf(activity: Partial<Activity>): string {
  const channel = activity.channelId;
  const conversation = activity.conversation?.id;
  if (!channel || !conversation) throw new BalieError('BAD_REQUEST', 'an inbound activity needs channelId and conversation.id');
  return `${channel}:${conversation}`;
}

interface LocalEntry {
  message: InboundMessage;
  resolve(): void;
}

interface Drive {
  lease: Lease;
  heartbeat?: NodeJS.Timeout;
  /** Commits issued so far, and whether one is on its way: a commit may end the lease itself. */
  commits: number;
  committing: boolean;
  /** The last commit found the inbox empty and let the lease go: every message stored so far was answered here. */
  emptied?: boolean;
}

/**
 * The door every inbound message goes through. `submit` stores the message in the conversation's
 * durable inbox (dropping redeliveries by native id) and resolves once it is stored, so a webhook
 * acknowledges the platform only for a message that cannot be lost. Whoever holds a conversation's
 * lease runs its messages in order, one at a time; a turn ends with one commit that writes the
 * state, removes the message and renews or releases the lease (see Inbox). A sweeper takes over
 * conversations whose holder died. docs/operations.md, "Delivery guarantees", has the details.
 */
export class Ingress {
  private stopping = false;
  readonly owner: string;
  readonly turns: TurnScopes;
  private readonly runners = new Map<string, TurnRunner>();
  private readonly local = new Map<string, LocalEntry>();
  private readonly drives = new Map<string, Drive>();
  private readonly serial = createSerialScheduler();
  private sweeper?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private sweepFailing = false;
  private readonly instance = randomBytes(4).toString('hex');
  private entries = 0;

  constructor(private readonly options: IngressOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.turns = options.turns ?? new TurnScopes();
  }

  /** Who runs turns of a channel's messages that were stored by another process (or before a restart). */
  register(channelId: string, run: TurnRunner): void {
    this.runners.set(channelId, run);
  }

  /** Starts looking for orphaned conversations (shared inboxes only). */
  start(): void {
    if (!this.options.inbox.shared || this.stopping || this.sweeper) return;
    this.scheduleSweep(0);
  }

  async submit(message: InboundMessage): Promise<SubmitResult> {
    if (this.stopping) throw new BalieError('SHUTTING_DOWN', 'balie is shutting down and takes no new messages');
    const { activity } = message;
    const channel = activity.channelId ?? 'unknown';
    const key = conversationKeyOf(activity);
    const { inbox, metrics, logger } = this.options;
    // Named and noted before it is stored: whichever reply comes first (this append's, or the commit
    // of a turn of this conversation that returns it as next), the turn finds it here.
    const entryId = `${this.instance}.${(++this.entries).toString(36)}`;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.local.set(localKey(key, entryId), { message, resolve });
    let result;
    try {
      result = await inbox.append(key, message.nativeId, JSON.stringify(activity), {
        owner: this.owner,
        entryId,
        dedupeTtlSeconds: this.options.dedupeTtlSeconds,
        prefetch: this.options.prefetch?.(activity, key),
        limit: this.options.conversationLimit && { max: this.options.conversationLimit.perMinute, windowMs: 60_000 },
      });
    } catch (err) {
      this.local.delete(localKey(key, entryId));
      throw err;
    }
    if (result.status !== 'accepted') this.local.delete(localKey(key, entryId));
    if (result.status === 'limited') {
      this.options.conversationLimit?.onLimited?.(channel, key, result.count);
      return { status: 'rate-limited', retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)), done: Promise.resolve() };
    }
    if (result.status === 'duplicate') {
      metrics.duplicates.inc({ channel });
      logger.debug({ channel, nativeId: message.nativeId }, 'dropped a redelivered message');
      return { status: 'duplicate', done: Promise.resolve() };
    }
    metrics.messagesIn.inc({ channel });
    metrics.inboxDepth.observe(result.depth);
    if (!result.lease && result.holder !== this.owner && this.local.delete(localKey(key, entryId))) {
      // Another process runs this conversation now.
      resolve();
    }
    if (result.lease) this.drive(result.lease, result.head!, result.seed);
    return { status: 'accepted', done };
  }

  /**
   * Stops taking messages, lets running turns finish (at most `graceMs`), and hands the
   * conversations this process holds to the others (shared inbox) or finishes them (memory).
   */
  async drain(graceMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.stopping = true;
    if (this.sweeper) clearTimeout(this.sweeper);
    this.sweeper = undefined;
    await this.sweeping;
    if (this.serial.pending === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.serial.drain().then(() => true),
      ...(Number.isFinite(graceMs) ? [new Promise<false>((r) => (timer = setTimeout(() => r(false), graceMs)))] : []),
    ]);
    if (timer) clearTimeout(timer);
    if (finished) return;
    // Turns still running past the bound: give their conversations up now, so another process
    // starts at once instead of after the lease expires. Their late commits will be fenced.
    const left = [...this.drives.values()];
    this.options.logger.warn({ conversations: left.length, graceMs }, 'turns still running at the end of the shutdown grace; handing their conversations over');
    await Promise.allSettled(
      left.map(async (d) => {
        if (d.heartbeat) clearInterval(d.heartbeat);
        d.heartbeat = undefined;
        await this.options.inbox.release(d.lease);
      }),
    );
  }

  get accepting(): boolean {
    return !this.stopping;
  }

  /** True when `submit` applies the per-conversation rate limit itself. */
  get limitsConversations(): boolean {
    return this.options.conversationLimit !== undefined;
  }

  /** Conversations whose lease this process holds right now. */
  get held(): number {
    return this.drives.size;
  }

  /** Runs a conversation's inbox from `head` while this process holds its lease. */
  private drive(lease: Lease, head: InboxEntry, seed?: TurnSeed): void {
    const key = lease.conversationKey;
    // A second lease for a conversation still running here (this process stalled past its lease
    // and swept itself): the old run will be fenced; the new one waits for it, keeping order here.
    void this.serial.schedule(key, async () => {
      const drive: Drive = { lease, commits: 0, committing: false };
      this.drives.set(key, drive);
      this.options.metrics.leasesHeld.set(this.drives.size);
      const every = this.options.heartbeatMs ?? Math.max(50, Math.floor(this.options.inbox.leaseMs / 3));
      drive.heartbeat = setInterval(() => void this.heartbeat(drive), every);
      drive.heartbeat.unref();
      try {
        let entry: InboxEntry | undefined = head;
        let next: { entry: InboxEntry; seed?: TurnSeed } | undefined;
        for (let s = seed; entry; entry = next?.entry, s = next?.seed) {
          next = await this.runEntry(drive, entry, s);
        }
      } finally {
        if (drive.heartbeat) clearInterval(drive.heartbeat);
        if (this.drives.get(key) === drive) this.drives.delete(key);
        this.options.metrics.leasesHeld.set(this.drives.size);
        // Messages of this conversation that arrived here but will run elsewhere (hand-over, fenced).
        // After an emptying commit there are none: a message whose append is still on its way
        // either takes the lease itself (a new drive here runs it) or is told by its append
        // that another process has the conversation.
        if (!drive.emptied) {
          for (const [k, entry] of this.local) {
            if (k.startsWith(`${key}\n`)) {
              this.local.delete(k);
              entry.resolve();
            }
          }
        }
      }
    });
  }

  private async heartbeat(drive: Drive): Promise<void> {
    // A renewal that crosses a commit which let the lease go finds it gone: that is the end of
    // the drive, not a lease lost mid-turn (a real loss shows as the commit being fenced too).
    const { commits, committing } = drive;
    try {
      const renewed = await this.options.inbox.renew(drive.lease);
      if (!renewed && !committing && !drive.committing && drive.commits === commits && drive.heartbeat) {
        this.options.logger.warn({ conversation: drive.lease.conversationKey, code: 'LEASE_LOST' }, 'lost the lease of a conversation during a turn; its commit will be refused');
      }
    } catch (err) {
      this.options.logger.warn({ err, code: 'STORAGE_UNAVAILABLE' }, 'could not renew a conversation lease');
    }
  }

  /** One turn: run it, commit it, say what comes next (undefined: this process is done with the conversation). */
  private async runEntry(drive: Drive, entry: InboxEntry, seed: TurnSeed | undefined): Promise<{ entry: InboxEntry; seed?: TurnSeed } | undefined> {
    const { inbox, metrics, logger } = this.options;
    const { lease } = drive;
    const key = lease.conversationKey;
    const local = this.local.get(localKey(key, entry.id));
    this.local.delete(localKey(key, entry.id));
    const activity = local?.message.activity ?? reviveActivity(entry.activityJson);
    const channel = activity.channelId ?? 'unknown';
    const run = local?.message.run ?? this.runners.get(channel);
    const scope = new TurnScope(key, seed, (items) => this.recordNow(items));
    const end = metrics.turnSeconds.startTimer({ channel });
    metrics.inFlightTurns.inc();
    try {
      if (!run) throw new BalieError('NO_ADAPTER', `no ${channel} adapter in this process runs stored messages of that channel`);
      await this.turns.run(scope, () => run(activity));
    } catch (err) {
      metrics.errors.inc({ code: codeOf(err), channel });
      logger.error({ err, channel, code: codeOf(err) }, 'turn failed');
    } finally {
      metrics.inFlightTurns.dec();
    }

    const pending = scope.transcripts;
    const handOver = this.stopping && inbox.shared;
    let result;
    drive.commits++;
    drive.committing = true;
    try {
      result = await inbox.complete(
        lease,
        entry.id,
        { state: scope.pending, stateDeletes: [...scope.pendingDeletes], transcripts: pending.map(({ conversationKey, entry: e }) => ({ conversationKey, entry: e })) },
        { handOver, prefetchRaw: this.options.prefetch?.(activity, key).raw },
      );
    } catch (err) {
      drive.committing = false;
      end();
      metrics.errors.inc({ code: codeOf(err), channel });
      logger.error({ err, channel, code: codeOf(err) }, 'could not commit a turn; the conversation will be picked up again when its lease expires');
      local?.resolve();
      return undefined;
    }
    drive.committing = false;
    end();
    if (result.status === 'done' && result.released && !handOver) drive.emptied = true;
    if (result.status === 'fenced' || result.released) {
      // The lease ended with this commit (released, handed over or fenced): nothing left to renew.
      if (drive.heartbeat) clearInterval(drive.heartbeat);
      drive.heartbeat = undefined;
    }
    if (result.status === 'fenced') {
      metrics.fencedWrites.inc({ channel });
      logger.warn({ channel, code: 'LEASE_FENCED' }, 'another process took this conversation over; this turn\'s state was not written');
      local?.resolve();
      return undefined;
    }
    if (result.conflicts.length) {
      metrics.errors.inc({ code: 'STORAGE_CONFLICT', channel });
      logger.error({ channel, code: 'STORAGE_CONFLICT', keys: result.conflicts }, 'state was changed by someone else during the turn; this turn\'s state was not written');
    }
    await this.announce(pending, result.transcripts);
    local?.resolve();
    if (!result.next) return undefined;
    return { entry: result.next, seed: nextSeed(scope, result.written, result.conflicts.length > 0, result.raw) };
  }

  /** Writes transcript lines now (outside the commit), then tells their adapters. */
  private async recordNow(items: PendingTranscript[]): Promise<void> {
    const store = this.options.transcripts;
    if (!store) throw new BalieError('NOT_SUPPORTED', 'this ingress has no transcript store to write to before the turn ends');
    const stored = [];
    for (const item of items) stored.push(await store.append(item.conversationKey, item.entry));
    await this.announce(items, stored);
  }

  /** Started together (one connection keeps their order), so showing a turn's lines costs one round trip. */
  private async announce(items: PendingTranscript[], stored: { id: string }[]): Promise<void> {
    await Promise.all(
      items.map(async (item, i) => {
        const entry = stored[i];
        if (!item.onStored || !entry) return;
        await item.onStored({ ...item.entry, id: entry.id }).catch((err: unknown) => this.options.logger.warn({ err, code: codeOf(err) }, 'could not show a transcript line'));
      }),
    );
  }

  private scheduleSweep(delay: number): void {
    const every = this.options.sweepMs ?? 1000;
    this.sweeper = setTimeout(() => {
      this.sweeping = this.sweep().finally(() => {
        this.sweeping = undefined;
        // Jitter, so processes do not all look at once.
        if (!this.stopping) this.scheduleSweep(every * (0.5 + Math.random()));
      });
    }, delay);
    this.sweeper.unref();
  }

  private async sweep(): Promise<void> {
    try {
      const taken = await this.options.inbox.sweep(this.owner, 50, (key) => this.drives.has(key));
      if (this.sweepFailing) this.options.logger.info('the inbox sweeper reaches Redis again');
      this.sweepFailing = false;
      for (const { lease, head } of taken) {
        this.options.metrics.leaseTakeovers.inc();
        this.options.logger.info({ conversation: lease.conversationKey }, 'took over a conversation whose process stopped answering');
        if (this.stopping) await this.options.inbox.release(lease).catch(() => undefined);
        else this.drive(lease, head);
      }
    } catch (err) {
      if (!this.sweepFailing) this.options.logger.warn({ err, code: codeOf(err) }, 'the inbox sweeper cannot reach Redis; retrying');
      this.sweepFailing = true;
    }
  }
}

function localKey(conversationKey: string, entryId: string): string {
  return `${conversationKey}\n${entryId}`;
}

/** An activity stored by another process: JSON turned the timestamp into a string. */
function reviveActivity(json: string): Partial<Activity> {
  const activity = JSON.parse(json) as Partial<Activity> & { timestamp?: Date | string };
  if (typeof activity.timestamp === 'string') activity.timestamp = new Date(activity.timestamp);
  return activity;
}

/** The next message of a burst starts from what this turn read and wrote: no second read. */
function nextSeed(scope: TurnScope, written: StoreItems, conflicted: boolean, raw: Map<string, string | null> | undefined): TurnSeed {
  if (conflicted) return { state: {}, known: [], raw: raw ?? new Map() };
  const state: StoreItems = {};
  const known: string[] = [];
  for (const key of scope.known) {
    if (scope.pendingDeletes.has(key)) {
      known.push(key);
    } else if (key in scope.pending) {
      if (written[key]) (state[key] = written[key], known.push(key));
    } else {
      if (scope.loaded[key]) state[key] = scope.loaded[key];
      known.push(key);
    }
  }
  for (const key of Object.keys(written)) {
    if (!known.includes(key)) (state[key] = written[key], known.push(key));
  }
  return { state, known, raw: raw ?? new Map() };
}

export function codeOf(err: unknown): string {
  return err instanceof BalieError ? err.code : typeof (err as { code?: unknown })?.code === 'string' ? String((err as { code: string }).code) : 'DIALOG_FAILED';
}
