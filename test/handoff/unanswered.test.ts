import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { packageRoot } from '../../src/core/paths.js';
import { MemoryEventBus } from '../../src/core/storage/event-bus.js';
import { createRedisStores, type Stores } from '../../src/core/stores.js';
import { createTranslator, loadLocales } from '../../src/dialogs/i18n.js';
import { createHandoffMetrics } from '../../src/handoff/metrics.js';
import type { CustomerMessage, DeskEvent } from '../../src/handoff/ports.js';
import { HandoffService } from '../../src/handoff/service.js';
import { createRedisHandoffStore } from '../../src/handoff/store/redis-store.js';
import { createRedisUnansweredStore } from '../../src/handoff/unanswered-store.js';
import { defaultTestConfig } from '../../src/testing/test-chat.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

// Monday 23 November 2026, 10:00 in Amsterdam (09:00 UTC): Sanne works 09:00-17:30 on weekdays.
const MONDAY_10 = Date.parse('2026-11-23T09:00:00Z');
const MINUTE = 60_000;
const logger = createLogger({ level: 'silent' });

const open: Stores[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/**
 * Two balie processes on one real Redis (each its own connection, store and /metrics registry) and
 * one injected clock. The desk events go over one in-memory bus: what is under test is which
 * process takes the timer, not Redis pub/sub.
 */
async function setup(start = MONDAY_10) {
  const config = defaultTestConfig();
  const prefix = uniquePrefix('unanswered');
  let now = start;
  const bus = new MemoryEventBus();
  const events: DeskEvent[] = [];
  for (const topic of ['desk:agent:sanne', 'desk:supervisors']) await bus.subscribe(topic, (e) => events.push(e as DeskEvent));
  const told: { process: number; message: CustomerMessage }[] = [];
  const t = createTranslator(loadLocales(join(packageRoot(), 'locales')), 'nl');
  const processes: { service: HandoffService; registry: Registry }[] = [];
  for (const process of [0, 1]) {
    const stores = await createRedisStores({ url: testRedisUrl(), prefix, logger });
    open.push(stores);
    const registry = new Registry();
    const service = new HandoffService({
      store: createRedisHandoffStore({ client: stores.redis!, prefix }),
      unanswered: createRedisUnansweredStore(stores.redis!, prefix),
      bus,
      messenger: { send: async (_target, message) => void told.push({ process, message }) },
      t,
      agents: config.agents,
      metrics: createHandoffMetrics(registry),
      logger,
      settings: { ...config.handoff, unansweredAfterMs: 10 * MINUTE },
      now: () => now,
    });
    processes.push({ service, registry });
  }
  await processes[0]!.service.store.syncAgents(
    config.agents.map((a) => ({ id: a.id, maxChats: a.maxChats, languages: a.languages, skills: a.skills })),
    now,
  );
  const [a, b] = processes as [(typeof processes)[0], (typeof processes)[0]];
  /** Both processes look at the timers at once, as they do in production. */
  const tickBoth = () => Promise.all([a.service.tick(), b.service.tick()]);
  /** What `balie_unanswered_messages` says in each process's /metrics. */
  const gauge = async () =>
    Promise.all(
      processes.map(async ({ registry }) => {
        const values = (await registry.getSingleMetric('balie_unanswered_messages')!.get()).values;
        return Object.fromEntries(values.map((v) => [v.labels.state, v.value]));
      }),
    );
  const promises = () => told.filter((x) => x.message.text.includes('heeft je bericht'));
  const wrote = async (text: string) => a.service.customerWrote((await a.service.caseFor('test:c1'))!, text);
  const request = () =>
    a.service.request({ customer: { channelId: 'test', conversationId: 'c1', userId: 'u1', name: 'Jan' }, reference: {}, reason: 'customer-asked', language: 'nl', collected: {} });
  return { a, b, events, told, promises, tickBoth, gauge, wrote, request, advance: (ms: number) => void (now += ms) };
}

const unanswered = (events: DeskEvent[]) => events.filter((e) => e.type === 'unanswered');

describe('#14.5: no message left unanswered', () => {
  it("promises the customer an answer in Sanne's name, reminds her and the supervisors once, and counts the messages until she answers", async () => {
    const { a, b, events, promises, tickBoth, gauge, wrote, request, advance } = await setup();
    await a.service.setPresence('sanne', 'online');
    await request();
    await a.service.accept('sanne', 'test:c1');
    await wrote('Waar blijft mijn pakket?');
    advance(MINUTE);
    await wrote('Hallo?');
    expect(await gauge()).toEqual([
      { waiting: 2, promised: 0 },
      { waiting: 2, promised: 0 },
    ]);

    advance(8 * MINUTE); // 10:09: nine minutes since the first message
    await tickBoth();
    expect(promises()).toEqual([]);
    expect(unanswered(events)).toEqual([]);

    advance(MINUTE); // 10:10: the first message has waited the configured ten minutes
    await tickBoth();
    // One promise, from one of the two processes, in Sanne's name, in Dutch, ten minutes on.
    expect(promises().map((x) => x.message.text)).toEqual(['Sanne heeft je bericht en antwoordt uiterlijk om **10:20**.']);
    const reminder = { type: 'unanswered', key: 'test:c1', agentId: 'sanne', waitingSeconds: 600, messages: 2, promisedBy: 'owner', promisedUntil: MONDAY_10 + 20 * MINUTE };
    expect(unanswered(events)).toEqual([reminder, reminder]); // Sanne's topic and the supervisors'
    expect(await gauge()).toEqual([
      { waiting: 0, promised: 2 },
      { waiting: 0, promised: 2 },
    ]);

    // Another message in the same waiting stretch: counted, but no second promise.
    advance(2 * MINUTE);
    await wrote('??');
    expect((await gauge())[1]).toEqual({ waiting: 0, promised: 3 });
    await tickBoth();
    expect(promises()).toHaveLength(1);

    // The promised time comes and Sanne has still not answered: reminded again, the customer not promised again.
    advance(8 * MINUTE); // 10:20
    await tickBoth();
    expect(promises()).toHaveLength(1);
    expect(unanswered(events)).toHaveLength(4);
    expect(unanswered(events)[2]).toEqual({ type: 'unanswered', key: 'test:c1', agentId: 'sanne', waitingSeconds: 1200, messages: 3, promisedBy: 'owner' });

    // Sanne answers: nothing counts any more, and nobody is reminded again.
    await b.service.sendAsAgent('sanne', 'test:c1', 'Hoi Jan, ik kijk het na.');
    expect(await gauge()).toEqual([
      { waiting: 0, promised: 0 },
      { waiting: 0, promised: 0 },
    ]);
    advance(15 * MINUTE); // (not 30: the quiet chat would be closed)
    await tickBoth();
    expect(unanswered(events)).toHaveLength(4);

    // The next unanswered message starts a new stretch, which gets its own promise.
    await wrote('Nog één vraag');
    advance(10 * MINUTE);
    await tickBoth();
    expect(promises()).toHaveLength(2);
  });

  it('promises an answer when the team is back when the owner’s working hours end first', async () => {
    const { a, promises, tickBoth, wrote, request, advance } = await setup(Date.parse('2026-11-23T16:15:00Z')); // 17:15
    await a.service.setPresence('sanne', 'online');
    await request();
    await a.service.accept('sanne', 'test:c1');
    await wrote('Kunt u nog even kijken?');
    advance(10 * MINUTE); // 17:25: Sanne is still online, but her day ends at 17:30
    await tickBoth();
    expect(promises().map((x) => x.message.text)).toEqual(['Sanne heeft je bericht en antwoordt zodra we er weer zijn: **dinsdag 09:00**.']);
  });

  it('while the chat waits in the queue, the queue notice is the promise: no second one, but the supervisors are reminded', async () => {
    const { told, events, tickBoth, gauge, wrote, request, advance } = await setup();
    await request(); // nobody online: the customer is told so
    const queueNotices = told.length;
    expect(queueNotices).toBeGreaterThan(0);
    await wrote('Ik wacht wel');
    expect((await gauge())[0]).toEqual({ waiting: 0, promised: 1 });
    advance(10 * MINUTE);
    await tickBoth();
    expect(told).toHaveLength(queueNotices);
    expect(unanswered(events)).toEqual([{ type: 'unanswered', key: 'test:c1', waitingSeconds: 600, messages: 1, promisedBy: 'queue' }]);
  });

  it('a chat that goes back to the bot ends the count (the closing notice answered the customer)', async () => {
    const { a, gauge, wrote, request } = await setup();
    await a.service.setPresence('sanne', 'online');
    await request();
    await a.service.accept('sanne', 'test:c1');
    await wrote('Laat maar');
    expect((await gauge())[0]).toEqual({ waiting: 1, promised: 0 });
    await a.service.handBack('sanne', 'test:c1');
    expect((await gauge())[0]).toEqual({ waiting: 0, promised: 0 });
  });
});
