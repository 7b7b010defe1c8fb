import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryUnansweredStore, createRedisUnansweredStore, type UnansweredStore } from '../../src/handoff/unanswered-store.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const clients: Redis[] = [];
afterAll(async () => {
  for (const c of clients) c.disconnect();
});

/** Two views of one store: for Redis, two connections (two processes). */
const stores: [string, () => [UnansweredStore, UnansweredStore]][] = [
  [
    'memory',
    () => {
      const s = createMemoryUnansweredStore();
      return [s, s];
    },
  ],
  [
    'redis',
    () => {
      const prefix = uniquePrefix('unanswered-store');
      const [a, b] = [0, 1].map((i) => {
        const client = new Redis(testRedisUrl(), { connectionName: `unanswered-store-${i}` });
        clients.push(client);
        return createRedisUnansweredStore(client, prefix);
      });
      return [a!, b!];
    },
  ],
];

describe.each(stores)('unanswered-messages store (%s)', (_name, make) => {
  it('opens a stretch with the first message and counts the next ones in it', async () => {
    const [a, b] = make();
    expect(await a.wrote('test:c1', 1000)).toEqual({ stretch: { key: 'test:c1', since: 1000, messages: 1 }, opened: true });
    expect(await b.wrote('test:c1', 2000)).toEqual({ stretch: { key: 'test:c1', since: 1000, messages: 2 }, opened: false });
    expect(await b.get('test:c1')).toEqual({ key: 'test:c1', since: 1000, messages: 2 });
    expect(await a.totals()).toEqual({ waiting: 2, promised: 0 });
  });

  it('promises once per stretch, to the first caller, and only the stretch it names', async () => {
    const [a, b] = make();
    await a.wrote('test:c1', 1000);
    expect(await a.promise('test:c1', 999, 'owner')).toBe(false);
    expect(await Promise.all([a.promise('test:c1', 1000, 'owner'), b.promise('test:c1', 1000, 'owner')])).toEqual(expect.arrayContaining([true, false]));
    await b.wrote('test:c1', 2000);
    expect(await a.totals()).toEqual({ waiting: 0, promised: 2 });
  });

  it('"promised by the queue" holds only for a stretch that message opens', async () => {
    const [a, b] = make();
    await a.wrote('test:queued', 1000, 'queue');
    await a.wrote('test:active', 1000);
    expect(await b.wrote('test:active', 2000, 'queue')).toEqual({ stretch: { key: 'test:active', since: 1000, messages: 2 }, opened: false });
    expect(await b.get('test:queued')).toEqual({ key: 'test:queued', since: 1000, messages: 1, promisedBy: 'queue' });
    expect(await b.totals()).toEqual({ waiting: 2, promised: 1 });
  });

  it('an answer ends the stretch; the next message opens a new one', async () => {
    const [a, b] = make();
    await a.wrote('test:c1', 1000);
    await a.promise('test:c1', 1000, 'owner');
    await b.answered('test:c1');
    expect(await a.get('test:c1')).toBeUndefined();
    expect(await a.totals()).toEqual({ waiting: 0, promised: 0 });
    expect(await b.wrote('test:c1', 5000)).toEqual({ stretch: { key: 'test:c1', since: 5000, messages: 1 }, opened: true });
  });
});
