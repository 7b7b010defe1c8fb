import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { packageRoot } from '../../src/core/paths.js';
import { MemoryEventBus } from '../../src/core/storage/event-bus.js';
import { createTranslator, loadLocales } from '../../src/dialogs/i18n.js';
import { defaultTestConfig } from '../../src/testing/test-chat.js';
import { createHandoffMetrics } from '../../src/handoff/metrics.js';
import type { CustomerMessage, DeskEvent } from '../../src/handoff/ports.js';
import { HandoffService } from '../../src/handoff/service.js';
import { createMemoryHandoffStore } from '../../src/handoff/store/memory-store.js';

// Monday 23 November 2026, 10:00 in Amsterdam (09:00 UTC): Sanne works 09:00-17:30 on weekdays.
const MONDAY_10 = Date.parse('2026-11-23T09:00:00Z');
const MINUTE = 60_000;

async function setup(start = MONDAY_10) {
  const config = defaultTestConfig();
  let now = start;
  const bus = new MemoryEventBus();
  const events: DeskEvent[] = [];
  for (const topic of ['desk:agent:sanne', 'desk:supervisors']) await bus.subscribe(topic, (e) => events.push(e as DeskEvent));
  const told: CustomerMessage[] = [];
  const store = createMemoryHandoffStore();
  const service = new HandoffService({
    store,
    bus,
    messenger: { send: async (_target, message) => void told.push(message) },
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
  return { service, store, events, told, advance: (ms: number) => void (now += ms) };
}

const request = (service: HandoffService) =>
  service.request({
    customer: { channelId: 'test', conversationId: 'c1', userId: 'u1', name: 'Jan' },
    reference: {},
    reason: 'customer-asked',
    language: 'nl',
    collected: {},
  });

describe('handoff timers (in the store, handled by whichever process ticks)', () => {
  it('reminds the agent and the supervisors when a customer waits too long for a reply', async () => {
    const { service, events, advance } = await setup();
    await service.setPresence('sanne', 'online');
    await request(service);
    await service.accept('sanne', 'test:c1');
    await service.customerWrote((await service.caseFor('test:c1'))!, 'hallo?');
    advance(4 * MINUTE);
    await service.tick();
    expect(events.filter((e) => e.type === 'agent-idle')).toEqual([]);
    advance(2 * MINUTE);
    await service.tick();
    expect(events.filter((e) => e.type === 'agent-idle')).toEqual([
      { type: 'agent-idle', key: 'test:c1', agentId: 'sanne', waitingSeconds: 300 },
      { type: 'agent-idle', key: 'test:c1', agentId: 'sanne', waitingSeconds: 300 },
    ]);
  });

  it('no reminder once the agent has answered', async () => {
    const { service, events, advance } = await setup();
    await service.setPresence('sanne', 'online');
    await request(service);
    await service.accept('sanne', 'test:c1');
    await service.customerWrote((await service.caseFor('test:c1'))!, 'hallo?');
    advance(MINUTE);
    await service.sendAsAgent('sanne', 'test:c1', 'Hoi Jan!');
    advance(10 * MINUTE);
    await service.tick();
    expect(events.filter((e) => e.type === 'agent-idle')).toEqual([]);
  });

  it('sets an agent who is still online to away when their working hours end, and says so', async () => {
    const { service, store, events, advance } = await setup(Date.parse('2026-11-23T16:00:00Z')); // 17:00 in Amsterdam
    await service.setPresence('sanne', 'online');
    advance(20 * MINUTE);
    await service.tick();
    expect((await store.agents()).find((a) => a.id === 'sanne')?.presence).toBe('online');
    advance(15 * MINUTE); // 17:35
    await service.tick();
    expect((await store.agents()).find((a) => a.id === 'sanne')?.presence).toBe('away');
    expect(events).toContainEqual({ type: 'presence', agentId: 'sanne', presence: 'away', why: 'working hours are over' });
  });

  it('expires an unanswered offer and offers the chat to the next agent', async () => {
    const { service, store, advance } = await setup();
    await service.setPresence('bram', 'online');
    await service.setPresence('sanne', 'online');
    await request(service);
    const first = (await service.caseFor('test:c1'))!.offeredTo!;
    advance(61_000);
    await service.tick();
    const second = await service.caseFor('test:c1');
    expect(second?.state).toBe('offered');
    expect(second?.offeredTo).not.toBe(first);
    expect((await store.agents()).find((a) => a.id === first)?.missedOffers).toBe(1);
  });
});
