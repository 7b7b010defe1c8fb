import type { RateDecision, ConsumeHit } from './http-limits.js';
import type { Stores } from './stores.js';

/*
 * Fixed-window hit counting for the rate limits: one INCR per hit in Redis (shared by every
 * process), a Map in memory mode. A fixed window lets up to twice the limit through around a
 * window's edge; for "stop a loop or a flood" that is plenty, and it costs one round trip.
 */

// INCR, and start the window's clock on its first hit; returns the count and the time left.
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

export function createHitCounter(stores: Pick<Stores, 'redis' | 'prefix'>, now: () => number = Date.now): ConsumeHit {
  const redis = stores.redis;
  if (redis) {
    return async (key, limit, windowMs) => {
      const [count, ttl] = (await redis.eval(SCRIPT, 1, `${stores.prefix}ratelimit:{${key}}`, String(windowMs))) as [number, number];
      return decide(count, limit, ttl);
    };
  }
  const windows = new Map<string, { count: number; endsAt: number }>();
  let sweepAt = now() + 60_000;
  return async (key, limit, windowMs) => {
    const t = now();
    if (t >= sweepAt) {
      for (const [k, w] of windows) if (w.endsAt <= t) windows.delete(k);
      sweepAt = t + 60_000;
    }
    let w = windows.get(key);
    if (!w || w.endsAt <= t) {
      w = { count: 0, endsAt: t + windowMs };
      windows.set(key, w);
    }
    w.count++;
    return decide(w.count, limit, w.endsAt - t);
  };
}

function decide(count: number, limit: number, msLeft: number): RateDecision {
  return { allowed: count <= limit, retryAfterMs: count <= limit ? 0 : Math.max(0, msLeft), count };
}
