import type { AgentProfile, AgentState, HandoffCase, HandoffStore, NewCase, Presence } from '../../../../src/handoff/types.js';
import { Gate, seeded, Tally } from './tally.js';

export interface RaceConfig {
  /** Handles on one shared store (one per connection on Redis). */
  stores: HandoffStore[];
  agents: number;
  cases: number;
  workers: number;
  /** Run the invariant checks every this many opened cases. */
  checkpointEvery: number;
  seed: number;
  /** Called with everyone paused; `keys` are the cases opened so far. */
  checkpoint(label: string, state: { profiles: AgentProfile[]; keys: string[] }): Promise<void>;
}

/** A presence change and the audit positions around it: the change ran between `before` and `after`. */
export interface PresenceCall {
  agentId: string;
  presence: Presence;
  before: string;
  after: string;
}

export interface RaceRun {
  tally: Tally;
  profiles: AgentProfile[];
  keys: string[];
  presenceCalls: PresenceCall[];
  timersTaken: number;
  duplicateTimers: number;
  checkpoints: number;
}

const T0 = 1_700_000_000_000;
const MAX_OPEN = 150;
const LANGUAGES = ['nl', 'en', 'de', 'fr'];
const SKILLS = ['billing', 'returns', 'tech', 'vip', 'b2b'];

/**
 * Many workers drive one shared store at once, as several balie processes and many agents would:
 * opening cases, racing offers for the same case and the same agent slot, racing claims, accepting,
 * declining, transferring, releasing, cancelling; presence flips mid-run; offer expiry by timers on
 * a moving fake clock. Then everything is drained back to the bot.
 */
export async function runRace(config: RaceConfig): Promise<RaceRun> {
  const rnd = seeded(config.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const some = <T>(list: readonly T[]): T[] => list.filter(() => rnd() < 0.4);
  const store = () => pick(config.stores);
  const tally = new Tally();
  const gate = new Gate();
  let now = T0;

  const profiles: AgentProfile[] = Array.from({ length: config.agents }, (_, i) => ({
    id: `agent-${i}`,
    maxChats: 1 + Math.floor(rnd() * 4),
    languages: [pick(LANGUAGES), ...some(LANGUAGES)],
    skills: some(SKILLS),
  }));
  await config.stores[0]!.syncAgents(profiles, now);
  const keys: string[] = [];
  const open: string[] = [];
  const presenceCalls: PresenceCall[] = [];
  const takenTimers = new Set<string>();
  let duplicateTimers = 0;
  let timersTaken = 0;
  let checkpoints = 0;

  const lastAuditId = async () => (await store().audit(1))[0]?.id ?? '0-0';
  for (const p of profiles) await setPresence(p.id, 'online');
  const forget = (key: string) => {
    const i = open.indexOf(key);
    if (i >= 0) open.splice(i, 1);
  };

  // Agents to try: mostly ones that looked free a moment ago (so slots get contended), some at random.
  let snapshot: AgentState[] = [];
  let steps = 0;
  const candidate = () => {
    const free = snapshot.filter((a) => a.presence === 'online' && a.load < a.maxChats);
    return free.length && rnd() < 0.8 ? pick(free).id : pick(profiles).id;
  };

  const newCase = (i: number): NewCase => ({
    key: `race:${i}:{conv}`,
    reason: pick(['customer-asked', 'not-understood', 'complaint', 'vip', 'dialog'] as const),
    language: pick(LANGUAGES),
    skills: some(SKILLS).slice(0, 1),
    vip: rnd() < 0.1,
    customer: { channelId: 'race', conversationId: String(i), userId: `u${i % 700}`, name: `Klant ${i} — Zoë` },
    customerKey: `race:u${i % 700}`,
    reference: { conversation: { id: String(i) } },
    collected: { orderNumber: `NL-${i}` },
  });

  async function openOne(): Promise<void> {
    const i = keys.length;
    const c = newCase(i);
    keys.push(c.key);
    // Sometimes two processes open the same conversation at once: exactly one creates it.
    const opens = rnd() < 0.1 ? [store().open(c, now), store().open(c, now)] : [store().open(c, now)];
    const results = await Promise.all(opens);
    tally.attempted.open = (tally.attempted.open ?? 0) + results.length;
    tally.succeeded.open = (tally.succeeded.open ?? 0) + results.filter((r) => r.created).length;
    if (results.filter((r) => r.created).length !== 1) tally.doubleWins.push(`open ${c.key}`);
    open.push(c.key);
  }

  async function actOnQueued(c: HandoffCase): Promise<void> {
    const r = rnd();
    if (r < 0.55) {
      // Racing offers of one case to several agents, from several processes.
      const agents = [...new Set([candidate(), candidate(), candidate()].slice(0, rnd() < 0.5 ? 1 : 3))];
      await tally.race(
        `offer ${c.key}@${c.version}`,
        agents.map((a) => tally.run('offer', store().offer(c.key, c.version, a, now + 1_000 + Math.floor(rnd() * 3_000), now))),
      );
      if (rnd() < 0.2 && open.length > 1) {
        // Two different cases offered to the same agent at once: one slot, contended.
        const other = await store().get(pick(open));
        const agent = candidate();
        if (other?.state === 'queued' && other.key !== c.key) {
          await Promise.all([
            tally.run('offer', store().offer(other.key, other.version, agent, now + 2_000, now)),
            tally.run('offer', store().offer(c.key, c.version, agent, now + 2_000, now)),
          ]);
        }
      }
    } else if (r < 0.85) {
      // Two agents racing to claim the same case.
      const [a, b] = [candidate(), candidate()];
      await tally.race(`claim ${c.key}@${c.version}`, [tally.run('claim', store().claim(c.key, c.version, a, now)), tally.run('claim', store().claim(c.key, c.version, b, now))]);
    } else if (r < 0.93) {
      await tally.run('cancel', store().cancel(c.key, c.version, now));
    } else {
      await tally.run('abandon', store().abandon(c.key, c.version, 'queue timeout', now));
    }
  }

  async function actOnOffered(c: HandoffCase): Promise<void> {
    const r = rnd();
    const agent = c.offeredTo!;
    if (r < 0.45) {
      const calls = [tally.run('accept', store().accept(c.key, c.version, agent, now))];
      if (rnd() < 0.3) calls.push(tally.run('accept', store().accept(c.key, c.version, candidate(), now)));
      if (rnd() < 0.3) calls.push(tally.run('decline', store().decline(c.key, c.version, agent, now)));
      await tally.race(`answer ${c.key}@${c.version}`, calls);
    } else if (r < 0.7) {
      await tally.run('decline', store().decline(c.key, c.version, agent, now));
    } else if (r < 0.75) {
      await tally.run('cancel', store().cancel(c.key, c.version, now));
    }
    // Otherwise nobody answers and the offer expires by its timer.
  }

  async function actOnActive(c: HandoffCase): Promise<void> {
    const r = rnd();
    const owner = c.agentId!;
    if (r < 0.6) {
      const how = rnd() < 0.5 ? 'resolved' : 'handed-back';
      const calls = [tally.run('release', store().release(c.key, c.version, owner, how, now))];
      if (rnd() < 0.3) calls.push(tally.run('transfer', store().transfer(c.key, c.version, owner, undefined, 'racing', now + 1_000, now)));
      if (rnd() < 0.2) calls.push(tally.run('release', store().release(c.key, c.version, candidate(), how, now)));
      await tally.race(`close ${c.key}@${c.version}`, calls);
    } else if (r < 0.8) {
      const to = rnd() < 0.5 ? candidate() : undefined;
      await tally.run('transfer', store().transfer(c.key, c.version, owner, to, `over naar ${to ?? 'iemand'} ✨`, now + 2_000, now));
    } else if (r < 0.85) {
      await tally.run('abandon', store().abandon(c.key, c.version, 'operator', now));
    }
  }

  // Every presence change is logged with the audit positions around it, for the replay check.
  async function setPresence(agentId: string, presence: Presence): Promise<void> {
    const before = await lastAuditId();
    await store().setPresence(agentId, presence, now);
    presenceCalls.push({ agentId, presence, before, after: await lastAuditId() });
  }

  async function flipPresence(): Promise<void> {
    await setPresence(pick(profiles).id, pick(['online', 'online', 'away', 'offline'] as const));
  }

  async function actOn(c: HandoffCase): Promise<void> {
    if (c.state === 'queued') return actOnQueued(c);
    if (c.state === 'offered') return actOnOffered(c);
    return actOnActive(c);
  }

  async function step(): Promise<void> {
    // What a router would look at; refreshed now and then, so it is often a little stale.
    if (steps++ % 25 === 0) snapshot = await store().agents();
    if (rnd() < 0.03) return flipPresence();
    // New requests keep coming while no more than MAX_OPEN are open, so cases flow all the way through.
    if (keys.length < config.cases && open.length < MAX_OPEN && (rnd() < 0.35 || open.length < 30)) return openOne();
    if (open.length === 0) return;
    if (rnd() < 0.4) {
      // An agent at their desk acts on what was offered to them or what they own.
      const mine = await store().agentCases(pick(profiles).id);
      if (mine.length) return actOn(pick(mine));
    }
    const key = pick(open);
    const c = await store().get(key);
    if (!c) return forget(key);
    return actOn(c);
  }

  // Due timers, taken by several "processes" at once; an offer expiry is applied with the timer's version.
  async function timerStep(): Promise<void> {
    now += 250;
    const due = await store().takeDueTimers(now, 50);
    timersTaken += due.length;
    for (const t of due) {
      const id = `${t.kind}|${t.version}|${t.key}`;
      if (takenTimers.has(id)) duplicateTimers++;
      takenTimers.add(id);
    }
    await Promise.all(due.filter((t) => t.kind === 'offer-expiry').map((t) => tally.run('expire', store().expireOffer(t.key, t.version, now))));
  }

  let running = true;
  const loop = async (body: () => Promise<void>) => {
    while (running) {
      // The memory store answers in microtasks only: yield, or the coordinator would never run.
      await new Promise((r) => setImmediate(r));
      await gate.enter();
      try {
        await body();
      } finally {
        gate.leave();
      }
    }
  };

  // Checkpoints: whenever another `checkpointEvery` cases are open, pause everyone and check.
  let nextCheckpoint = config.checkpointEvery;
  const coordinator = async () => {
    while (running) {
      await new Promise((r) => setImmediate(r));
      if (keys.length >= nextCheckpoint || keys.length >= config.cases) {
        await gate.pause();
        checkpoints++;
        await config.checkpoint(`after ${keys.length} cases opened`, { profiles, keys: [...keys] });
        nextCheckpoint += config.checkpointEvery;
        if (keys.length >= config.cases) running = false;
        gate.resume();
      }
    }
  };
  await Promise.all([coordinator(), loop(timerStep), loop(timerStep), ...Array.from({ length: config.workers }, () => loop(step))]);

  await drain();
  return { tally, profiles, keys, presenceCalls, timersTaken, duplicateTimers, checkpoints };

  /** Everyone online; every case still open is taken and released, or abandoned when nobody can. */
  async function drain(): Promise<void> {
    for (const p of profiles) await setPresence(p.id, 'online');
    const settle = async (key: string) => {
      for (let round = 0; round < 100; round++) {
        const c = await store().get(key);
        if (!c) return;
        if (c.state === 'active') await tally.run('release', store().release(key, c.version, c.agentId!, 'resolved', now));
        else if (c.state === 'offered') await tally.run('decline', store().decline(key, c.version, c.offeredTo!, now));
        else if (round < 5) await tally.run('claim', store().claim(key, c.version, pick(profiles).id, now));
        // Nobody free after a few tries: an operator gives up on it.
        else await tally.run('abandon', store().abandon(key, c.version, 'drain', now));
      }
      throw new Error(`case ${key} did not settle`);
    };
    const pending = [...keys];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let key = pending.pop(); key !== undefined; key = pending.pop()) await settle(key);
      }),
    );
  }
}
