import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createMemorySendPace, paceId } from '../../src/core/send-pace.js';
import { createRedisSendPace } from '../../src/core/send-pace-redis.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { sendPaceContract } from './send-pace.contract.js';

sendPaceContract('memory', async () => {
  let clock = 1_000_000;
  const pace = createMemorySendPace(() => clock);
  return { pace, peer: pace, advance: (ms) => void (clock += ms), now: () => clock, close: async () => {} };
});

sendPaceContract('redis', async () => {
  let clock = 1_000_000;
  const prefix = uniquePrefix('pace');
  const a = new Redis(testRedisUrl());
  const b = new Redis(testRedisUrl());
  return {
    pace: createRedisSendPace({ client: a, prefix, now: () => clock }),
    peer: createRedisSendPace({ client: b, prefix, now: () => clock }),
    advance: (ms) => void (clock += ms),
    now: () => clock,
    close: async () => {
      await Promise.all([a.quit(), b.quit()]);
    },
  };
});

describe('redis send pace', () => {
  it("uses Redis's own clock when none is given, and keeps no secret in its keys", async () => {
    const client = new Redis(testRedisUrl());
    const prefix = uniquePrefix('pace');
    try {
      const pace = createRedisSendPace({ client, prefix });
      const key = `telegram:bot:${paceId('123456:secret-token')}`;
      expect((await pace.take(key, { perSecond: 1000, burst: 2 }, 5)).granted).toBe(2);
      const keys = await client.keys(`${prefix}*`);
      expect(keys).toEqual([`${prefix}pace:{${key}}`]);
      expect(keys.join()).not.toContain('secret-token');
      // Refilled by Redis's clock: a millisecond or two at 1000/s.
      await new Promise((r) => setTimeout(r, 5));
      expect((await pace.take(key, { perSecond: 1000, burst: 2 }, 5)).granted).toBeGreaterThan(0);
      // The bucket forgets itself once it would be full again.
      expect(await client.pttl(keys[0]!)).toBeLessThanOrEqual(1002);
    } finally {
      await client.quit();
    }
  });

  it('paces each process alone while Redis cannot be reached', async () => {
    const client = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    const pace = createRedisSendPace({ client, prefix: uniquePrefix('pace') });
    expect(await pace.take('bot:x', { perSecond: 1, burst: 2 }, 5)).toEqual({ granted: 2, waitMs: 0 });
    expect((await pace.take('bot:x', { perSecond: 1, burst: 2 }, 5)).granted).toBe(0);
    client.disconnect();
  });
});
