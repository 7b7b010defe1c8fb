import type { Logger } from 'pino';
import type { RedisClient } from '../../core/redis/slots.js';
import type { Timers } from './timers.js';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaseOptions {
  redis: RedisClient;
  key: string;
  /** Unique per process (and per adapter instance). */
  owner: string;
  ttlMs: number;
  /** How often the holder renews; well under ttlMs so one slow round trip does not lose it. */
  renewMs: number;
  /** How often a process without the lease tries to take it. */
  retryMs: number;
  timers: Timers;
  logger: Logger;
  onAcquired(): void;
  onLost(reason: 'taken' | 'unreachable'): void;
}

/**
 * "Only one process runs the WhatsApp Web session": a Redis key set with NX and a TTL, renewed by
 * its owner with a compare-and-renew script and deleted on stop with compare-and-delete. A holder
 * that cannot renew gives up when its own copy of the TTL runs out, which is when another process
 * may take over, so two browsers never drive one WhatsApp account at once.
 */
export class SessionLease {
  private held = false;
  private validUntil = 0;
  private timer: unknown;
  private stopped = true;

  constructor(private readonly options: LeaseOptions) {}

  get owner(): string {
    return this.options.owner;
  }

  /** True while this process holds the lease and its TTL has not run out locally. */
  isHeld(): boolean {
    return this.held && this.options.timers.now() < this.validUntil;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0, () => this.tryAcquire());
  }

  /** The owner id of whoever holds the lease now, if anyone. */
  async holder(): Promise<string | undefined> {
    return (await this.options.redis.get(this.options.key)) ?? undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.held) return;
    this.held = false;
    try {
      await this.options.redis.eval(RELEASE, 1, this.options.key, this.options.owner);
    } catch (err) {
      // It expires by itself within ttlMs; the next process then waits that long at most.
      this.options.logger.warn({ err, code: 'STORAGE_UNAVAILABLE' }, 'could not release the WhatsApp session lease; it will expire by itself');
    }
  }

  private schedule(ms: number, fn: () => Promise<void>): void {
    if (this.stopped) return;
    this.options.timers.clearTimeout(this.timer);
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = undefined;
      fn().catch((err: unknown) => this.options.logger.error({ err, code: 'STORAGE_UNAVAILABLE' }, 'WhatsApp session lease step failed'));
    }, ms);
  }

  private async tryAcquire(): Promise<void> {
    const { redis, key, owner, ttlMs, timers } = this.options;
    let acquired = false;
    try {
      const started = timers.now();
      acquired = (await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK';
      if (acquired) this.validUntil = started + ttlMs;
    } catch (err) {
      this.options.logger.warn({ err, code: 'STORAGE_UNAVAILABLE' }, 'could not reach Redis to take the WhatsApp session lease; trying again');
    }
    if (this.stopped) {
      if (acquired) await redis.eval(RELEASE, 1, key, owner).catch(() => undefined);
      return;
    }
    if (!acquired) return this.schedule(this.options.retryMs, () => this.tryAcquire());
    this.held = true;
    this.schedule(this.options.renewMs, () => this.renew());
    this.options.onAcquired();
  }

  private async renew(): Promise<void> {
    const { redis, key, owner, ttlMs, timers } = this.options;
    const started = timers.now();
    let renewed: boolean | undefined;
    try {
      renewed = Number(await redis.eval(RENEW, 1, key, owner, String(ttlMs))) === 1;
    } catch (err) {
      this.options.logger.warn({ err, code: 'STORAGE_UNAVAILABLE' }, 'could not renew the WhatsApp session lease');
    }
    if (this.stopped) return;
    if (renewed) {
      this.validUntil = started + ttlMs;
      return this.schedule(this.options.renewMs, () => this.renew());
    }
    if (renewed === undefined && timers.now() + this.options.renewMs < this.validUntil) {
      // Redis did not answer, but the lease is still ours for a while: try again before it ends.
      return this.schedule(Math.min(this.options.renewMs, 1000), () => this.renew());
    }
    this.held = false;
    this.options.onLost(renewed === false ? 'taken' : 'unreachable');
    this.schedule(this.options.retryMs, () => this.tryAcquire());
  }
}
