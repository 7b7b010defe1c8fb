import type { Logger } from './logger.js';
import type { RedisClient } from './redis/slots.js';
import { createMemorySendPace, type SendPace } from './send-pace.js';

/*
 * The shared pace: one token bucket per key in a Redis hash, refilled and taken in one script, so
 * every process draws on the same bucket. Each bucket is one key with its own hash tag: a script
 * touches one key, so it runs on Redis Cluster too. The clock is Redis's own (TIME), the same for
 * every process; tests may pass theirs.
 */

// KEYS: the bucket. ARGV: tokens per ms, burst, tokens wanted, now in ms ('' = Redis's TIME).
// → {granted, ms until the next token (when none was granted)}
export const TAKE_TOKENS = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
if now > at then
  tokens = math.min(burst, tokens + (now - at) * rate)
  at = now
end
local granted = math.floor(tokens + 1e-9)
if granted > want then granted = want end
if granted < 0 then granted = 0 end
tokens = tokens - granted
local wait = 0
if granted == 0 then wait = math.max(1, math.ceil((1 - tokens) / rate)) end
redis.call('HSET', KEYS[1], 't', string.format('%.6f', tokens), 'at', at)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return {granted, wait}
`;

export interface RedisSendPaceOptions {
  client: RedisClient;
  /** Prefix of every Redis key (BALIE_REDIS_PREFIX). */
  prefix: string;
  logger?: Logger;
  /** Tests: the time to use instead of Redis's. */
  now?: () => number;
}

/**
 * The SendPace every process shares. When Redis cannot be reached, each process paces itself
 * alone (the memory buckets) until it can again: messages keep going, at up to N times the rate,
 * and the platform's 429 answers (which every sender honours) catch the rest.
 */
export function createRedisSendPace(options: RedisSendPaceOptions): SendPace {
  const { client, prefix, logger, now } = options;
  const commands = client as unknown as Record<string, unknown>;
  if (typeof commands.balieTakeTokens !== 'function') client.defineCommand('balieTakeTokens', { numberOfKeys: 1, lua: TAKE_TOKENS });
  const take = (key: string, ...args: string[]) => (client as unknown as { balieTakeTokens(k: string, ...a: string[]): Promise<[number, number]> }).balieTakeTokens(key, ...args);
  const alone = createMemorySendPace(now);
  let outage = false;
  return {
    shared: true,
    async take(key, rate, want) {
      try {
        const [granted, waitMs] = await take(`${prefix}pace:{${key}}`, String(rate.perSecond / 1000), String(rate.burst), String(want), now ? String(now()) : '');
        if (outage) logger?.info({ code: 'STORAGE_UNAVAILABLE' }, 'the shared send pace is back on Redis');
        outage = false;
        return { granted: Number(granted), waitMs: Number(waitMs) };
      } catch (err) {
        if (!outage) logger?.warn({ err, code: 'STORAGE_UNAVAILABLE' }, 'the shared send pace could not reach Redis; each process paces itself alone until it can');
        outage = true;
        return alone.take(key, rate, want);
      }
    },
  };
}
