import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores } from '../../src/core/stores.js';
import { createTestChat, TestChannelAdapter, type TestChat } from '../../src/testing/test-chat.js';
import { startRedisSentinels, type RedisSentinelSet } from '../support/redis-sentinel.js';
import { uniquePrefix } from '../support/redis.js';

/*
 * balie on a Sentinel-managed Redis (REDIS_SENTINELS + REDIS_SENTINEL_MASTER): a master and a
 * replica with AOF, three sentinels. The master goes away twice over, once planned (SENTINEL
 * FAILOVER: the old master becomes a replica and refuses writes) and once killed (SIGKILL); the same
 * balie, with the connections it had, must follow the sentinels to the new master by itself and
 * keep the dialog, the handoff and the agents. A message that arrives while there is no master is
 * refused (the platform answers 503 and redelivers) and answered once when it comes again.
 */
const logger = createLogger({ level: 'silent' });
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch((err: unknown) => err as T);
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function setUp(): Promise<{ set: RedisSentinelSet; chat: TestChat }> {
  const set = await startRedisSentinels();
  cleanup.push(() => set.stop());
  const stores = await createRedisStores({ target: set.target, prefix: uniquePrefix('sentinel'), logger, leaseMs: 2000 });
  const chat = await createTestChat({ stores, conversationId: 'klant-sentinel' });
  cleanup.push(() => chat.close());
  return { set, chat };
}

const hallo = {
  type: 'message' as const,
  text: 'hallo?',
  from: { id: 'user-storing', name: 'Klant', role: 'user' },
  conversation: { id: 'klant-storing', isGroup: false, conversationType: 'personal', name: 'klant-storing' },
};

/** Everything written so far is on the replica before its master goes (replication is asynchronous). */
async function replicated(chat: TestChat): Promise<void> {
  const acked = (await chat.app.stores.redis!.call('WAIT', '1', '5000')) as number;
  expect(acked).toBe(1);
}

describe.each(['planned', 'killed'] as const)('a Sentinel failover (%s master)', (how) => {
  it('is followed by itself: dialog, handoff and agents carry on, a message refused meanwhile is answered once', { timeout: 120_000 }, async () => {
    const { set, chat } = await setUp();
    const app = chat.app;
    const desk = app.handoff!.desk;
    const bram = desk.identify('bram');
    const adapter = app.adapter<TestChannelAdapter>('test')!;

    // ── before: a dialog half-way, an agent online, another customer waiting for a person ──
    expect((await chat.say('Waar is mijn bestelling?'))[0]!.text).toContain('Wat is je bestelnummer?');
    await desk.setPresence(bram, 'away');
    const waiting = await createTestChat({ app, conversationId: 'klant-wacht' });
    await waiting.say('ik wil een medewerker spreken');
    const queued = await app.handoff!.service.caseFor('test:klant-wacht');
    expect(queued).toMatchObject({ state: 'queued' });
    await replicated(chat);

    // ── the master goes ──
    const old = await set.master();
    const oldServer = set.servers.find((s) => s.port === old.port)!;
    const nativeId = randomUUID();
    if (how === 'planned') await set.failover();
    else {
      await oldServer.stop('SIGKILL');
      // No master now: a customer's message is refused (the webhook answers 503), not half-taken.
      await expect(adapter.customerSays(hallo, nativeId)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    }
    const now = await set.waitForNewMaster(old);
    expect(now.port).not.toBe(old.port);

    // ── after: the same balie carries on by itself ──
    await eventually(
      () => app.stores.ping().then(() => true),
      (ok) => ok === true,
    );
    const [status] = await eventually(
      () => chat.say('tc 100003'),
      (r) => Array.isArray(r) && r.length > 0,
    );
    expect(status!.text).toContain('**TC-100003** is onderweg met PostNL');
    expect(await app.handoff!.service.caseFor('test:klant-wacht')).toEqual(queued);
    // The agent comes online and is offered the waiting chat: presence, queue and offers work on the new master.
    await desk.setPresence(bram, 'online');
    const offered = await eventually(
      () => app.handoff!.service.caseFor('test:klant-wacht'),
      (c) => c?.state === 'offered',
    );
    expect(offered).toMatchObject({ state: 'offered', offeredTo: 'bram' });
    await desk.accept(bram, 'test:klant-wacht');
    await desk.send(bram, 'test:klant-wacht', 'Goedemiddag, met Bram.');
    await eventually(
      async () =>
        waiting
          .received()
          .map((r) => r.text)
          .join('\n'),
      (t) => t.includes('Goedemiddag, met Bram.'),
    );
    expect(
      waiting
        .received()
        .map((r) => r.text)
        .join('\n'),
    ).toContain('Goedemiddag, met Bram.');

    if (how === 'killed') {
      // The refused message comes again (the platform's redelivery, same id), twice: answered once.
      expect(await adapter.customerSays(hallo, nativeId)).toBe('accepted');
      expect(await adapter.customerSays(hallo, nativeId)).toBe('duplicate');
      expect(adapter.sent('klant-storing').filter((a) => a.type === 'message')).toHaveLength(1);
    }
  });
});
