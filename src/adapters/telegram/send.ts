import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { TelegramError } from 'telegraf';
import { BalieError } from '../../core/errors.js';
import type { Metrics } from '../../core/metrics.js';
import type { OutboundTurn } from '../../core/storage/turn-scope.js';
import { stoppedError, type Clock } from './clock.js';
import { backoffMs, type RetryPolicy } from '../../core/retry.js';
import { BatchedTokens, paceId, singleTokens, waitForToken, type SendPace } from '../../core/send-pace.js';
import { PaceQueue, TELEGRAM_LIMITS, TokenBucket, localTokens, type PaceLimits } from './pace.js';

export { TELEGRAM_LIMITS, type PaceLimits, type Rate } from './pace.js';

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

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
  /**
   * Buckets shared with the other processes (Redis), keyed by `bot` (the bot token, hashed here):
   * then the bot's and each chat's pace hold for all processes together. Without it (or with a
   * pace that is not shared) this process paces itself alone.
   */
  shared?: { pace: SendPace; bot: string };
}

export type ApiCall<T> = (chatId: string, signal: AbortSignal) => Promise<T>;

/**
 * Every message to Telegram goes through here: one queue per chat (so order is kept, retries
 * included), a token bucket per chat and a queue at the bot's pace (PaceQueue), 429's retry_after honoured, network
 * errors and 5xx retried with backoff, and 4xx reported as the platform's refusal. A message that
 * cannot be delivered rejects with a BalieError and is counted in sendFailures; none is dropped
 * silently. With a shared pace (Redis) the limits hold for all processes together, within the
 * batch slack docs/operations.md states; without it, per process.
 */
export class TelegramSender {
  private readonly limits: PaceLimits;
  private readonly retry: RetryPolicy;
  private readonly tails = new Map<string, Promise<void>>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly global: PaceQueue;
  private readonly sharedPace?: { pace: SendPace; key: string };
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
    const shared = options.shared?.pace.shared ? options.shared : undefined;
    this.sharedPace = shared && { pace: shared.pace, key: `telegram:${paceId(shared.bot)}` };
    const source = this.sharedPace
      ? new BatchedTokens(this.sharedPace.pace, `${this.sharedPace.key}:bot`, this.limits.global, {}, () => options.clock.now())
      : localTokens(new TokenBucket(this.limits.global, options.clock.now()));
    this.global = new PaceQueue(source, options.clock, this.abort.signal);
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
    if (this.sharedPace) {
      const { pace, key } = this.sharedPace;
      // A chat's pace is a message a second or less: one token per round trip, no batch to hold.
      const chat = singleTokens(pace, `${key}:chat:${paceId(target.chatId)}`, target.isGroup ? this.limits.groupChat : this.limits.privateChat);
      await this.interruptible(turn, () =>
        waitForToken(
          chat,
          (ms) => clock.sleep(ms, this.signalFor(turn)),
          () => clock.now(),
        ),
      );
      await this.interruptible(turn, () => this.global.acquire(this.signalFor(turn), options.urgent));
      return;
    }
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
