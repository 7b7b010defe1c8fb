import type { HandoffContext } from './context.js';
import { deskTopics, type DeskEvent } from './ports.js';
import type { QueuePublisher } from './queue-publisher.js';
import { rankAgents } from './router.js';
import type { AgentState, HandoffCase } from './types.js';

// Routing looks at the head of the queue first and reads further (up to QUEUE_WINDOW cases) only
// when free agents are left after it: decoding hundreds of waiting cases on every routing pass is
// what made a deep queue slow.
const FIRST_WINDOW = 16;
const QUEUE_WINDOW = 200;

/**
 * Offers queued cases to free agents. Runs one pass at a time per process. A call during a pass
 * (which may have read the queue before this caller's change) gets one more pass after it, shared
 * with everyone else who calls meanwhile; it resolves when that pass is done. So a caller waits
 * for at most two passes, however busy the queue is (awaiting a "rerun until quiet" loop would
 * keep e.g. an agent's presence change waiting while a long queue drains).
 */
export class QueueRouter {
  private routing?: Promise<void>;
  /** The pass that starts when the running one ends, shared by everyone who asked meanwhile. */
  private nextPass?: Promise<void>;
  /** The agents as the last routing pass read them (with the loads it added). */
  private snapshot?: { at: number; agents: AgentState[] };

  constructor(
    private readonly ctx: HandoffContext,
    private readonly publisher: QueuePublisher,
  ) {}

  routeQueue(): Promise<void> {
    if (!this.routing) {
      this.routing = this.routePass();
      return this.routing;
    }
    this.nextPass ??= this.routing.then(() => {
      this.nextPass = undefined;
      return this.routeQueue();
    });
    return this.nextPass;
  }

  async settle(): Promise<void> {
    await this.routing;
    await this.nextPass;
  }

  /**
   * The agents as the last pass saw them, if that was at most `maxAgeMs` ago: right after routing
   * it is fresh enough to tell a customer their place, and saves reading every agent again.
   */
  recentAgents(now: number, maxAgeMs: number): AgentState[] | undefined {
    return this.snapshot && now - this.snapshot.at <= maxAgeMs ? this.snapshot.agents : undefined;
  }

  private async routePass(): Promise<void> {
    try {
      await this.routeOnce();
    } catch (err) {
      this.ctx.deps.logger.error({ err, code: 'HANDOFF_ROUTING_FAILED' }, 'routing the handoff queue failed');
    } finally {
      this.routing = undefined;
    }
  }

  private async routeOnce(): Promise<void> {
    const { store } = this.ctx.deps;
    // The queue before the agents: when nobody waits (the usual case after a chat ends) the
    // agents' snapshot, the costliest read, is not needed at all.
    let waiting = await store.queue(FIRST_WINDOW);
    if (waiting.length === 0) return;
    const now = this.ctx.now();
    const agents = await store.agents();
    this.snapshot = { at: now, agents };
    const capacity = () => agents.some((a) => a.presence === 'online' && a.load < a.maxChats);
    if (!capacity()) return;
    let window = FIRST_WINDOW;
    for (;;) {
      await this.offerAll(waiting, agents, now);
      // Agents still free and more cases behind the head (e.g. all waiting for someone away): look further.
      if (!capacity() || waiting.length < window || window >= QUEUE_WINDOW) break;
      const seen = new Set(waiting.map((c) => c.key));
      window = QUEUE_WINDOW;
      waiting = (await store.queue(QUEUE_WINDOW)).filter((c) => !seen.has(c.key));
    }
    await this.publisher.publish();
  }

  /**
   * Offers each case to its best free agent. The offers of one round go out together (one round
   * trip, not one per case); a case whose agent turned out to be unavailable (another process
   * filled their last slot, they went away) tries its next best agent in the following round.
   */
  private async offerAll(waiting: HandoffCase[], agents: AgentState[], now: number): Promise<void> {
    const { store, bus } = this.ctx.deps;
    const unavailable = new Set<string>();
    let pending = waiting;
    while (pending.length) {
      const round: { c: HandoffCase; agent: AgentState }[] = [];
      for (const c of pending) {
        const agent = rankAgents(c, agents, { now }).find((a) => !unavailable.has(a.id));
        if (!agent) continue;
        // Counted before the offer lands, so the next case of this round sees the agent's slot taken.
        agent.load++;
        round.push({ c, agent });
      }
      const deadline = now + this.ctx.settings.offerTimeoutMs;
      const results = await Promise.all(round.map(({ c, agent }) => store.offer(c.key, c.version, agent.id, deadline, now)));
      const published: Promise<void>[] = [];
      pending = [];
      round.forEach(({ c, agent }, i) => {
        const result = results[i]!;
        if (result.ok) {
          published.push(bus.publish(deskTopics.agent(agent.id), { type: 'offer', key: c.key, agentId: agent.id, deadline } satisfies DeskEvent));
          return;
        }
        agent.load--;
        if (result.reason === 'agent-unavailable') {
          unavailable.add(agent.id);
          pending.push(c);
        }
      });
      await Promise.all(published);
    }
  }
}
