import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder-core';
import { ConversationDrives } from './conversation-drives.js';
import { BalieError, codeOf } from './errors.js';
import { newEntryId } from './inbox-entries.js';
import { InboxSweeper } from './inbox-sweeper.js';
import { conversationKeyOf, type DrainSummary, type InboundMessage, type IngressOptions, type SubmitResult, type TurnRunner } from './ingress-types.js';
import type { BacklogSnapshot } from './metrics.js';
import { TurnScopes } from './storage/turn-scope.js';

export { conversationKeyOf, type DrainSummary, type InboundMessage, type IngressOptions, type SubmitResult, type TurnRunner } from './ingress-types.js';

/** How long a shutdown waits for given-up turns to notice before it closes the stores anyway. */
const GIVEN_UP_SETTLE_MS = 5000;

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
  private readonly conversations: ConversationDrives;
  private readonly sweeper: InboxSweeper;
  private readonly instance = randomBytes(4).toString('hex');
  private entries = 0;
  /** Busy notices on their way: a shutdown lets them arrive. */
  private readonly notices = new Set<Promise<void>>();

  constructor(private readonly options: IngressOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.turns = options.turns ?? new TurnScopes();
    this.conversations = new ConversationDrives(options, this.turns, () => this.stopping);
    this.sweeper = new InboxSweeper({
      inbox: options.inbox,
      metrics: options.metrics,
      logger: options.logger,
      owner: this.owner,
      sweepMs: options.sweepMs ?? 1000,
      isDriving: (key) => this.conversations.isDriving(key),
      isStopping: () => this.stopping,
      drive: (lease, head, depth) => this.conversations.drive(lease, head, undefined, depth),
    });
    options.metrics.backlogSource = () => this.backlog();
  }

  /** Who runs turns of a channel's messages that were stored by another process (or before a restart). */
  register(channelId: string, run: TurnRunner): void {
    this.conversations.register(channelId, run);
  }

  /** Starts looking for orphaned conversations (shared inboxes only). */
  start(): void {
    if (!this.options.inbox.shared || this.stopping || this.sweeper.started) return;
    this.sweeper.start();
  }

  async submit(message: InboundMessage): Promise<SubmitResult> {
    if (this.stopping) throw new BalieError('SHUTTING_DOWN', 'balie is shutting down and takes no new messages');
    const { activity } = message;
    const channel = activity.channelId ?? 'unknown';
    const key = conversationKeyOf(activity);
    const { inbox, metrics, logger } = this.options;
    // Named and noted before it is stored: whichever reply comes first (this append's, or the commit
    // of a turn of this conversation that returns it as next), the turn finds it here.
    const entryId = newEntryId(this.instance, ++this.entries, Date.now());
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.conversations.expect(key, entryId, { message, resolve });
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
      this.conversations.forget(key, entryId);
      throw err;
    }
    if (result.status !== 'accepted') this.conversations.forget(key, entryId);
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
    if (!result.lease && result.holder !== this.owner && this.conversations.forget(key, entryId)) {
      // Another process runs this conversation now.
      resolve();
    }
    if (result.holder === this.owner) this.conversations.noteDepth(key, result.depth);
    if (result.lease) this.conversations.drive(result.lease, result.head!, result.seed, result.depth);
    this.maybeTellBusy(activity, channel, key, result.depth);
    return { status: 'accepted', done };
  }

  /**
   * How long a message stored now behind `depth - 1` others of its conversation waits for its
   * answer (see TurnTimes).
   */
  estimateWaitMs(channel: string, depth = 1): number {
    return this.conversations.turnTimes.estimateWaitMs(channel, depth);
  }

  /** What waits to be answered in the conversations this process runs now. */
  backlog(): BacklogSnapshot & { estimatedWaitSeconds: Record<string, number> } {
    return this.conversations.backlog();
  }

  private maybeTellBusy(activity: Partial<Activity>, channel: string, key: string, depth: number): void {
    const busy = this.options.busyNotice;
    if (!busy) return;
    const waitMs = this.conversations.turnTimes.estimateWaitMs(channel, depth);
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
    this.conversations.shutdown ??= { turnsFinished: 0, turnsHandedBack: 0, turnsGivenUp: 0, conversationsHandedOver: 0, messagesHandedOver: 0 };
    await this.sweeper.stop();
    if (this.options.inbox.shared) this.conversations.requestHandBacks();
    const notices = Promise.all(this.notices);
    if (this.conversations.pending > 0 && !(await this.settle(graceMs))) {
      await this.conversations.giveUpAll();
      // Waited for (briefly), so no turn of this process runs on after the stores close.
      await this.settle(GIVEN_UP_SETTLE_MS);
    }
    // Urgent, so quick; a stopped adapter would cut them off.
    await within(notices, GIVEN_UP_SETTLE_MS);
    return { ...this.conversations.shutdown, turnsStillRunning: this.conversations.pending, ms: Date.now() - started };
  }

  /** True when every queued and running turn has ended within `ms`. */
  private settle(ms: number): Promise<boolean> {
    return within(this.conversations.idle(), ms);
  }

  get accepting(): boolean {
    return !this.stopping;
  }

  /** Conversations whose lease this process holds right now. */
  get held(): number {
    return this.conversations.size;
  }
}

/** True when `work` settled within `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([work.then(() => true), ...(Number.isFinite(ms) ? [new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)))] : [])]);
  if (timer) clearTimeout(timer);
  return done;
}
