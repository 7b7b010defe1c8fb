import { HttpError } from './http.js';

/** Caps on open live streams (Server-Sent Events) in one process. */
export interface StreamCaps {
  /** One web chat conversation, or one desk session: a few tabs and a reconnect's overlap. */
  perOwner: number;
  /** One client address (an office behind one NAT holds many). */
  perAddress: number;
  /** All streams of this process: each holds a socket and a subscription. */
  total: number;
}

/**
 * Counts the open live streams of this process, so that one conversation cannot open 599 of them
 * (seen: open files 24 → 323). Request rate limits do not help here: a stream is one request that
 * stays open. Per process, because a stream's socket is a process's resource.
 */
export const RETRY_AFTER_SECONDS = 60;

export class OpenStreams {
  private readonly byOwner = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();
  private count = 0;

  constructor(private readonly caps: StreamCaps) {}

  /**
   * Takes a place for a stream of `owner` (e.g. `webchat:<id>`, `desk:<session ref>`) from
   * `address`, or throws a 429 that says which cap was reached (send Retry-After: RETRY_AFTER_SECONDS).
   * Call the result when the stream closes.
   */
  acquire(owner: string, address: string): () => void {
    const what =
      (this.byOwner.get(owner) ?? 0) >= this.caps.perOwner
        ? `this ${owner.startsWith('desk:') ? 'session' : 'conversation'} already has ${this.caps.perOwner} open streams; close another tab or wait for it to end`
        : (this.byAddress.get(address) ?? 0) >= this.caps.perAddress
          ? `your address already has ${this.caps.perAddress} open streams`
          : this.count >= this.caps.total
            ? `the server holds its maximum of ${this.caps.total} open streams`
            : undefined;
    if (what) throw new HttpError(429, 'TOO_MANY_STREAMS', `${what}; try again in a minute`);
    const bump = (map: Map<string, number>, key: string, by: number) => {
      const n = (map.get(key) ?? 0) + by;
      if (n <= 0) map.delete(key);
      else map.set(key, n);
    };
    bump(this.byOwner, owner, 1);
    bump(this.byAddress, address, 1);
    this.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.byOwner, owner, -1);
      bump(this.byAddress, address, -1);
      this.count--;
    };
  }

  /** How many are open now (for /metrics). */
  get open(): number {
    return this.count;
  }
}
