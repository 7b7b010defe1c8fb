import { describe, expect, it } from 'vitest';
import { createHitCounter } from '../../src/core/hit-counter.js';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores } from '../../src/core/stores.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

/** The same behaviour on Redis (shared by processes) and in memory (one process). */
describe.each(['memory', 'redis'] as const)('hit counter (%s)', (kind) => {
  const make = async (now?: () => number) => {
    if (kind === 'memory') return { consume: createHitCounter({ prefix: 'm:' }, now), close: async () => {} };
    const stores = await createRedisStores({ url: testRedisUrl(), prefix: uniquePrefix('hits'), logger: createLogger({ level: 'silent' }) });
    return { consume: createHitCounter(stores), close: () => stores.close() };
  };

  it('lets `limit` hits through per window, then refuses with the time left, per key', async () => {
    const { consume, close } = await make();
    for (let i = 1; i <= 3; i++) expect(await consume('a', 3, 60_000)).toEqual({ allowed: true, retryAfterMs: 0, count: i });
    const refused = await consume('a', 3, 60_000);
    expect(refused.allowed).toBe(false);
    expect(refused.count).toBe(4);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await consume('b', 3, 60_000)).allowed).toBe(true);
    await close();
  });

  it('starts a fresh window once the old one is over', async () => {
    let t = 1_000_000;
    const { consume, close } = await make(() => t);
    const window = kind === 'redis' ? 150 : 60_000;
    for (let i = 0; i < 2; i++) await consume('w', 2, window);
    expect((await consume('w', 2, window)).allowed).toBe(false);
    if (kind === 'memory') t += window;
    else await new Promise((r) => setTimeout(r, window + 50));
    expect(await consume('w', 2, window)).toEqual({ allowed: true, retryAfterMs: 0, count: 1 });
    await close();
  });
});
