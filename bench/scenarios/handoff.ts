import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import { agentSchema, type AgentConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';
import { packageRoot } from '../../src/core/paths.js';
import { createRedisStores, type Stores } from '../../src/core/stores.js';
import { createTranslator, loadLocales } from '../../src/dialogs/i18n.js';
import { createHandoffMetrics } from '../../src/handoff/metrics.js';
import type { DeskEvent } from '../../src/handoff/ports.js';
import { HandoffService } from '../../src/handoff/service.js';
import { encodeCase } from '../../src/handoff/store/codec.js';
import { handoffKeys } from '../../src/handoff/store/keys.js';
import { DEFAULT_VIP_BOOST_MS } from '../../src/handoff/store/limits.js';
import { createRedisHandoffStore } from '../../src/handoff/store/redis-store.js';
import { handoffScripts } from '../../src/handoff/store/scripts/index.js';
import { newCase as storedCase } from '../../src/handoff/store/shared.js';
import type { NewCase } from '../../src/handoff/types.js';
import type { BenchContext, Row } from '../lib/report.js';
import { percentile, repeat, sortNumbers, summarise } from '../lib/stats.js';

const AGENTS = 50;

function agents(): AgentConfig[] {
  // No working hours: always on duty, so the clock of the run does not matter.
  return Array.from({ length: AGENTS }, (_, i) => agentSchema.parse({ id: `agent-${i}`, name: `Agent ${i}`, languages: ['nl', 'en'], maxChats: 2 }));
}

function newCase(key: string, i: number): NewCase {
  return {
    key,
    reason: 'customer-asked',
    language: i % 2 ? 'nl' : 'en',
    skills: [],
    vip: false,
    customer: { channelId: 'bench', conversationId: key.slice(6), userId: `u${i}`, name: `Klant ${i}` },
    customerKey: `bench:u${i}`,
    reference: { channelId: 'bench', conversation: { id: key.slice(6) } },
    collected: {},
  };
}

interface Rig {
  stores: Stores;
  service: HandoffService;
  store: ReturnType<typeof createRedisHandoffStore>;
  close(): Promise<void>;
}

async function rig(ctx: BenchContext, prefix: string): Promise<Rig> {
  const logger = createLogger({ level: 'silent' });
  const stores = await createRedisStores({ url: ctx.redisUrl, prefix, logger });
  const store = createRedisHandoffStore({ client: stores.redis!, prefix });
  const service = new HandoffService({
    store,
    bus: stores.bus,
    messenger: { send: async () => {} },
    t: createTranslator(loadLocales(join(packageRoot(), 'locales')), 'nl'),
    agents: agents(),
    metrics: createHandoffMetrics(new Registry()),
    logger,
  });
  await service.start();
  return {
    stores,
    service,
    store,
    close: async () => {
      await service.stop();
      // Leave Redis as empty as it was: a 100,000-case queue per run adds up.
      const redis = stores.redis!;
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 10_000);
        if (found.length) await redis.unlink(...found);
        cursor = next;
      } while (cursor !== '0');
      await stores.close();
    },
  };
}

/** Offers as the agents hear them on the event bus (across processes, as the desk does). */
async function listenForOffers(r: Rig, onOffer: (agentId: string, key: string) => void): Promise<() => Promise<void>> {
  const offs = await Promise.all(
    Array.from({ length: AGENTS }, (_, a) =>
      r.stores.bus.subscribe(`desk:agent:agent-${a}`, (e) => {
        const event = e as DeskEvent;
        if (event.type === 'offer') onOffer(event.agentId, event.key);
      }),
    ),
  );
  return async () => {
    for (const off of offs) await off();
  };
}

async function allAgents(r: Rig, presence: 'online' | 'offline'): Promise<void> {
  for (let a = 0; a < AGENTS; a++) await r.service.setPresence(`agent-${a}`, presence);
}

/**
 * Full cycles: 50 customers in a loop ask for a person (enqueue → route → offer); the offered
 * agent accepts and resolves at once. Latency: from the request to the offer reaching the agent.
 */
async function fullCycles(r: Rig, durationMs: number, tag: string): Promise<{ perSecond: number; routeP99: number }> {
  const offered = new Map<string, () => void>();
  const done = new Map<string, () => void>();
  const stop = await listenForOffers(r, (agentId, key) => {
    offered.get(key)?.();
    void (async () => {
      await r.service.accept(agentId, key);
      await r.service.resolve(agentId, key);
    })()
      .catch(() => undefined)
      .finally(() => done.get(key)?.());
  });
  await allAgents(r, 'online');
  let cycles = 0;
  let n = 0;
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: AGENTS }, async (_, c) => {
      while (performance.now() < deadline) {
        const key = `bench:${tag}-${n++}`;
        const t0 = performance.now();
        const isDone = new Promise<void>((res) => done.set(key, res));
        const isOffered = new Promise<void>((res) =>
          offered.set(key, () => {
            latencies.push(performance.now() - t0);
            res();
          }),
        );
        await r.service.request({ ...newCase(key, c), reference: {} });
        await isOffered;
        await isDone;
        offered.delete(key);
        done.delete(key);
        cycles++;
      }
    }),
  );
  const elapsed = performance.now() - start;
  await stop();
  return { perSecond: (cycles / elapsed) * 1000, routeP99: percentile(sortNumbers(latencies), 99) };
}

/**
 * Agents work through an already waiting queue (resolve → the next case is offered → accept)
 * until `cycles` cases are done; a fixed count rather than a fixed time, so a shallow queue never
 * runs dry during the measurement. The clock starts once every agent is online and holds its
 * first offers, so the figure is the steady state, not the agents coming online one by one.
 */
async function drainQueue(r: Rig, cycles: number): Promise<number> {
  let done = 0;
  let started = false;
  let finished: (at: number) => void = () => {};
  const allDone = new Promise<number>((res) => (finished = res));
  const work = (agentId: string, key: string) =>
    void (async () => {
      await r.service.accept(agentId, key);
      await r.service.resolve(agentId, key);
      if (++done === cycles) finished(performance.now());
    })().catch(() => undefined);
  const held: [string, string][] = [];
  const stop = await listenForOffers(r, (agentId, key) => (started ? work(agentId, key) : held.push([agentId, key])));
  await allAgents(r, 'online');
  // The last offers are on their way over the bus.
  await new Promise((res) => setTimeout(res, 50));
  started = true;
  const start = performance.now();
  for (const [agentId, key] of held.splice(0)) work(agentId, key);
  const elapsed = (await allDone) - start;
  // Agents go offline and finish what they were offered, so the next run starts with free agents.
  await allAgents(r, 'offline');
  for (let waited = 0; waited < 10_000 && (await r.store.agents()).some((a) => a.load > 0); waited += 20) await new Promise((res) => setTimeout(res, 20));
  await stop();
  return (cycles / elapsed) * 1000;
}

/**
 * Seeds `count` waiting cases (all agents offline, so nothing is routed yet) with the store's own
 * open script, pipelined: one write per 5,000 cases instead of one per case.
 */
async function seed(r: Rig, prefix: string, count: number, tag: string): Promise<void> {
  const now = Date.now();
  const keys = handoffKeys(prefix);
  type OpenCall = (...args: (string | number)[]) => unknown;
  for (let i = 0; i < count; i += 5000) {
    const pipeline = r.stores.redis!.pipeline();
    const open = (pipeline as unknown as Record<string, OpenCall>)[handoffScripts.open.command]!.bind(pipeline);
    for (let j = i; j < Math.min(count, i + 5000); j++) {
      const c = newCase(`bench:${tag}-${j}`, j);
      open(keys.case(c.key), keys.queue, keys.timers, keys.audit, keys.waits, keys.base, c.key, now, DEFAULT_VIP_BOOST_MS, encodeCase(storedCase(c, now)));
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }
}

/**
 * The handoff queue on Redis with 50 agents online: (1) full cycles — a customer asks, the case
 * is routed and offered, the agent accepts and resolves; (2) agents working through a waiting
 * queue of 1,000 and of 100,000 cases: resolve → the next case is offered → accept.
 */
export async function handoff(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const ms = ctx.quick ? 500 : 4000;
  let run = 0;
  const full: number[] = [];
  const routeP99: number[] = [];
  await repeat(ctx.repeats, async (i) => {
    const r = await rig(ctx, `bench:h${run}:`);
    try {
      const result = await fullCycles(r, ms, `c${run++}`);
      if (i >= 0) {
        full.push(result.perSecond);
        routeP99.push(result.routeP99);
      }
      return result.perSecond;
    } finally {
      await r.close();
    }
  });
  rows.push({
    id: 'handoff.cycles',
    label: 'Handoff: enqueue → route → offer → accept (→ resolve) cycles/s, 50 agents',
    unit: 'cycles/s',
    ...summarise(full),
    target: { op: '>=', value: 5000 },
  });
  rows.push({ id: 'handoff.route-p99', label: 'Handoff: p99 of request() (enqueue + route + offer)', unit: 'ms', ...summarise(routeP99) });

  // The same number of cases worked through, from a queue of 2,000 and one of 100,000 (quick: 200 and 1,000). Each run
  // starts from a freshly seeded queue of that depth (the big one is seeded once and topped up:
  // a run takes only `cycles` of its cases).
  const cycles = ctx.quick ? 40 : 1000;
  const deep: Record<number, number[]> = {};
  for (const waiting of ctx.quick ? [200, 1000] : [2000, 100_000]) {
    deep[waiting] = [];
    const prefix = `bench:q${run}:`;
    const r = await rig(ctx, prefix);
    try {
      let seeded = 0;
      await repeat(ctx.repeats, async (i) => {
        const missing = waiting - (await r.store.queueLength());
        await seed(r, prefix, missing, `q${seeded}`);
        seeded += missing;
        const perSecond = await drainQueue(r, cycles);
        if (i >= 0) deep[waiting]!.push(perSecond);
        return perSecond;
      });
    } finally {
      await r.close();
      run++;
    }
    rows.push({
      id: `handoff.queue-${waiting}`,
      label: `Handoff: agents working through ${cycles.toLocaleString('en-US')} of ${waiting.toLocaleString('en-US')} waiting cases (resolve → offer → accept)`,
      unit: 'cycles/s',
      ...summarise(deep[waiting]!),
    });
  }
  const [small, big] = Object.keys(deep)
    .map(Number)
    .sort((a, b) => a - b);
  const ratio = summarise(deep[big!]!).median / summarise(deep[small!]!).median;
  rows.push({
    id: 'handoff.queue-slowdown',
    label: `Handoff: rate with ${big!.toLocaleString('en-US')} waiting / with ${small!.toLocaleString('en-US')}`,
    unit: '×',
    median: ratio,
    min: ratio,
    max: ratio,
    runs: [ratio],
    target: { op: '>=', value: 0.9 },
    note: 'no slowdown = about 1',
  });
  return rows;
}
