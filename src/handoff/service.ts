import type { AgentConfig } from '../config.js';
import { AgentActions } from './agent-actions.js';
import { createHandoffContext, type HandoffContext, type HandoffRequest, type HandoffServiceDeps, type HandoffSettings } from './context.js';
import { CustomerNotices } from './customer-notices.js';
import { figuresReport, type FiguresReport } from './figures-report.js';
import { satisfactionReport, type SatisfactionReport } from './satisfaction.js';
import { CustomerTransitions } from './customer-transitions.js';
import { QueuePublisher } from './queue-publisher.js';
import { QueueRouter } from './queue-router.js';
import { HandoffTimers } from './timers.js';
import { UnansweredMonitor } from './unanswered.js';
import type { Stretch } from './unanswered-store.js';
import type { AgentState, HandoffCase, HandoffStore, Presence } from './types.js';
import { isWorking, nextStart } from './working-hours.js';

export { defaultHandoffSettings, type HandoffRequest, type HandoffServiceDeps, type HandoffSettings } from './context.js';
export { agentMessageText } from './customer-notices.js';

/**
 * The handoff queue's behaviour, as one object for the app, the desk and the tests: opening cases,
 * routing them to agents, timers, and telling the customer what happens. Each job lives in its own
 * part (customer-transitions, agent-actions, queue-router, timers, customer-notices,
 * queue-publisher); this class builds them on one shared context and forwards to them. Agents act
 * through the Desk (desk.ts), which checks who may do what.
 */
export class HandoffService {
  readonly settings: HandoffSettings;
  private readonly ctx: HandoffContext;
  private readonly publisher: QueuePublisher;
  private readonly router: QueueRouter;
  private readonly customers: CustomerTransitions;
  private readonly agents: AgentActions;
  private readonly timers: HandoffTimers;
  private readonly unanswered: UnansweredMonitor;

  constructor(deps: HandoffServiceDeps) {
    this.ctx = createHandoffContext(deps);
    this.settings = this.ctx.settings;
    this.publisher = new QueuePublisher(this.ctx);
    this.router = new QueueRouter(this.ctx, this.publisher);
    const notices = new CustomerNotices(this.ctx, this.router);
    this.customers = new CustomerTransitions(this.ctx, this.router, this.publisher, notices);
    this.agents = new AgentActions(this.ctx, this.router, this.publisher, notices);
    this.unanswered = new UnansweredMonitor(this.ctx, notices);
    this.timers = new HandoffTimers(this.ctx, this.router, notices, this.agents, this.unanswered);
    deps.metrics.countUnansweredFrom(() => this.ctx.unanswered.totals());
  }

  get store(): HandoffStore {
    return this.ctx.deps.store;
  }

  agentProfile(agentId: string): AgentConfig | undefined {
    return this.ctx.agentsById.get(agentId);
  }

  async start(): Promise<void> {
    await this.ctx.deps.store.syncAgents(
      this.ctx.deps.agents.map((a) => ({ id: a.id, maxChats: a.maxChats, languages: a.languages, skills: a.skills })),
      this.ctx.now(),
    );
    this.timers.startPolling();
    await this.routeQueue();
  }

  async stop(): Promise<void> {
    this.timers.stopPolling();
    await this.router.settle();
    await this.publisher.settle();
  }

  caseFor(key: string): Promise<HandoffCase | undefined> {
    return this.ctx.deps.store.get(key);
  }

  /** While a person is involved the bot stays silent; notices and agents' words still go out. */
  async botMaySend(key: string): Promise<boolean> {
    return (await this.ctx.deps.store.get(key)) === undefined;
  }

  /** The customer's messages waiting for a reply in this chat (undefined: none), from the shared store. */
  unansweredIn(key: string): Promise<Stretch | undefined> {
    return this.ctx.unanswered.get(key);
  }

  /** For the context packet: is `agentId` working now, and when back. */
  availability(agentId: string): { working: boolean; backAt?: number } {
    const agent = this.ctx.agentsById.get(agentId);
    if (!agent) return { working: false };
    return { working: isWorking(agent, this.ctx.now()), backAt: nextStart(agent, this.ctx.now()) };
  }

  // ── the customer's side ──

  request(input: HandoffRequest): Promise<HandoffCase> {
    return this.customers.request(input);
  }

  async customerWrote(c: HandoffCase, text: string | undefined): Promise<void> {
    await this.customers.customerWrote(c, text);
    await this.unanswered.customerWrote(c);
  }

  customerWaitsFor(c: HandoffCase, agentId: string): Promise<void> {
    return this.customers.customerWaitsFor(c, agentId);
  }

  customerTakesAnyone(c: HandoffCase): Promise<void> {
    return this.customers.customerTakesAnyone(c);
  }

  async customerCancels(c: HandoffCase): Promise<boolean> {
    const cancelled = await this.customers.customerCancels(c);
    if (cancelled) await this.unanswered.answered(c.key);
    return cancelled;
  }

  // ── agents' actions (the Desk checks permissions before calling these) ──

  setPresence(agentId: string, presence: Presence, why?: string): Promise<AgentState> {
    return this.agents.setPresence(agentId, presence, why);
  }

  accept(agentId: string, key: string): Promise<HandoffCase> {
    return this.agents.accept(agentId, key);
  }

  decline(agentId: string, key: string): Promise<void> {
    return this.agents.decline(agentId, key);
  }

  /** `override`: a supervisor may take a chat whose customer waits for someone else. */
  claim(agentId: string, key: string, options?: { override?: boolean }): Promise<HandoffCase> {
    return this.agents.claim(agentId, key, options);
  }

  async sendAsAgent(agentId: string, key: string, text: string, attachments: { contentUrl: string; contentType: string; name?: string }[] = []): Promise<void> {
    await this.agents.sendAsAgent(agentId, key, text, attachments);
    await this.unanswered.answered(key);
  }

  transfer(agentId: string, key: string, toAgentId: string | undefined, note: string | undefined): Promise<void> {
    return this.agents.transfer(agentId, key, toAgentId, note);
  }

  async handBack(agentId: string, key: string): Promise<void> {
    await this.agents.handBack(agentId, key);
    await this.unanswered.answered(key);
  }

  async resolve(agentId: string, key: string): Promise<void> {
    await this.agents.resolve(agentId, key);
    await this.unanswered.answered(key);
  }

  recordRating(key: string, rating: number): Promise<void> {
    return this.agents.recordRating(key, rating);
  }

  /** Customers' ratings: average, distribution, per agent; today and the last 7 days (all processes). */
  satisfactionReport(): Promise<SatisfactionReport> {
    return satisfactionReport(this.ctx.satisfaction, this.ctx.now(), (id) => this.ctx.agentsById.get(id)?.name ?? id);
  }

  /** Handoffs, waits, abandoned, ratings: today, the last `days` days and each day (all processes). */
  figuresReport(days: number): Promise<FiguresReport> {
    return figuresReport(this.ctx, { now: this.ctx.now(), days, timeZone: this.settings.timeZone, nameOf: (id) => this.ctx.agentsById.get(id)?.name ?? id });
  }

  // ── routing and timers ──

  routeQueue(): Promise<void> {
    return this.router.routeQueue();
  }

  tick(): Promise<void> {
    return this.timers.tick();
  }
}
