import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { TelegramError } from 'telegraf';
import { BalieError } from '../../core/errors.js';
import type { Metrics } from '../../core/metrics.js';
import { stoppedError, type Clock } from './clock.js';

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

export interface RetryPolicy {
  /** Tries per message, the first included. */
  attempts: number;
  /** Backoff after a network error or 5xx: base, 2×base, 4×base… up to max. */
  baseDelayMs: number;
  maxDelayMs: number;
}

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

  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.rate.burst;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.rate.burst, this.tokens + (Math.max(0, now - this.updated) / 1000) * this.rate.perSecond);
    this.updated = Math.max(this.updated, now);
  }
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
 * included), a token bucket per chat and one for the bot, 429's retry_after honoured, network
 * errors and 5xx retried with backoff, and 4xx reported as the platform's refusal. A message that
 * cannot be delivered rejects with a BalieError and is counted in sendFailures; none is dropped
 * silently. Limits hold per process: N processes may together send N times as fast.
 */
export class TelegramSender {
  private readonly limits: PaceLimits;
  private readonly retry: RetryPolicy;
  private readonly tails = new Map<string, Promise<void>>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly global: TokenBucket;
  /** Groups that became supergroups: old chat id → new one. */
  private readonly migrated = new Map<string, string>();
  // One signal for every send in flight, so stopping cancels them all. Each in-flight request
  // listens on it (node-fetch removes its listener when the request ends): hundreds at once are
  // normal under load, not a leak, so Node's warning at 11 listeners is turned off for it.
  private readonly abort = unlimitedController();

  constructor(private readonly options: SenderOptions) {
    this.limits = { ...TELEGRAM_LIMITS, ...options.limits };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.global = new TokenBucket(this.limits.global, options.clock.now());
  }

  /** Sends one message after the earlier ones of the same chat; resolves with the API's result. */
  send<T>(target: SendTarget, method: string, call: ApiCall<T>): Promise<T> {
    if (this.abort.signal.aborted) return Promise.reject(stoppedError(`sending ${method}`));
    const key = target.chatId;
    const run = (this.tails.get(key) ?? Promise.resolve()).then(() => this.attempt(target, method, call));
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

  private async attempt<T>(target: SendTarget, method: string, call: ApiCall<T>): Promise<T> {
    const { clock, logger } = this.options;
    const signal = this.abort.signal;
    let transientFailures = 0;
    for (let attempt = 1; ; attempt++) {
      await this.pace(target);
      try {
        return await call(this.migrated.get(target.chatId) ?? target.chatId, signal);
      } catch (err) {
        if (signal.aborted) throw new BalieError('SHUTTING_DOWN', `the telegram adapter stopped before ${method} was sent`, { cause: err });
        const failure = classify(err);
        if (failure.kind === 'migrated' && !this.migrated.has(target.chatId)) {
          logger.info({ method }, 'the Telegram group became a supergroup; sending to its new id');
          this.migrated.set(target.chatId, failure.chatId);
          continue;
        }
        if ((failure.kind === 'rate-limited' || failure.kind === 'transient') && attempt < this.retry.attempts) {
          const delayMs = failure.kind === 'rate-limited' ? failure.retryAfterMs : Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** transientFailures++);
          logger.warn({ method, attempt, delayMs, status: failure.status, description: failure.description }, `Telegram ${failure.kind === 'rate-limited' ? 'asked to slow down' : 'could not be reached'}; retrying`);
          await clock.sleep(delayMs, signal);
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

  private async pace(target: SendTarget): Promise<void> {
    const { clock } = this.options;
    const signal = this.abort.signal;
    const chatWait = this.bucketFor(target).reserve(clock.now());
    if (chatWait > 0) await clock.sleep(chatWait, signal);
    const globalWait = this.global.reserve(clock.now());
    if (globalWait > 0) await clock.sleep(globalWait, signal);
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
