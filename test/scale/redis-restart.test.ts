import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores } from '../../src/core/stores.js';
import { createTestChat, defaultTestConfig, type TestChat } from '../../src/testing/test-chat.js';
import { startRedisServer, type RedisProcess } from '../support/redis-server.js';
import { uniquePrefix } from '../support/redis.js';

/*
 * What a restart of Redis (with AOF) must keep: handoffs in every state (queued; offered with its
 * deadline; active with its owner), agent presence and load, a dialog half-way, and the timers
 * (an offer that runs out after the restart still runs out). Everything is set up through one
 * balie, Redis is restarted on the same data, and a new balie (another process's view, fresh
 * connections, nothing in memory) reads it back through the same APIs the desk and the customer use.
 */
const logger = createLogger({ level: 'silent' });
const OFFER_MS = 5000;
const config: Config = (() => {
  const c = defaultTestConfig();
  return { ...c, handoff: { ...c.handoff, offerTimeoutMs: OFFER_MS } };
})();

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

async function eventually<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function balie(redis: RedisProcess, prefix: string, conversationId: string): Promise<TestChat> {
  const stores = await createRedisStores({ url: redis.url, prefix, logger, leaseMs: 2000 });
  const chat = await createTestChat({ config, stores, conversationId });
  cleanup.push(() => chat.close());
  return chat;
}

describe.each(['everysec', 'always'] as const)('a Redis restart with AOF (appendfsync %s)', (appendfsync) => {
  it('keeps handoffs, agents, a dialog half-way and the timers', { timeout: 90_000 }, async () => {
    const args = ['--appendonly', 'yes', '--appendfsync', appendfsync];
    // Our own data folder: the AOF must outlive the first server.
    const dir = mkdtempSync(join(tmpdir(), 'balie-restart-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    let redis = await startRedisServer(args, { dir });
    const { port } = redis;
    cleanup.push(() => redis.stop());
    const prefix = uniquePrefix('restart');

    // ── before: one balie sets everything up ──
    const active = await balie(redis, prefix, 'klant-active');
    const app = active.app;
    const desk = app.handoff!.desk;
    const [sanne, bram] = [desk.identify('sanne'), desk.identify('bram')];
    const open = (conversationId: string) => createTestChat({ app, conversationId });
    const key = (chat: TestChat) => `test:${chat.conversationId}`;

    await desk.setPresence(bram, 'online');
    await active.say('ik wil een medewerker spreken');
    await eventually(
      () => desk.myChats(bram),
      (c) => c.length === 1,
    );
    await desk.accept(bram, key(active));

    await desk.setPresence(sanne, 'online');
    const offered = await open('klant-offered');
    await offered.say('ik wil een medewerker spreken');
    const offer = await eventually(
      () => app.handoff!.service.caseFor(key(offered)),
      (c) => c?.state === 'offered',
    );
    expect(offer).toMatchObject({ state: 'offered', offeredTo: 'sanne' });

    await desk.setPresence(sanne, 'away');
    await desk.setPresence(bram, 'away');
    const queued = await open('klant-queued');
    await queued.say('ik wil een medewerker spreken');
    expect(await app.handoff!.service.caseFor(key(queued))).toMatchObject({ state: 'queued' });

    const ordering = await open('klant-dialog');
    expect((await ordering.say('Waar is mijn bestelling?'))[0]!.text).toContain('Wat is je bestelnummer?');
    const before = {
      active: await app.handoff!.service.caseFor(key(active)),
      offered: await app.handoff!.service.caseFor(key(offered)),
      queued: await app.handoff!.service.caseFor(key(queued)),
      agents: (await desk.agentStates(desk.identify('fatima'))).map(({ id, presence, load }) => ({ id, presence, load })),
    };
    expect(before.agents).toEqual(
      expect.arrayContaining([
        { id: 'bram', presence: 'away', load: 1 },
        { id: 'sanne', presence: 'away', load: 1 },
      ]),
    );
    // The offer must still be open when Redis comes back, so the timer has something to do afterwards.
    expect(offer!.offerDeadline! - Date.now()).toBeGreaterThan(1000);
    await active.close();
    cleanup.pop();

    // ── Redis restarts on the same data folder (SIGTERM: it writes its AOF out and stops) ──
    await redis.stop();
    redis = await startRedisServer(args, { port, dir });

    // ── after: a new balie reads it all back ──
    const again = await balie(redis, prefix, 'klant-dialog');
    const app2 = again.app;
    const desk2 = app2.handoff!.desk;
    expect(await app2.handoff!.service.caseFor(key(active))).toEqual(before.active);
    expect(await app2.handoff!.service.caseFor(key(queued))).toEqual(before.queued);
    const offeredAfter = await app2.handoff!.service.caseFor(key(offered));
    // Unless its deadline already passed and the new balie's timer loop took it back.
    if (offeredAfter?.state === 'offered') expect(offeredAfter).toEqual(before.offered);
    expect(await desk2.myChats(bram)).toEqual([expect.objectContaining({ key: key(active), state: 'active' })]);
    expect((await desk2.queue(bram)).items.map((i) => i.key)).toContain(key(queued));
    expect((await desk2.agentStates(desk2.identify('fatima'))).map(({ id, presence }) => ({ id, presence }))).toEqual(
      expect.arrayContaining([
        { id: 'bram', presence: 'away' },
        { id: 'sanne', presence: 'away' },
      ]),
    );

    // The owner still owns the chat: Bram writes, the customer gets it; Sanne cannot.
    await desk2.send(bram, key(active), 'Ik ben er nog.');
    await expect(desk2.send(sanne, key(active), 'psst')).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // The dialog goes on where it was: the next message is the answer to its question.
    const [status] = await again.say('tc 100003');
    expect(status!.text).toContain('**TC-100003** is onderweg met PostNL');

    // The offer's timer survived: it runs out and the chat goes back to the queue, Sanne's slot freed.
    const expired = await eventually(
      () => app2.handoff!.service.caseFor(key(offered)),
      (c) => c?.state === 'queued',
      OFFER_MS + 15_000,
    );
    expect(expired).toMatchObject({ state: 'queued', declinedBy: ['sanne'] });
    expect((await desk2.agentStates(desk2.identify('fatima'))).find((a) => a.id === 'sanne')).toMatchObject({ load: 0 });
  });
});
