import { createHash } from 'node:crypto';

/*
 * The pace of messages to a platform (Telegram's 30 a second per bot, Slack's one a second per
 * channel, WhatsApp's 80 a second per number): a port with a memory implementation (one process)
 * and a Redis one (src/core/send-pace-redis.ts) that N processes share, so together they keep the
 * platform's limit instead of each keeping it alone.
 */

export interface PaceRate {
  perSecond: number;
  /** Messages that may go at once before the rate applies. */
  burst: number;
}

export interface PaceGrant {
  /** Tokens taken: 0..want. */
  granted: number;
  /** With nothing granted: milliseconds until the next token is due (always ≥ 1 then). */
  waitMs: number;
}

export interface SendPace {
  /** True when the buckets are shared with other processes (Redis). */
  readonly shared: boolean;
  /** Takes up to `want` tokens from bucket `key` (created full at `rate`) at once. */
  take(key: string, rate: PaceRate, want: number): Promise<PaceGrant>;
}

/**
 * One bucket as a sender sees it: 0 when a message may go now (a token was taken), else the
 * milliseconds to wait before asking again; a promise when the answer needs a round trip.
 */
export interface TokenSource {
  take(now: number): number | Promise<number>;
}

/**
 * A bucket's key part for a secret (a bot token, an app's token): a short hash, so no key, log or
 * metric ever holds the secret, and the same bot in every process lands on the same bucket.
 */
export function paceId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** A continuous token bucket (the memory implementation's, and the Lua script's, arithmetic). */
export function refill(tokens: number, updatedAt: number, now: number, rate: PaceRate): number {
  return Math.min(rate.burst, tokens + (Math.max(0, now - updatedAt) / 1000) * rate.perSecond);
}

/** Buckets in this process: today's behaviour, and what a balie without Redis uses. */
export function createMemorySendPace(now: () => number = Date.now): SendPace {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    shared: false,
    async take(key, rate, want) {
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        // Forget buckets that have refilled: they are as if never seen.
        if (buckets.size >= 10_000) for (const [k, v] of buckets) if (refill(v.tokens, v.at, t, rate) >= rate.burst) buckets.delete(k);
        b = { tokens: rate.burst, at: t };
        buckets.set(key, b);
      }
      b.tokens = refill(b.tokens, b.at, t, rate);
      b.at = Math.max(b.at, t);
      // A hair of slack for floating point, or a token due this millisecond would cost one more.
      const granted = Math.max(0, Math.min(want, Math.floor(b.tokens + 1e-9)));
      b.tokens -= granted;
      return { granted, waitMs: granted > 0 ? 0 : Math.max(1, Math.ceil(((1 - b.tokens) / rate.perSecond) * 1000)) };
    },
  };
}

export interface BatchOptions {
  /** Tokens taken per round trip (default: a tenth of a second's worth, 1 to 10). */
  batch?: number;
  /**
   * Tokens not spent this long after they were taken are dropped, never carried: that is what
   * bounds how far N processes together can go over the rate (docs/operations.md).
   */
  holdMs?: number;
}

/** The default batch for a rate: a tenth of a second's worth, at least 1 and at most 10. */
export function batchFor(rate: PaceRate): number {
  return Math.max(1, Math.min(10, Math.floor(rate.perSecond / 10), Math.floor(rate.burst)));
}

export const DEFAULT_HOLD_MS = 250;

/**
 * One bucket of a SendPace, spent locally: tokens are taken in small batches and handed out
 * without a round trip until they run out or grow stale. So a process costs Redis about one
 * round trip per `batch` messages, and at any moment holds at most `batch` unspent tokens.
 */
export class BatchedTokens implements TokenSource {
  private held = 0;
  private heldUntil = 0;
  private fetching?: Promise<number>;
  private readonly batch: number;
  private readonly holdMs: number;

  constructor(
    private readonly pace: SendPace,
    private readonly key: string,
    private readonly rate: PaceRate,
    options: BatchOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.batch = Math.max(1, Math.floor(options.batch ?? batchFor(rate)));
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
  }

  take(now: number): number | Promise<number> {
    if (this.held > 0 && now <= this.heldUntil) {
      this.held--;
      return 0;
    }
    this.held = 0;
    // One round trip at a time per bucket: callers that arrive meanwhile share its answer and
    // then ask again, so a process never holds more than one batch.
    if (this.fetching) return this.fetching.then(() => this.take(this.now()));
    const fetching = this.pace.take(this.key, this.rate, this.batch).then(
      ({ granted, waitMs }) => {
        this.fetching = undefined;
        if (granted === 0) return waitMs;
        this.held = granted - 1;
        this.heldUntil = this.now() + this.holdMs;
        return 0;
      },
      (err: unknown) => {
        this.fetching = undefined;
        throw err;
      },
    );
    this.fetching = fetching;
    return fetching;
  }
}

/** A bucket of a SendPace without batching (per-chat paces: a chat's rate is a message a second or less). */
export function singleTokens(pace: SendPace, key: string, rate: PaceRate): TokenSource {
  return { take: () => pace.take(key, rate, 1).then((g) => (g.granted > 0 ? 0 : g.waitMs)) };
}

/** Waits until `source` grants a token; `sleep` rejects when the wait is cut short. */
export async function waitForToken(source: TokenSource, sleep: (ms: number) => Promise<void>, now: () => number = Date.now): Promise<void> {
  for (;;) {
    const answer = source.take(now());
    const wait = typeof answer === 'number' ? answer : await answer;
    if (wait <= 0) return;
    await sleep(wait);
  }
}
