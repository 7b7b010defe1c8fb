import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createMemoryHandoffStore } from '../../../src/handoff/store/memory-store.js';
import { createRedisHandoffStore } from '../../../src/handoff/store/redis-store.js';
import type { HandoffStore } from '../../../src/handoff/types.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { checkInvariants, replayAudit } from './race/checks.js';
import { runRace } from './race/driver.js';

const AGENTS = 50;
const CASES = 5_000;
// RACE_SEED replays a run's choices (Redis interleavings still differ).
const seed = Number(process.env.RACE_SEED ?? Math.floor(Math.random() * 2 ** 31));

function raceTest(name: string, setup: () => Promise<{ stores: HandoffStore[]; close(): Promise<void> }>): void {
  describe(`${name} handoff store under racing handoffs`, () => {
    it(`keeps one owner per case and every agent within capacity over ${CASES} handoffs (seed ${seed})`, async () => {
      const { stores, close } = await setup();
      try {
        const started = performance.now();
        const run = await runRace({
          stores,
          agents: AGENTS,
          cases: CASES,
          workers: 48,
          checkpointEvery: 1_000,
          seed,
          checkpoint: async (label, { profiles, keys }) => {
            expect(await checkInvariants(stores, profiles, keys), label).toEqual([]);
          },
        });
        const duration = Math.round(performance.now() - started);

        expect(run.keys).toHaveLength(CASES);
        expect(run.tally.doubleWins, 'races with more than one winner').toEqual([]);
        expect(run.duplicateTimers, 'timers handed out twice').toBe(0);
        expect(await checkInvariants(stores, run.profiles, run.keys)).toEqual([]);
        for (const s of stores) {
          expect(await s.queueLength()).toBe(0);
          expect((await s.agents()).every((a) => a.load === 0)).toBe(true);
        }
        expect(await Promise.all(run.keys.map((k, i) => stores[i % stores.length]!.get(k)))).toEqual(Array(CASES).fill(undefined));

        const entries = await stores[0]!.audit(1_000_000);
        expect(entries.length, 'one audit entry per successful transition').toBe(run.tally.total(run.tally.succeeded));
        const replay = replayAudit(entries, run.profiles, run.presenceCalls);
        expect(replay.problems).toEqual([]);
        expect(Object.keys(replay.closedBy).length).toBeGreaterThan(0);

        const { attempted, succeeded, refused } = run.tally;
        console.log(
          `[race:${name}] seed ${seed}: ${CASES} cases, ${AGENTS} agents, ${stores.length} connection(s), ${duration} ms; ` +
            `transitions attempted ${run.tally.total(attempted)}, succeeded ${run.tally.total(succeeded)}, refused ${run.tally.total(refused)}; ` +
            `attempted ${JSON.stringify(attempted)}; succeeded ${JSON.stringify(succeeded)}; refused by reason ${JSON.stringify(refused)}; ` +
            `closed by ${JSON.stringify(replay.closedBy)}; presence changes ${run.presenceCalls.length}; timers taken ${run.timersTaken}; ` +
            `offers+claims checked against presence ${replay.slotsTaken}; audit entries ${entries.length}; checkpoints ${run.checkpoints}`,
        );
      } finally {
        await close();
      }
    }, 120_000);
  });
}

raceTest('memory', async () => {
  const store = createMemoryHandoffStore();
  return { stores: [store], close: async () => {} };
});

// Four connections, each with its own store object on one prefix: four "processes".
raceTest('redis', async () => {
  const prefix = uniquePrefix('handoff-race');
  const clients = Array.from({ length: 4 }, (_, i) => new Redis(testRedisUrl(), { connectionName: `handoff-race-${i}` }));
  return {
    stores: clients.map((client) => createRedisHandoffStore({ client, prefix })),
    close: async () => {
      await Promise.all(clients.map((c) => c.quit()));
    },
  };
});
