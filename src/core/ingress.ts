import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Activity, StoreItems } from 'botbuilder-core';
import type { Logger } from 'pino';
import { BalieError } from './errors.js';
import type { Inbox, InboxEntry, Lease } from './inbox.js';
import type { BacklogSnapshot, Metrics } from './metrics.js';
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
  /**
   * Tells a customer whose message will wait long for its answer (replies held up by the
   * platform's pace): called for each stored message whose estimated wait is `afterMs` or more;
   * `send` decides whether this conversation was told already.
   */
  busyNotice?: { afterMs: number; send(activity: Partial<Activity>, conversationKey: string, waitMs: number): Promise<void> };
}

/** What a shutdown did with the work it found (Ingress.drain). */
export interface DrainSummary {
  /** Turns that ran to their end and commit after the shutdown began. */
  turnsFinished: number;
  /** Running turns taken back before anything of them left: their messages run again elsewhere, unrepeated. */
  turnsHandedBack: number;
  /** Turns still running when the grace ended: given up; their messages run again elsewhere (a reply may repeat). */
  turnsGivenUp: number;
  /** Turns that had not ended even after being given up (a dialog that ignores everything). */
  turnsStillRunning: number;
  /** Conversations released with messages still waiting, and those messages: another process (or the next start) answers them. */
  conversationsHandedOver: number;
  messagesHandedOver: number;
  ms: number;
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
  /** The running turn, while one runs. */
  scope?: TurnScope;
  /** Messages in the conversation's inbox, the running one included (as last heard from Redis). */
  depth: number;
  /** When the message of the running turn was stored, when known. */
  receivedAt?: number;
  /** The lease was given back (shutdown) before the drive ended. */
  released?: boolean;
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
  /** Recent time from a turn's start to its commit, per channel (a moving average). */
  private readonly turnMs = new Map<string, number>();
  private summary?: Omit<DrainSummary, 'ms' | 'turnsStillRunning'>;
  /** Busy notices on their way: a shutdown lets them arrive. */
  private readonly notices = new Set<Promise<void>>();

  constructor(private readonly options: IngressOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.turns = options.turns ?? new TurnScopes();
    options.metrics.backlogSource = () => this.backlog();
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
    // The id carries the time the message was stored, so the age of what waits costs no Redis field.
    const entryId = `${this.instance}.${(++this.entries).toString(36)}.${Date.now().toString(36)}`;
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
    const running = result.holder === this.owner ? this.drives.get(key) : undefined;
    if (running) running.depth = Math.max(running.depth, result.depth);
    if (result.lease) this.drive(result.lease, result.head!, result.seed, result.depth);
    this.maybeTellBusy(activity, channel, key, result.depth);
    return { status: 'accepted', done };
  }

  /**
   * How long a message stored now behind `depth - 1` others of its conversation waits for its
   * answer: each turn ahead takes about as long as the channel's recent turns (which, when
   * replies queue for the platform's pace, is mostly that queue).
   */
  estimateWaitMs(channel: string, depth = 1): number {
    return depth * (this.turnMs.get(channel) ?? 0);
  }

  /** What waits to be answered in the conversations this process runs now. */
  backlog(): BacklogSnapshot & { estimatedWaitSeconds: Record<string, number> } {
    let messages = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const d of this.drives.values()) {
      messages += Math.max(1, d.depth);
      if (d.receivedAt !== undefined) oldest = Math.min(oldest, d.receivedAt);
    }
    const estimatedWaitSeconds: Record<string, number> = {};
    for (const [channel, ms] of this.turnMs) estimatedWaitSeconds[channel] = ms / 1000;
    return { messages, conversations: this.drives.size, oldestSeconds: oldest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, Date.now() - oldest) / 1000, estimatedWaitSeconds };
  }

  private maybeTellBusy(activity: Partial<Activity>, channel: string, key: string, depth: number): void {
    const busy = this.options.busyNotice;
    if (!busy) return;
    const waitMs = this.estimateWaitMs(channel, depth);
    if (waitMs < busy.afterMs) return;
    // Not awaited: the platform's webhook is answered as soon as the message is stored.
    const sending = busy.send(activity, key, waitMs).catch((err: unknown) => {
      this.options.metrics.errors.inc({ code: codeOf(err), channel });
      this.options.logger.warn({ err, code: codeOf(err), channel }, 'could not tell a customer that the answer will be late');
    });
    this.notices.add(sending);
    void sending.finally(() => this.notices.delete(sending));
  }

  /**
   * Stops taking messages and hands the work this process holds to the others (shared inbox) or
   * finishes it (memory): no new turn starts from a backlog; a running turn of which nothing has
   * left yet is handed back as soon as it would wait for the platform's pace (its message stays
   * first in the inbox and runs again elsewhere, unrepeated); the others finish, for at most
   * `graceMs`, then are given up and their conversations released at once.
   */
  async drain(graceMs = Number.POSITIVE_INFINITY): Promise<DrainSummary> {
    const started = Date.now();
    this.stopping = true;
    this.summary ??= { turnsFinished: 0, turnsHandedBack: 0, turnsGivenUp: 0, conversationsHandedOver: 0, messagesHandedOver: 0 };
    if (this.sweeper) clearTimeout(this.sweeper);
    this.sweeper = undefined;
    await this.sweeping;
    if (this.options.inbox.shared) for (const d of this.drives.values()) d.scope?.requestHandBack();
    const notices = Promise.all(this.notices);
    if (this.serial.pending > 0 && !(await this.settle(graceMs))) {
      // Past the grace: the remaining turns end at their next wait or send, and their
      // conversations are released now, so another process starts at once instead of after the lease.
      const left = [...this.drives.values()];
      for (const d of left) d.scope?.giveUp();
      await Promise.all(left.map((d) => this.giveBack(d)));
      // Waited for (briefly), so no turn of this process runs on after the stores close.
      await this.settle(GIVEN_UP_SETTLE_MS);
    }
    // Urgent, so quick; a stopped adapter would cut them off.
    await within(notices, GIVEN_UP_SETTLE_MS);
    return { ...this.summary, turnsStillRunning: this.serial.pending, ms: Date.now() - started };
  }

  /** True when every queued and running turn has ended within `ms`. */
  private settle(ms: number): Promise<boolean> {
    return within(this.serial.drain(), ms);
  }

  /** Releases a conversation's lease early (shutdown); its waiting messages are taken by another process, or the next start. */
  private async giveBack(drive: Drive): Promise<void> {
    if (drive.heartbeat) clearInterval(drive.heartbeat);
    drive.heartbeat = undefined;
    if (drive.released) return;
    drive.released = true;
    if (this.summary) {
      this.summary.conversationsHandedOver++;
      this.summary.messagesHandedOver += Math.max(1, drive.depth);
    }
    try {
      await this.options.inbox.release(drive.lease);
    } catch (err) {
      this.options.metrics.errors.inc({ code: codeOf(err), channel: drive.lease.conversationKey.split(':')[0] ?? 'unknown' });
      this.options.logger.warn({ err, code: codeOf(err) }, 'could not hand a conversation over; another process takes it when its lease expires');
    }
  }

  get accepting(): boolean {
    return !this.stopping;
  }

  /** Conversations whose lease this process holds right now. */
  get held(): number {
    return this.drives.size;
  }

  /** Runs a conversation's inbox from `head` while this process holds its lease. */
  private drive(lease: Lease, head: InboxEntry, seed?: TurnSeed, depth = 1): void {
    const key = lease.conversationKey;
    // A second lease for a conversation still running here (this process stalled past its lease
    // and swept itself): the old run will be fenced; the new one waits for it, keeping order here.
    void this.serial.schedule(key, async () => {
      const drive: Drive = { lease, commits: 0, committing: false, depth };
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
    if (this.stopping && inbox.shared) {
      // Its lease came after the shutdown began (an append on its way): it does not start here.
      await this.giveBack(drive);
      local?.resolve();
      return undefined;
    }
    const run = local?.message.run ?? this.runners.get(channel);
    const scope = new TurnScope(key, seed, (items) => this.recordNow(items));
    const startedAt = Date.now();
    drive.receivedAt = receivedAtOf(entry.id);
    if (drive.receivedAt !== undefined) metrics.turnWait.observe({ channel }, Math.max(0, startedAt - drive.receivedAt) / 1000);
    drive.scope = scope;
    const end = metrics.turnSeconds.startTimer({ channel });
    metrics.inFlightTurns.inc();
    try {
      if (!run) throw new BalieError('NO_ADAPTER', `no ${channel} adapter in this process runs stored messages of that channel`);
      await this.turns.run(scope, () => run(activity));
    } catch (err) {
      if (!scope.ended) {
        metrics.errors.inc({ code: codeOf(err), channel });
        logger.error({ err, channel, code: codeOf(err) }, 'turn failed');
      }
    } finally {
      metrics.inFlightTurns.dec();
      drive.scope = undefined;
    }
    if (scope.ended) {
      // Ended by the shutdown: nothing is committed and the message stays first in the inbox.
      if (this.summary) this.summary[scope.ended === 'handed-back' ? 'turnsHandedBack' : 'turnsGivenUp']++;
      await this.giveBack(drive);
      local?.resolve();
      return undefined;
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
    this.noteTurnTime(channel, Date.now() - startedAt);
    if (result.status === 'done') {
      drive.depth = result.depth ?? (result.next ? Math.max(1, drive.depth - 1) : 0);
      if (this.summary) {
        this.summary.turnsFinished++;
        if (result.released && handOver && drive.depth > 0 && !drive.released) {
          drive.released = true;
          this.summary.conversationsHandedOver++;
          this.summary.messagesHandedOver += drive.depth;
        }
      }
    }
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

  private noteTurnTime(channel: string, ms: number): void {
    const previous = this.turnMs.get(channel);
    this.turnMs.set(channel, previous === undefined ? ms : previous + TURN_TIME_WEIGHT * (ms - previous));
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
      this.sweeping = this.sweep().then((taken) => {
        this.sweeping = undefined;
        // A full batch: more are due (a process stopped with many conversations): look again at
        // once. Otherwise with jitter, so processes do not all look at once.
        if (!this.stopping) this.scheduleSweep(taken >= SWEEP_BATCH ? 0 : every * (0.5 + Math.random()));
      });
    }, delay);
    this.sweeper.unref();
  }

  /** Looks once; resolves with how many conversations it took over. */
  private async sweep(): Promise<number> {
    try {
      const taken = await this.options.inbox.sweep(this.owner, SWEEP_BATCH, (key) => this.drives.has(key));
      if (this.sweepFailing) this.options.logger.info('the inbox sweeper reaches Redis again');
      this.sweepFailing = false;
      for (const { lease, head, depth } of taken) {
        this.options.metrics.leaseTakeovers.inc();
        this.options.logger.info({ conversation: lease.conversationKey }, 'took over a conversation whose process stopped answering');
        if (this.stopping) await this.options.inbox.release(lease);
        else this.drive(lease, head, undefined, depth);
      }
      return taken.length;
    } catch (err) {
      if (!this.sweepFailing) this.options.logger.warn({ err, code: codeOf(err) }, 'the inbox sweeper cannot reach Redis; retrying');
      this.sweepFailing = true;
      return 0;
    }
  }
}

/** Conversations one sweep may take over. */
const SWEEP_BATCH = 50;
/** How much one turn moves the channel's average turn time. */
const TURN_TIME_WEIGHT = 0.2;
/** How long a shutdown waits for given-up turns to notice before it closes the stores anyway. */
const GIVEN_UP_SETTLE_MS = 5000;

/** True when `work` settled within `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    work.then(() => true),
    ...(Number.isFinite(ms) ? [new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)))] : []),
  ]);
  if (timer) clearTimeout(timer);
  return done;
}

/** When the ingress stored the entry (its id says so); undefined for entries named otherwise. */
function receivedAtOf(entryId: string): number | undefined {
  const parts = entryId.split('.');
  if (parts.length !== 3) return undefined;
  const at = Number.parseInt(parts[2]!, 36);
  return Number.isFinite(at) ? at : undefined;
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
      if (written[key]) {
        state[key] = written[key];
        known.push(key);
      }
    } else {
      if (scope.loaded[key]) state[key] = scope.loaded[key];
      known.push(key);
    }
  }
  for (const key of Object.keys(written)) {
    if (!known.includes(key)) {
      state[key] = written[key];
      known.push(key);
    }
  }
  return { state, known, raw: raw ?? new Map() };
}

export function codeOf(err: unknown): string {
  return err instanceof BalieError ? err.code : typeof (err as { code?: unknown })?.code === 'string' ? String((err as { code: string }).code) : 'DIALOG_FAILED';
}
