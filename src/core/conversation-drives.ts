import { BalieError, codeOf } from './errors.js';
import type { InboxEntry, Lease } from './inbox.js';
import { localKey, receivedAtOf, reviveActivity } from './inbox-entries.js';
import type { DrainSummary, InboundMessage, IngressOptions, TurnRunner } from './ingress-types.js';
import type { BacklogSnapshot } from './metrics.js';
import { createSerialScheduler } from './scheduler.js';
import { TurnScope, type PendingTranscript, type TurnScopes, type TurnSeed } from './storage/turn-scope.js';
import { nextSeed } from './turn-seed.js';
import { TurnTimes } from './turn-times.js';

/** A message stored by this process, waiting here for its turn (so the turn runs with the adapter's own `run`). */
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

export type ShutdownCounts = Omit<DrainSummary, 'ms' | 'turnsStillRunning'>;

/**
 * Drains the inboxes of the conversations whose lease this process holds: runs their messages in
 * order, one at a time, each ending with one commit that writes the state, removes the message and
 * renews or releases the lease (see Inbox). The Ingress stores messages and decides when a
 * conversation is driven here; this is what happens once it is.
 */
export class ConversationDrives {
  private readonly runners = new Map<string, TurnRunner>();
  private readonly local = new Map<string, LocalEntry>();
  private readonly drives = new Map<string, Drive>();
  private readonly serial = createSerialScheduler();
  readonly turnTimes = new TurnTimes();
  /** Counted from the moment a shutdown begins (undefined before). */
  shutdown?: ShutdownCounts;

  constructor(
    private readonly options: IngressOptions,
    private readonly turns: TurnScopes,
    private readonly isStopping: () => boolean,
  ) {}

  register(channelId: string, run: TurnRunner): void {
    this.runners.set(channelId, run);
  }

  /** The message is about to be stored: whichever reply comes first, the turn finds it here. */
  expect(conversationKey: string, entryId: string, entry: LocalEntry): void {
    this.local.set(localKey(conversationKey, entryId), entry);
  }

  /** The message will not run here (refused, a duplicate, or another process runs it); true if it was waiting. */
  forget(conversationKey: string, entryId: string): boolean {
    return this.local.delete(localKey(conversationKey, entryId));
  }

  /** A newer inbox depth for a conversation this process runs now (its drive reads it for the backlog). */
  noteDepth(conversationKey: string, depth: number): void {
    const running = this.drives.get(conversationKey);
    if (running) running.depth = Math.max(running.depth, depth);
  }

  isDriving(conversationKey: string): boolean {
    return this.drives.has(conversationKey);
  }

  get size(): number {
    return this.drives.size;
  }

  /** Turns queued or running. */
  get pending(): number {
    return this.serial.pending;
  }

  /** Settles when every queued and running turn has ended. */
  idle(): Promise<void> {
    return this.serial.drain();
  }

  /** What waits to be answered in the conversations this process runs now. */
  backlog(): BacklogSnapshot & { estimatedWaitSeconds: Record<string, number> } {
    let messages = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const d of this.drives.values()) {
      messages += Math.max(1, d.depth);
      if (d.receivedAt !== undefined) oldest = Math.min(oldest, d.receivedAt);
    }
    const estimatedWaitSeconds = this.turnTimes.secondsPerChannel();
    return { messages, conversations: this.drives.size, oldestSeconds: oldest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, Date.now() - oldest) / 1000, estimatedWaitSeconds };
  }

  /** Shutdown: running turns of which nothing has left yet are taken back at their next wait for the platform. */
  requestHandBacks(): void {
    for (const d of this.drives.values()) d.scope?.requestHandBack();
  }

  /**
   * Past the grace: the remaining turns end at their next wait or send, and their conversations
   * are released now, so another process starts at once instead of after the lease.
   */
  async giveUpAll(): Promise<void> {
    const left = [...this.drives.values()];
    for (const d of left) d.scope?.giveUp();
    await Promise.all(left.map((d) => this.giveBack(d)));
  }

  /** Runs a conversation's inbox from `head` while this process holds its lease. */
  drive(lease: Lease, head: InboxEntry, seed?: TurnSeed, depth = 1): void {
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

  /** Releases a conversation's lease early (shutdown); its waiting messages are taken by another process, or the next start. */
  private async giveBack(drive: Drive): Promise<void> {
    if (drive.heartbeat) clearInterval(drive.heartbeat);
    drive.heartbeat = undefined;
    if (drive.released) return;
    drive.released = true;
    if (this.shutdown) {
      this.shutdown.conversationsHandedOver++;
      this.shutdown.messagesHandedOver += Math.max(1, drive.depth);
    }
    try {
      await this.options.inbox.release(drive.lease);
    } catch (err) {
      this.options.metrics.errors.inc({ code: codeOf(err), channel: drive.lease.conversationKey.split(':')[0] ?? 'unknown' });
      this.options.logger.warn({ err, code: codeOf(err) }, 'could not hand a conversation over; another process takes it when its lease expires');
    }
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
    if (this.isStopping() && inbox.shared) {
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
      if (this.shutdown) this.shutdown[scope.ended === 'handed-back' ? 'turnsHandedBack' : 'turnsGivenUp']++;
      await this.giveBack(drive);
      local?.resolve();
      return undefined;
    }

    const pending = scope.transcripts;
    const handOver = this.isStopping() && inbox.shared;
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
    this.turnTimes.note(channel, Date.now() - startedAt);
    if (result.status === 'done') {
      drive.depth = result.depth ?? (result.next ? Math.max(1, drive.depth - 1) : 0);
      if (this.shutdown) {
        this.shutdown.turnsFinished++;
        if (result.released && handOver && drive.depth > 0 && !drive.released) {
          drive.released = true;
          this.shutdown.conversationsHandedOver++;
          this.shutdown.messagesHandedOver += drive.depth;
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
      logger.warn({ channel, code: 'LEASE_FENCED' }, "another process took this conversation over; this turn's state was not written");
      local?.resolve();
      return undefined;
    }
    if (result.conflicts.length) {
      metrics.errors.inc({ code: 'STORAGE_CONFLICT', channel });
      logger.error({ channel, code: 'STORAGE_CONFLICT', keys: result.conflicts }, "state was changed by someone else during the turn; this turn's state was not written");
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
}
