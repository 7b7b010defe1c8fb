import type { AgentConfig } from '../config.js';
import { BalieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { EventBus } from '../core/storage/event-bus.js';
import type { Translator } from '../core/i18n.js';
import type { HandoffMetrics } from './metrics.js';
import { deskTopics, type CustomerMessenger, type DeskEvent } from './ports.js';
import { estimateWait, rankAgents } from './router.js';
import type { AgentState, ClosedHow, HandoffCase, HandoffReason, HandoffStore, NewCase, Presence, Transition } from './types.js';
import { isWorking, nextStart, teamBackAt } from './working-hours.js';

export interface HandoffSettings {
  /** How long an agent has to accept an offer. */
  offerTimeoutMs: number;
  /** How long a returning customer waits for their previous agent before anyone suitable is asked. */
  preferPreviousMs: number;
  /** An active chat the customer has not written in for this long is resolved. */
  customerIdleMs: number;
  /** A customer waiting this long for the owner's reply triggers a reminder on the desk. */
  agentIdleMs: number;
  /** How often this process looks at due timers. */
  tickMs: number;
}

// Ten years: "not before anything else happens" for a timer that cannot be removed, only moved.
const NEVER_MS = 10 * 365 * 86_400_000;

// Routing looks at the head of the queue first and reads further (up to QUEUE_WINDOW cases) only
// when free agents are left after it: decoding hundreds of waiting cases on every routing pass is
// what made a deep queue slow.
const FIRST_WINDOW = 16;
const QUEUE_WINDOW = 200;
// How old the routing pass's view of the agents may be for telling a customer their place.
const SNAPSHOT_MS = 1000;

export const defaultHandoffSettings: HandoffSettings = {
  offerTimeoutMs: 60_000,
  preferPreviousMs: 120_000,
  customerIdleMs: 30 * 60_000,
  agentIdleMs: 5 * 60_000,
  tickMs: 250,
};

export interface HandoffServiceDeps {
  store: HandoffStore;
  messenger: CustomerMessenger;
  bus: EventBus;
  t: Translator;
  agents: AgentConfig[];
  metrics: HandoffMetrics;
  logger: Logger;
  settings?: Partial<HandoffSettings>;
  now?: () => number;
}

export interface HandoffRequest {
  customer: NewCase['customer'];
  reference: Record<string, unknown>;
  reason: HandoffReason;
  language: string;
  collected: Record<string, string>;
  vip?: boolean;
  skills?: string[];
  /** A line for the agent, e.g. from the dialog that asked for a person. */
  note?: string;
}

/** What the customer gets from an agent: the words, then each file as a link (every channel can show one). */
export function agentMessageText(text: string, attachments: { contentUrl: string; contentType: string; name?: string }[] = []): string {
  if (!attachments.length) return text;
  return `${text}${text ? '\n' : ''}${attachments.map((a) => `[${a.name ?? a.contentType}](${a.contentUrl})`).join('\n')}`;
}

/**
 * The handoff queue's behaviour: opening cases, routing them to agents, timers, and telling the
 * customer what happens. Agents act through the Desk (desk.ts), which checks who may do what.
 */
export class HandoffService {
  readonly settings: HandoffSettings;
  private readonly now: () => number;
  private readonly agentsById: Map<string, AgentConfig>;
  private timer?: NodeJS.Timeout;
  private routing?: Promise<void>;
  /** The pass that starts when the running one ends, shared by everyone who asked meanwhile. */
  private nextPass?: Promise<void>;
  private publishing?: Promise<void>;
  private nextPublish?: Promise<void>;
  private ticking = false;
  /** The agents as the last routing pass read them (with the loads it added). */
  private snapshot?: { at: number; agents: AgentState[] };

  constructor(private readonly deps: HandoffServiceDeps) {
    this.settings = { ...defaultHandoffSettings, ...deps.settings };
    this.now = deps.now ?? Date.now;
    this.agentsById = new Map(deps.agents.map((a) => [a.id, a]));
  }

  get store(): HandoffStore {
    return this.deps.store;
  }

  agentProfile(agentId: string): AgentConfig | undefined {
    return this.agentsById.get(agentId);
  }

  async start(): Promise<void> {
    await this.deps.store.syncAgents(
      this.deps.agents.map((a) => ({ id: a.id, maxChats: a.maxChats, languages: a.languages, skills: a.skills })),
      this.now(),
    );
    // Polling Redis for due timers: whichever process looks first handles a timer; no state lives in the interval.
    this.timer = setInterval(() => void this.tick(), this.settings.tickMs);
    this.timer.unref();
    await this.routeQueue();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.routing;
    await this.nextPass;
    await this.nextPublish?.catch(() => undefined);
    await this.publishing?.catch(() => undefined);
  }

  caseFor(key: string): Promise<HandoffCase | undefined> {
    return this.deps.store.get(key);
  }

  /** While a person is involved the bot stays silent; notices and agents' words still go out. */
  async botMaySend(key: string): Promise<boolean> {
    return (await this.deps.store.get(key)) === undefined;
  }

  /** A customer asked for a person (or a trigger decided so): open a case, tell them, route it. */
  async request(input: HandoffRequest): Promise<HandoffCase> {
    const now = this.now();
    const key = `${input.customer.channelId}:${input.customer.conversationId}`;
    const customerKey = `${input.customer.channelId}:${input.customer.userId}`;
    // The same person on any linked channel: their last agent counts wherever they write now.
    const previous = await this.deps.store.previousAgent(customerKey);
    const { case: opened, created } = await this.deps.store.open(
      {
        key,
        reason: input.reason,
        language: input.language,
        skills: input.skills ?? [],
        vip: input.vip ?? false,
        customer: input.customer,
        customerKey,
        reference: input.reference,
        collected: input.collected,
        note: input.note,
        preferredAgentId: previous,
        preferUntil: previous ? now + this.settings.preferPreviousMs : undefined,
      },
      now,
    );
    if (!created) return opened;
    this.deps.metrics.handoffs.inc({ reason: input.reason });
    this.deps.logger.info({ key, reason: input.reason, returning: previous !== undefined }, 'handoff requested');
    await Promise.all([
      opened.preferUntil === undefined ? undefined : this.deps.store.schedule({ kind: 'prefer-expiry', key, version: opened.version, at: opened.preferUntil }),
      this.deps.bus.publish(deskTopics.queue, { type: 'opened', key } satisfies DeskEvent),
      this.routeQueue(),
    ]);
    // Told even when an agent already has the offer: until someone accepts, the customer waits.
    const current = await this.deps.store.get(key);
    if (current && current.state !== 'active') {
      await this.tellQueued(current);
      if (previous) await this.offerToWaitFor(current, previous);
    }
    await this.publishQueue();
    return current ?? opened;
  }

  /** A customer wrote while a case is open: the desk shows it live; the transcript already has it. */
  async customerWrote(c: HandoffCase, text: string | undefined): Promise<void> {
    const event: DeskEvent = { type: 'customer-message', key: c.key, agentId: c.agentId ?? c.offeredTo, text, at: new Date(this.now()).toISOString() };
    if (c.agentId) {
      await this.deps.bus.publish(deskTopics.agent(c.agentId), event);
      await this.deps.store.schedule({ kind: 'customer-idle', key: c.key, version: c.version, at: this.now() + this.settings.customerIdleMs });
      await this.deps.store.schedule({ kind: 'agent-idle', key: c.key, version: c.version, at: this.now() + this.settings.agentIdleMs });
    } else {
      await this.deps.bus.publish(deskTopics.queue, event);
    }
  }

  /**
   * The customer's usual person is away: they may wait for them instead of taking whoever is
   * free — balie's answer to chats parked on agents who are not there.
   */
  private async offerToWaitFor(c: HandoffCase, previousId: string): Promise<void> {
    const previous = this.agentsById.get(previousId);
    const state = (await this.deps.store.agents()).find((a) => a.id === previousId);
    if (!previous || state?.presence === 'online') return;
    const { t } = this.deps;
    const usual = previous.name.split(' ')[0]!;
    const back = nextStart(previous, this.now());
    await this.deps.messenger.send(c, {
      text: t.t(c.language, 'handoffWaitChoice', { usual, when: back ? this.formatWhen(back, c.language) : '?' }),
      suggestedActions: [
        { title: t.t(c.language, 'handoffWaitButton', { usual }), value: `balie:wait-for:${previousId}` },
        { title: t.t(c.language, 'handoffAnyoneButton'), value: 'balie:anyone' },
      ],
    });
  }

  /** The customer chose to wait for this agent: only they get the offer, until their next shift is well under way. */
  async customerWaitsFor(c: HandoffCase, agentId: string): Promise<void> {
    const agent = this.agentsById.get(agentId);
    if (!agent) return;
    const back = nextStart(agent, this.now()) ?? this.now();
    const until = Math.max(back, this.now()) + 4 * 3_600_000;
    const result = await this.deps.store.prefer(c.key, c.version, agentId, until, this.now());
    if (!result.ok) return;
    await this.deps.store.schedule({ kind: 'prefer-expiry', key: c.key, version: result.case!.version, at: until });
    await this.tell(c, this.deps.t.t(c.language, 'handoffWaiting', { usual: agent.name.split(' ')[0]! }));
  }

  /** The customer does not want to wait for their usual person: the preference ends now. */
  async customerTakesAnyone(c: HandoffCase): Promise<void> {
    if (c.preferredAgentId) await this.deps.store.prefer(c.key, c.version, c.preferredAgentId, this.now(), this.now());
    await this.tell(c, this.deps.t.t(c.language, 'handoffAnyoneOk'));
    await this.routeQueue();
  }

  /** "laat maar" while waiting: back to the bot. */
  async customerCancels(c: HandoffCase): Promise<boolean> {
    const result = await this.deps.store.cancel(c.key, c.version, this.now());
    if (!result.ok) return false;
    await this.remember(c, 'cancelled');
    await this.deps.bus.publish(deskTopics.queue, { type: 'closed', key: c.key, how: 'cancelled' } satisfies DeskEvent);
    if (c.offeredTo) await this.deps.bus.publish(deskTopics.agent(c.offeredTo), { type: 'offer-withdrawn', key: c.key, agentId: c.offeredTo, why: 'cancelled by the customer' } satisfies DeskEvent);
    await this.tell(c, this.deps.t.t(c.language, 'handoffCancelled'));
    await this.publishQueue();
    await this.routeQueue();
    return true;
  }

  // ── agents' actions (the Desk checks permissions before calling these) ──

  async setPresence(agentId: string, presence: Presence, why?: string): Promise<AgentState> {
    const state = await this.deps.store.setPresence(agentId, presence, this.now());
    if (!state) throw new BalieError('NOT_FOUND', `no agent "${agentId}" in agents.yaml`);
    const event = { type: 'presence', agentId, presence, why } satisfies DeskEvent;
    await this.deps.bus.publish(deskTopics.supervisors, event);
    await this.deps.bus.publish(deskTopics.agent(agentId), event);
    if (presence === 'online') {
      const end = this.shiftEnd(agentId);
      if (end !== undefined) await this.deps.store.schedule({ kind: 'shift-end', key: `agent:${agentId}`, version: 0, at: end });
      await this.routeQueue();
    }
    return state;
  }

  /** When the agent's current working hours end (undefined: no hours set, or not working now). */
  private shiftEnd(agentId: string): number | undefined {
    const agent = this.agentsById.get(agentId);
    const now = this.now();
    if (!agent || Object.keys(agent.workingHours).length === 0 || !isWorking(agent, now)) return undefined;
    const step = 5 * 60_000;
    for (let t = Math.ceil(now / step) * step; t < now + 86_400_000; t += step) if (!isWorking(agent, t)) return t;
    return undefined;
  }

  async accept(agentId: string, key: string): Promise<HandoffCase> {
    const c = await this.must(key);
    const result = this.ensure(await this.deps.store.accept(key, c.version, agentId, this.now()), 'accept');
    const accepted = result.case!;
    this.deps.metrics.waitSeconds.observe((this.now() - accepted.queuedAt) / 1000);
    // Independent of each other: started together, so they cost one round trip.
    await Promise.all([
      this.tellAccepted(accepted, agentId),
      this.deps.store.schedule({ kind: 'customer-idle', key, version: accepted.version, at: this.now() + this.settings.customerIdleMs }),
      this.deps.bus.publish(deskTopics.agent(agentId), { type: 'assigned', key, agentId } satisfies DeskEvent),
      this.publishQueue(),
    ]);
    return accepted;
  }

  async decline(agentId: string, key: string): Promise<void> {
    const c = await this.must(key);
    this.ensure(await this.deps.store.decline(key, c.version, agentId, this.now()), 'decline');
    await this.routeQueue();
  }

  async claim(agentId: string, key: string): Promise<HandoffCase> {
    const c = await this.must(key);
    const result = this.ensure(await this.deps.store.claim(key, c.version, agentId, this.now()), 'claim');
    await this.tellAccepted(result.case!, agentId);
    await this.deps.store.schedule({ kind: 'customer-idle', key, version: result.case!.version, at: this.now() + this.settings.customerIdleMs });
    await this.deps.bus.publish(deskTopics.agent(agentId), { type: 'assigned', key, agentId } satisfies DeskEvent);
    await this.publishQueue();
    return result.case!;
  }

  /** The owner writes to the customer. Checked against the store at send time: only the owner gets through. */
  async sendAsAgent(agentId: string, key: string, text: string, attachments: { contentUrl: string; contentType: string; name?: string }[] = []): Promise<void> {
    const c = await this.must(key);
    if (c.state !== 'active' || c.agentId !== agentId) throw new BalieError('FORBIDDEN', `${agentId} does not own this chat`);
    const agent = this.agentsById.get(agentId);
    const body = agentMessageText(text, attachments);
    await this.deps.messenger.send(c, { text: body, agent: { id: agentId, name: agent?.name ?? agentId, avatarUrl: agent?.avatarUrl } });
    // Answered: the reminder moves out of the way (same timer, rescheduled; a voided one is ignored).
    await this.deps.store.schedule({ kind: 'agent-idle', key, version: c.version, at: this.now() + NEVER_MS });
    await this.deps.bus.publish(deskTopics.agent(agentId), { type: 'agent-message', key, agentId, text: body, at: new Date(this.now()).toISOString() } satisfies DeskEvent);
  }

  async transfer(agentId: string, key: string, toAgentId: string | undefined, note: string | undefined): Promise<void> {
    const c = await this.must(key);
    if (toAgentId && !this.agentsById.has(toAgentId)) throw new BalieError('NOT_FOUND', `no agent "${toAgentId}"`);
    const result = this.ensure(await this.deps.store.transfer(key, c.version, agentId, toAgentId, note, this.now() + this.settings.preferPreviousMs, this.now()), 'transfer');
    const to = toAgentId ? this.deps.t.t(c.language, 'handoffTransferTo', { name: this.agentsById.get(toAgentId)!.name }) : '';
    await this.tell(c, this.deps.t.t(c.language, 'handoffTransferred', { agent: this.nameOf(agentId), to }));
    const transferred = { type: 'transferred', key, fromAgentId: agentId, toAgentId, note } satisfies DeskEvent;
    await this.deps.bus.publish(deskTopics.queue, transferred);
    await this.deps.bus.publish(deskTopics.agent(agentId), transferred);
    if (result.case?.preferUntil) await this.deps.store.schedule({ kind: 'prefer-expiry', key, version: result.case.version, at: result.case.preferUntil });
    await this.routeQueue();
  }

  async handBack(agentId: string, key: string): Promise<void> {
    const c = await this.must(key);
    this.ensure(await this.deps.store.release(key, c.version, agentId, 'handed-back', this.now()), 'hand back');
    await this.tell(c, this.deps.t.t(c.language, 'handoffHandedBack', { agent: this.nameOf(agentId) }));
    await this.afterRelease(c, agentId, 'handed-back');
  }

  async resolve(agentId: string, key: string): Promise<void> {
    const c = await this.must(key);
    this.ensure(await this.deps.store.release(key, c.version, agentId, 'resolved', this.now()), 'resolve');
    await this.deps.messenger.send(c, {
      text: this.deps.t.t(c.language, 'handoffResolved', { agent: this.nameOf(agentId) }),
      suggestedActions: [1, 2, 3, 4, 5].map((n) => ({ title: String(n), value: `balie:rating:${n}` })),
    });
    await this.afterRelease(c, agentId, 'resolved');
  }

  recordRating(key: string, rating: number): void {
    this.deps.metrics.satisfaction.observe(rating);
    this.deps.logger.info({ key, rating }, 'customer rated the help');
  }

  // ── routing and timers ──

  /**
   * Offers queued cases to free agents. Runs one pass at a time per process. A call during a pass
   * (which may have read the queue before this caller's change) gets one more pass after it, shared
   * with everyone else who calls meanwhile; it resolves when that pass is done. So a caller waits
   * for at most two passes, however busy the queue is (awaiting a "rerun until quiet" loop would
   * keep e.g. an agent's presence change waiting while a long queue drains).
   */
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

  private async routePass(): Promise<void> {
    try {
      await this.routeOnce();
    } catch (err) {
      this.deps.logger.error({ err, code: 'HANDOFF_ROUTING_FAILED' }, 'routing the handoff queue failed');
    } finally {
      this.routing = undefined;
    }
  }

  private async routeOnce(): Promise<void> {
    // The queue before the agents: when nobody waits (the usual case after a chat ends) the
    // agents' snapshot, the costliest read, is not needed at all.
    let waiting = await this.deps.store.queue(FIRST_WINDOW);
    if (waiting.length === 0) return;
    const now = this.now();
    const agents = await this.deps.store.agents();
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
      waiting = (await this.deps.store.queue(QUEUE_WINDOW)).filter((c) => !seen.has(c.key));
    }
    await this.publishQueue();
  }

  /**
   * Offers each case to its best free agent. The offers of one round go out together (one round
   * trip, not one per case); a case whose agent turned out to be unavailable (another process
   * filled their last slot, they went away) tries its next best agent in the following round.
   */
  private async offerAll(waiting: HandoffCase[], agents: AgentState[], now: number): Promise<void> {
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
      const deadline = now + this.settings.offerTimeoutMs;
      const results = await Promise.all(round.map(({ c, agent }) => this.deps.store.offer(c.key, c.version, agent.id, deadline, now)));
      const published: Promise<void>[] = [];
      pending = [];
      round.forEach(({ c, agent }, i) => {
        const result = results[i]!;
        if (result.ok) {
          published.push(this.deps.bus.publish(deskTopics.agent(agent.id), { type: 'offer', key: c.key, agentId: agent.id, deadline } satisfies DeskEvent));
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

  /** Handles due timers; safe to call from every process at once. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const timers = await this.deps.store.takeDueTimers(this.now(), 100);
      let reroute = false;
      for (const timer of timers) {
        if (timer.kind === 'shift-end') {
          await this.endShift(timer.key.slice('agent:'.length));
          continue;
        }
        const c = await this.deps.store.get(timer.key);
        if (!c || c.version !== timer.version) continue;
        if (timer.kind === 'offer-expiry' && c.state === 'offered') {
          const result = await this.deps.store.expireOffer(c.key, c.version, this.now());
          if (result.ok) {
            this.deps.metrics.expiredOffers.inc();
            await this.deps.bus.publish(deskTopics.agent(c.offeredTo!), { type: 'offer-withdrawn', key: c.key, agentId: c.offeredTo!, why: 'not answered in time' } satisfies DeskEvent);
            reroute = true;
          }
        } else if (timer.kind === 'prefer-expiry' && c.state === 'queued') {
          reroute = true;
        } else if (timer.kind === 'agent-idle' && c.state === 'active') {
          const event = { type: 'agent-idle', key: c.key, agentId: c.agentId!, waitingSeconds: Math.round(this.settings.agentIdleMs / 1000) } satisfies DeskEvent;
          await this.deps.bus.publish(deskTopics.agent(c.agentId!), event);
          await this.deps.bus.publish(deskTopics.supervisors, event);
        } else if (timer.kind === 'customer-idle' && c.state === 'active') {
          const result = await this.deps.store.release(c.key, c.version, c.agentId!, 'resolved', this.now());
          if (result.ok) {
            await this.tell(c, this.deps.t.t(c.language, 'handoffIdleResolved'));
            await this.afterRelease(c, c.agentId!, 'idle');
          }
        }
      }
      if (reroute) await this.routeQueue();
    } catch (err) {
      this.deps.logger.error({ err, code: 'HANDOFF_TIMERS_FAILED' }, 'handling handoff timers failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Working hours are over: an agent still online goes away (they keep their open chats). */
  private async endShift(agentId: string): Promise<void> {
    const agent = this.agentsById.get(agentId);
    if (!agent || isWorking(agent, this.now())) return;
    const state = (await this.deps.store.agents()).find((a) => a.id === agentId);
    if (state?.presence !== 'online') return;
    await this.setPresence(agentId, 'away', 'working hours are over');
    this.deps.logger.info({ agentId }, 'working hours over: agent set to away');
  }

  // ── telling the customer ──

  private async tellQueued(c: HandoffCase): Promise<void> {
    const { t } = this.deps;
    const now = this.now();
    // request() has just routed: its view of the agents is fresh enough to tell the customer their place.
    const agents = this.snapshot && now - this.snapshot.at <= SNAPSHOT_MS ? this.snapshot.agents : await this.deps.store.agents();
    const online = agents.filter((a) => a.presence === 'online');
    if (online.length === 0) {
      const back = teamBackAt(this.deps.agents, now);
      const text = back !== undefined && back > now ? t.t(c.language, 'handoffClosed', { when: this.formatWhen(back, c.language) }) : t.t(c.language, 'handoffNobody');
      await this.tell(c, text);
      return;
    }
    // An offered case is out of the queue: it is next.
    const [rank, waits] = await Promise.all([this.deps.store.position(c.key), this.deps.store.recentWaits(50)]);
    const position = rank ?? 1;
    const estimate = estimateWait(position, waits, online.reduce((n, a) => n + a.maxChats, 0));
    const wait = estimate === undefined ? '' : t.t(c.language, 'handoffWait', { minutes: Math.max(1, Math.round(estimate / 60_000)) });
    await this.tell(c, t.t(c.language, 'handoffQueued', { position, wait }));
  }

  private async tellAccepted(c: HandoffCase, agentId: string): Promise<void> {
    const { t } = this.deps;
    const agent = this.agentsById.get(agentId);
    const lines: string[] = [];
    // The customer's usual person is someone else and not here: say who covers.
    if (c.preferredAgentId && c.preferredAgentId !== agentId && c.reason !== 'transfer') {
      const usual = this.agentsById.get(c.preferredAgentId);
      if (usual) lines.push(t.t(c.language, 'handoffCovering', { usual: usual.name.split(' ')[0]!, agent: agent?.name.split(' ')[0] ?? agentId }));
    }
    lines.push(t.t(c.language, 'handoffAccepted', { agent: agent?.name.split(' ')[0] ?? agentId, intro: agent?.intro[c.language] ?? '' }));
    // A notice from balie that names the person; their own messages then carry their name.
    await this.deps.messenger.send(c, { text: lines.join('\n') });
  }

  private tell(c: HandoffCase, text: string): Promise<void> {
    return this.deps.messenger.send(c, { text });
  }

  private formatWhen(at: number, language: string): string {
    const tz = this.deps.agents[0]?.timezone ?? 'Europe/Amsterdam';
    return new Intl.DateTimeFormat(language, { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZone: tz }).format(new Date(at));
  }

  private async remember(c: HandoffCase, how: ClosedHow, agentId?: string): Promise<void> {
    await this.deps.store.addHistory(c.customerKey, { key: c.key, channelId: c.customer.channelId, agentId, reason: c.reason, how, openedAt: c.openedAt, closedAt: this.now() });
  }

  private async afterRelease(c: HandoffCase, agentId: string, how: 'handed-back' | 'resolved' | 'idle'): Promise<void> {
    await Promise.all([
      this.remember(c, how === 'handed-back' ? 'handed-back' : 'resolved', agentId),
      this.deps.bus.publish(deskTopics.agent(agentId), { type: 'closed', key: c.key, agentId, how } satisfies DeskEvent),
    ]);
    await this.routeQueue();
  }

  /**
   * Tells the desks the queue's length. Like routing, one at a time per process: a caller during a
   * publish gets the one after it (which reads the length after their change), shared with everyone
   * who calls meanwhile, so fifty handoffs at once cost two reads, not fifty.
   */
  private publishQueue(): Promise<void> {
    if (!this.publishing) {
      this.publishing = this.publishQueueNow().finally(() => (this.publishing = undefined));
      return this.publishing;
    }
    this.nextPublish ??= this.publishing.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      this.nextPublish = undefined;
      return this.publishQueue();
    });
    return this.nextPublish;
  }

  private async publishQueueNow(): Promise<void> {
    const length = await this.deps.store.queueLength();
    this.deps.metrics.queueLength.set(length);
    await this.deps.bus.publish(deskTopics.queue, { type: 'queue-changed', length } satisfies DeskEvent);
  }

  private nameOf(agentId: string): string {
    return this.agentsById.get(agentId)?.name.split(' ')[0] ?? agentId;
  }

  private async must(key: string): Promise<HandoffCase> {
    const c = await this.deps.store.get(key);
    if (!c) throw new BalieError('NOT_FOUND', `no open handoff for ${key}`);
    return c;
  }

  private ensure(result: Transition, action: string): Extract<Transition, { ok: true }> {
    if (result.ok) return result;
    const code = result.reason === 'not-found' ? 'NOT_FOUND' : result.reason === 'not-owner' ? 'FORBIDDEN' : 'HANDOFF_CONFLICT';
    throw new BalieError(code, `cannot ${action}: ${result.reason}${result.current ? ` (the chat is ${result.current.state})` : ''}`);
  }

  /** For the context packet: is `agentId` working now, and when back. */
  availability(agentId: string): { working: boolean; backAt?: number } {
    const agent = this.agentsById.get(agentId);
    if (!agent) return { working: false };
    return { working: isWorking(agent, this.now()), backAt: nextStart(agent, this.now()) };
  }
}
