import type { TokenSource } from '../../core/send-pace.js';
import type { Clock } from './clock.js';

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

/** A local bucket as a TokenSource: takes a token when one is there, else says how long to wait. */
export function localTokens(bucket: TokenBucket): TokenSource {
  return {
    take(now) {
      const wait = bucket.availableIn(now);
      if (wait === 0) bucket.take(now);
      return wait;
    },
  };
}

/**
 * The bot-wide pace as a queue rather than tokens lent ahead: a message that stops waiting (its
 * turn handed back at shutdown) frees its place at once for those behind it, and urgent messages
 * (a "we are busy" notice) go first, taking turns with the others when both wait so that notices
 * cannot starve the replies. The tokens come from a local bucket, or from the bucket every
 * process shares (src/core/send-pace.ts); one pump per process asks for them, in batches.
 */
export class PaceQueue {
  private readonly urgent: Waiter[] = [];
  private readonly normal: Waiter[] = [];
  private lastWasUrgent = false;
  private pumping = false;

  constructor(
    private readonly source: TokenSource,
    private readonly clock: Clock,
    private readonly stopped: AbortSignal,
  ) {}

  /** Messages waiting for their turn. */
  get waiting(): number {
    return this.urgent.length + this.normal.length;
  }

  /** Resolves when the message may go; rejects with `signal`'s reason once it aborts (the place is given up). */
  acquire(signal: AbortSignal, urgent = false): Promise<void> {
    let first: number | Promise<number> | undefined;
    if (this.waiting === 0 && !this.pumping) {
      first = this.source.take(this.clock.now());
      if (first === 0) return Promise.resolve();
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
      // A local answer that said "wait" took nothing: the pump asks again. A shared one may
      // have taken a token already: the pump uses its answer.
      this.pump(typeof first === 'number' ? undefined : first);
    });
  }

  private next(): Waiter | undefined {
    const urgentFirst = this.urgent.length > 0 && !(this.lastWasUrgent && this.normal.length > 0);
    this.lastWasUrgent = urgentFirst;
    return urgentFirst ? this.urgent.shift() : this.normal.shift();
  }

  private pump(first?: Promise<number>): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      let answer: number | Promise<number> | undefined = first;
      try {
        while (this.waiting > 0) {
          answer ??= this.source.take(this.clock.now());
          let wait: number;
          try {
            wait = typeof answer === 'number' ? answer : await answer;
          } catch {
            // The shared pace falls back to a local one by itself; should a take still fail, ask again shortly.
            wait = 100;
          }
          answer = undefined;
          if (wait > 0) {
            await this.clock.sleep(wait, this.stopped);
            continue;
          }
          // Everyone may have stopped waiting during a round trip: the token is then not used.
          const waiter = this.next();
          if (!waiter) break;
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
