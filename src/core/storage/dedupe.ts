import type { RedisClient } from '../redis/slots.js';

/** Remembers native message ids, so a platform's redelivery of one message gets one answer. */
export interface DedupeStore {
  /** True the first time `key` is claimed within `ttlSeconds`, false for every later claim. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
}

export class MemoryDedupeStore implements DedupeStore {
  private readonly seen = new Map<string, number>();
  private claims = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    // Sweep now and then rather than on a timer, so nothing keeps the process alive.
    if (++this.claims % 1024 === 0) this.sweep(now);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.set(key, now + ttlSeconds * 1000);
    return true;
  }

  private sweep(now: number): void {
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
  }
}

export class RedisDedupeStore implements DedupeStore {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix = 'balie:',
  ) {}

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const ok = await this.client.set(`${this.prefix}dedupe:${key}`, '1', 'EX', ttlSeconds, 'NX');
    return ok === 'OK';
  }
}
