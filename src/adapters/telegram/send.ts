import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { TelegramError } from 'telegraf';
import { BalieError } from '../../core/errors.js';
import type { Metrics } from '../../core/metrics.js';
import type { OutboundTurn } from '../../core/storage/turn-scope.js';
import { stoppedError, type Clock } from './clock.js';
import { backoffMs, type RetryPolicy } from '../../core/retry.js';

export interface Rate {
  perSecond: number;
  /** Messages that may go at once before the rate applies. */
  burst: number;
}

/** https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this */
export interface PaceLimits {
  privateChat: Rate;
  groupChat: Rate;
  global: Rate;
}

export const TELEGRAM_LIMITS: PaceLimits = {
  privateChat: { perSecond: 1, burst: 3 },
  groupChat: { perSecond: 20 / 60, burst: 3 },
  global: { perSecond: 30, burst: 30 },
};

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** A token bucket that lends tokens ahead: `reserve` says how long to wait before using the one it took. */
export class TokenBucket {
  private tokens: number;
  private updated: number;

  constructor(
    private readonly rate: Rate,
    now: number,
  ) {
    this.tokens = rate.burst;
    this.updated = now;
  }

  reserve(now: number): number {
    this.refill(now);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate.perSecond) * 1000);
  }

  /** Gives back a token reserved for a message that did not go after all. */
  refund(): void {
    this.tokens = Math.min(this.rate.burst, this.tokens + 1);
  }

  /** Milliseconds until a whole token is there (0: now), without taking it. */
  availableIn(now: number): number {
    this.refill(now);
    // A hair of slack for floating point, or a token due this millisecond would cost one more.
    return this.tokens >= 1 - 1e-9 ? 0 : Math.ceil(((1 - this.tokens) / this.rate.perSecond) * 1000);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.rate.burst;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.rate.burst, this.tokens + (Math.max(0, now - this.updated) / 1000) * this.rate.perSecond);
    this.updated = Math.max(this.updated, now);
  }
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
  signal: AbortSignal;
  onAbort(): void;
}

/**
 * The bot-wide pace as a queue rather than tokens lent ahead: a message that stops waiting (its
 * turn handed back at shutdown) frees its place at once for those behind it, and urgent messages
 * (a "we are busy" notice) go first, taking turns with the others when both wait so that notices
 * cannot starve the replies.
 */
export class PaceQueue {
  private readonly bucket: TokenBucket;
  private readonly urgent: Waiter[] = [];
  private readonly normal: Waiter[] = [];
  private lastWasUrgent = false;
  private pumping = false;

  constructor(
    rate: Rate,
    private readonly clock: Clock,
    private readonly stopped: AbortSignal,
  ) {
    this.bucket = new TokenBucket(rate, clock.now());
  }

  /** Messages waiting for their turn. */
  get waiting(): number {
    return this.urgent.length + this.normal.length;
  }

  /** Resolves when the message may go; rejects with `signal`'s reason once it aborts (the place is given up). */
  acquire(signal: AbortSignal, urgent = false): Promise<void> {
    const now = this.clock.now();
    if (this.waiting === 0 && this.bucket.availableIn(now) === 0) {
      this.bucket.take(now);
      return Promise.resolve();
    }
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const queue = urgent ? this.urgent : this.normal;
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(signal.reason as Error);
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      (urgent ? this.urgent : this.normal).push(waiter);
      this.pump();
    });
  }

  private next(): Waiter | undefined {
    const urgentFirst = this.urgent.length > 0 && !(this.lastWasUrgent && this.normal.length > 0);
    this.lastWasUrgent = urgentFirst;
    return urgentFirst ? this.urgent.shift() : this.normal.shift();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      try {
        while (this.waiting > 0) {
          const wait = this.bucket.availableIn(this.clock.now());
          if (wait > 0) {
            await this.clock.sleep(wait, this.stopped);
            continue;
          }
          const waiter = this.next()!;
          this.bucket.take(this.clock.now());
          waiter.signal.removeEventListener('abort', waiter.onAbort);
          waiter.resolve();
        }
      } catch {
        // Stopped: every waiter's own signal includes the stop and has rejected it already.
      } finally {
        this.pumping = false;
      }
    })();
  }
}

/** How one message is sent: the turn it belongs to (for a shutdown), and whether it jumps the queue. */
export interface SendOptions {
  turn?: OutboundTurn;
  /**
   * Goes ahead of the replies waiting for the bot-wide pace, and outside the chat's order (a
   * notice about the wait itself); still paced per chat.
   */
  urgent?: boolean;
}

export interface SendTarget {
  chatId: string;
  isGroup: boolean;
}

type Failure =
  | { kind: 'rate-limited'; retryAfterMs: number; status: number; description: string }
  | { kind: 'migrated'; chatId: string; status: number; description: string }
  | { kind: 'transient'; status?: number; description: string }
  | { kind: 'permanent'; status: number; description: string };

/** Sorts a failed API call: wait and retry (429, 5xx, network), follow (group became a supergroup), or give up. */
export function classify(err: unknown): Failure {
  if (err instanceof TelegramError) {
    const status = err.code;
    const description = err.description;
    if (status === 429) return { kind: 'rate-limited', retryAfterMs: Math.max(1, err.parameters?.retry_after ?? 1) * 1000, status, description };
    if (err.parameters?.migrate_to_chat_id) return { kind: 'migrated', chatId: String(err.parameters.migrate_to_chat_id), status, description };
    if (status >= 500) return { kind: 'transient', status, description };
    return { kind: 'permanent', status, description };
  }
  return { kind: 'transient', description: (err as Error)?.message ?? String(err) };
}

export interface SenderOptions {
  channel: string;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  limits?: Partial<PaceLimits>;
  retry?: Partial<RetryPolicy>;
}

export type ApiCall<T> = (chatId: string, signal: AbortSignal) => Promise<T>;

/**
 * Every message to Telegram goes through here: one queue per chat (so order is kept, retries
 * included), a token bucket per chat and a queue at the bot's pace (PaceQueue), 429's retry_after honoured, network
 * errors and 5xx retried with backoff, and 4xx reported as the platform's refusal. A message that
 * cannot be delivered rejects with a BalieError and is counted in sendFailures; none is dropped
 * silently. Limits hold per process: N processes may together send N times as fast.
 */
export class TelegramSender {
  private readonly limits: PaceLimits;
  private readonly retry: RetryPolicy;
  private readonly tails = new Map<string, Promise<void>>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly global: PaceQueue;
  /** A turn's wait signal → that signal combined with the sender's stop (see signalFor). */
  private readonly turnSignals = new WeakMap<AbortSignal, AbortSignal>();
  /** Groups that became supergroups: old chat id → new one. */
  private readonly migrated = new Map<string, string>();
  // One signal for every send in flight, so stopping cancels them all. Each in-flight request
  // listens on it (node-fetch removes its listener when the request ends): hundreds at once are
  // normal under load, not a leak, so Node's warning at 11 listeners is turned off for it.
  private readonly abort = unlimitedController();

  constructor(private readonly options: SenderOptions) {
    this.limits = { ...TELEGRAM_LIMITS, ...options.limits };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.global = new PaceQueue(this.limits.global, options.clock, this.abort.signal);
  }

  /** Messages waiting for the bot-wide pace right now. */
  get waiting(): number {
    return this.global.waiting;
  }

  /** Sends one message after the earlier ones of the same chat; resolves with the API's result. */
  send<T>(target: SendTarget, method: string, call: ApiCall<T>, options: SendOptions = {}): Promise<T> {
    if (this.abort.signal.aborted) return Promise.reject(stoppedError(`sending ${method}`));
    if (options.urgent) return this.attempt(target, method, call, options);
    const key = target.chatId;
    const run = (this.tails.get(key) ?? Promise.resolve()).then(() => this.attempt(target, method, call, options));
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }

  /** For extras like "typing…": not paced, not retried, and a failure only logged. */
  async bestEffort(target: SendTarget, method: string, call: ApiCall<unknown>): Promise<void> {
    if (this.abort.signal.aborted) return;
    try {
      await call(this.migrated.get(target.chatId) ?? target.chatId, this.abort.signal);
    } catch (err) {
      this.options.logger.debug({ err, method, code: classify(err).kind }, 'Telegram did not take an optional call');
    }
  }

  /** Ends waits and in-flight calls; what was still queued rejects with SHUTTING_DOWN. */
  stop(): void {
    this.abort.abort();
  }

  private async attempt<T>(target: SendTarget, method: string, call: ApiCall<T>, options: SendOptions): Promise<T> {
    const { clock, logger } = this.options;
    const { turn } = options;
    let transientFailures = 0;
    for (let attempt = 1; ; attempt++) {
      await this.pace(target, options);
      // The last moment a shutdown can still take the turn back; from here the message is out.
      turn?.departing();
      const signal = this.signalFor(turn);
      try {
        return await call(this.migrated.get(target.chatId) ?? target.chatId, signal);
      } catch (err) {
        if (turn?.waitSignal.aborted) throw turn.stopWaiting();
        if (this.abort.signal.aborted) throw new BalieError('SHUTTING_DOWN', `the telegram adapter stopped before ${method} was sent`, { cause: err });
        const failure = classify(err);
        if (failure.kind === 'migrated' && !this.migrated.has(target.chatId)) {
          logger.info({ method }, 'the Telegram group became a supergroup; sending to its new id');
          this.migrated.set(target.chatId, failure.chatId);
          continue;
        }
        if ((failure.kind === 'rate-limited' || failure.kind === 'transient') && attempt < this.retry.attempts) {
          const delayMs = failure.kind === 'rate-limited' ? failure.retryAfterMs : backoffMs(this.retry, transientFailures++);
          logger.warn(
            { method, attempt, delayMs, status: failure.status, description: failure.description },
            `Telegram ${failure.kind === 'rate-limited' ? 'asked to slow down' : 'could not be reached'}; retrying`,
          );
          await this.interruptible(turn, () => clock.sleep(delayMs, this.signalFor(turn)));
          continue;
        }
        throw this.failed(method, failure, err, attempt);
      }
    }
  }

  private failed(method: string, failure: Failure, cause: unknown, attempts: number): BalieError {
    const code = failure.kind === 'transient' ? 'PLATFORM_UNREACHABLE' : 'PLATFORM_REFUSED';
    this.options.metrics.sendFailures.inc({ channel: this.options.channel, code });
    const status = 'status' in failure ? failure.status : undefined;
    const log = { code, method, status, description: failure.description, attempts };
    if (code === 'PLATFORM_REFUSED') this.options.logger.warn(log, 'Telegram refused a message');
    else this.options.logger.error(log, 'Telegram could not be reached; the message was not delivered');
    const reason = status ? `${status}: ${failure.description}` : failure.description;
    const message = code === 'PLATFORM_REFUSED' ? `Telegram refused ${method} (${reason})` : `Telegram could not be reached for ${method} after ${attempts} attempts (${reason})`;
    return new BalieError(code, message, { cause });
  }

  /** Waits for the chat's pace, then for the bot's; a turn that is handed back stops waiting at once. */
  private async pace(target: SendTarget, options: SendOptions): Promise<void> {
    const { clock } = this.options;
    const { turn } = options;
    const bucket = this.bucketFor(target);
    const chatWait = bucket.reserve(clock.now());
    if (chatWait > 0) {
      try {
        await this.interruptible(turn, () => clock.sleep(chatWait, this.signalFor(turn)));
      } catch (err) {
        bucket.refund();
        throw err;
      }
    }
    await this.interruptible(turn, () => this.global.acquire(this.signalFor(turn), options.urgent));
  }

  /**
   * The sender's stop, and for a turn's message also the turn's own end. Combined once per turn
   * signal, not per message and wait: AbortSignal.any registers listeners on both every time.
   */
  private signalFor(turn: OutboundTurn | undefined): AbortSignal {
    if (!turn) return this.abort.signal;
    const own = turn.waitSignal;
    let both = this.turnSignals.get(own);
    if (!both) {
      both = AbortSignal.any([this.abort.signal, own]);
      this.turnSignals.set(own, both);
    }
    return both;
  }

  /** A wait that the turn's end cuts short is reported as that end (handed back, given up), not as a stop. */
  private async interruptible(turn: OutboundTurn | undefined, wait: () => Promise<void>): Promise<void> {
    try {
      await wait();
    } catch (err) {
      if (turn?.waitSignal.aborted) throw turn.stopWaiting();
      if (this.abort.signal.aborted) throw stoppedError();
      throw err;
    }
  }

  private bucketFor(target: SendTarget): TokenBucket {
    const now = this.options.clock.now();
    let bucket = this.buckets.get(target.chatId);
    if (!bucket) {
      // Forget chats whose bucket has refilled: they are as if never seen.
      if (this.buckets.size >= 10_000) for (const [key, b] of this.buckets) if (b.isFull(now)) this.buckets.delete(key);
      bucket = new TokenBucket(target.isGroup ? this.limits.groupChat : this.limits.privateChat, now);
      this.buckets.set(target.chatId, bucket);
    }
    return bucket;
  }
}

function unlimitedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
