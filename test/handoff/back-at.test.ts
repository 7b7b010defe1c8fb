import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { packageRoot } from '../../src/core/paths.js';
import { MemoryEventBus } from '../../src/core/storage/event-bus.js';
import { createTranslator, loadLocales } from '../../src/dialogs/i18n.js';
import { defaultTestConfig } from '../../src/testing/test-chat.js';
import { createHandoffMetrics } from '../../src/handoff/metrics.js';
import type { CustomerMessage } from '../../src/handoff/ports.js';
import { HandoffService } from '../../src/handoff/service.js';
import { createMemoryHandoffStore } from '../../src/handoff/store/memory-store.js';

// Thursday 26 November 2026, 13:23 in Amsterdam (12:23 UTC): Bram works 08:30-17:00 on weekdays
// and is away now; his next working hours start on Friday at 08:30.
const THURSDAY_1323 = Date.parse('2026-11-26T12:23:00Z');
const FRIDAY_0830 = Date.parse('2026-11-27T07:30:00Z');

async function setup() {
  const config = defaultTestConfig();
  let now = THURSDAY_1323 - 10 * 60_000;
  const told: { key: string; message: CustomerMessage }[] = [];
  const store = createMemoryHandoffStore();
  const service = new HandoffService({
    store,
    bus: new MemoryEventBus(),
    messenger: { send: async (target, message) => void told.push({ key: `${target.customer.channelId}:${target.customer.conversationId}`, message }) },
    t: createTranslator(loadLocales(join(packageRoot(), 'locales')), 'nl'),
    agents: config.agents,
    metrics: createHandoffMetrics(new Registry()),
    logger: createLogger({ level: 'silent' }),
    settings: config.handoff,
    now: () => now,
  });
  await store.syncAgents(
    config.agents.map((a) => ({ id: a.id, maxChats: a.maxChats, languages: a.languages, skills: a.skills })),
    now,
  );
  const request = (conversationId: string, userId: string) =>
    service.request({ customer: { channelId: 'test', conversationId, userId, name: userId }, reference: {}, reason: 'customer-asked', language: 'nl', collected: {} });
  return { service, told, request, advance: (ms: number) => void (now += ms), now: () => now };
}

describe('#15.3: a customer whose usual person is away hears when that person is really back', () => {
  it("gives Bram's next working hours, not the current time, and no one-minute estimate that only others could meet", async () => {
    const { service, told, request, advance } = await setup();
    // Three earlier chats with Bram, each answered in 30 s: enough recent waits for an estimate.
    await service.setPresence('bram', 'online');
    for (const user of ['u1', 'u2', 'u3']) {
      await request(`first-${user}`, user);
      advance(30_000);
      await service.accept('bram', `test:first-${user}`);
      await service.resolve('bram', `test:first-${user}`);
    }
    await service.setPresence('bram', 'away');
    await service.setPresence('sanne', 'online');
    advance(THURSDAY_1323 - (THURSDAY_1323 - 10 * 60_000) - 90_000);

    told.length = 0;
    await request('again', 'u1');
    const texts = told.filter((t) => t.key === 'test:again').map((t) => t.message.text);
    const queued = texts.find((t) => t.includes('nummer'))!;
    expect(queued).not.toContain('ongeveer 1 min');
    const choice = texts.find((t) => t.includes('die je eerder hielp'))!;
    expect(choice).toContain('weer terug vrijdag 08:30');
    expect(choice).not.toContain('13:23');

    // Waiting for Bram lasts until he is back, not four hours from now (Thursday 17:23, after his shift).
    const c = (await service.caseFor('test:again'))!;
    await service.customerWaitsFor(c, 'bram');
    expect((await service.caseFor('test:again'))!.preferUntil).toBeGreaterThan(FRIDAY_0830);
  });

  it('does not count a customer waiting for Bram as ahead of a new customer whom anyone may help', async () => {
    const { service, told, request, advance } = await setup();
    await service.setPresence('bram', 'online');
    await request('first', 'u1');
    await service.accept('bram', 'test:first');
    await service.resolve('bram', 'test:first');
    await service.setPresence('bram', 'away');
    advance(60_000);
    await request('waits', 'u1');
    await service.customerWaitsFor((await service.caseFor('test:waits'))!, 'bram');
    // Sanne is online with her three slots taken: the new chat stays queued behind the one waiting for Bram.
    advance(60_000);
    await service.setPresence('sanne', 'online');
    for (const user of ['f1', 'f2', 'f3']) await request(`filler-${user}`, user);
    expect((await service.caseFor('test:filler-f3'))!.offeredTo).toBe('sanne');
    told.length = 0;
    await request('new', 'u9');
    expect(await service.store.position('test:new')).toBe(2);
    const queued = told.find((t) => t.key === 'test:new')!.message.text;
    expect(queued).not.toContain('nummer **2**');
  });
});
