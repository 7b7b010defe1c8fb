import { BalieError } from '../core/errors.js';
import { ensure, firstNameOf, mustFind, recordFigure, remember, type HandoffContext } from './context.js';
import { figureId } from './figures.js';
import { agentMessageText, type CustomerNotices } from './customer-notices.js';
import { deskTopics, type DeskEvent } from './ports.js';
import type { QueuePublisher } from './queue-publisher.js';
import type { QueueRouter } from './queue-router.js';
import { waitsFor, type AgentState, type HandoffCase, type Presence } from './types.js';
import { shiftEndsAt } from './working-hours.js';

// Ten years: "not before anything else happens" for a timer that cannot be removed, only moved.
const NEVER_MS = 10 * 365 * 86_400_000;

/**
 * What agents do to a chat. The Desk checks permissions before calling these; here each step is a
 * compare-and-set in the store, so a second agent or process acting at once gets a refusal.
 */
export class AgentActions {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly router: QueueRouter,
    private readonly publisher: QueuePublisher,
    private readonly notices: CustomerNotices,
  ) {}

  async setPresence(agentId: string, presence: Presence, why?: string): Promise<AgentState> {
    const { store, bus } = this.ctx.deps;
    const state = await store.setPresence(agentId, presence, this.ctx.now());
    if (!state) throw new BalieError('NOT_FOUND', `no agent "${agentId}" in agents.yaml`);
    const event = { type: 'presence', agentId, presence, why } satisfies DeskEvent;
    await bus.publish(deskTopics.supervisors, event);
    await bus.publish(deskTopics.agent(agentId), event);
    if (presence === 'online') {
      const agent = this.ctx.agentsById.get(agentId);
      const end = agent ? shiftEndsAt(agent, this.ctx.now()) : undefined;
      if (end !== undefined) await store.schedule({ kind: 'shift-end', key: `agent:${agentId}`, version: 0, at: end });
      await this.router.routeQueue();
    }
    return state;
  }

  async accept(agentId: string, key: string): Promise<HandoffCase> {
    const { store, bus, metrics } = this.ctx.deps;
    const c = await mustFind(this.ctx, key);
    const result = ensure(await store.accept(key, c.version, agentId, this.ctx.now()), 'accept');
    const accepted = result.case!;
    metrics.waitSeconds.observe((this.ctx.now() - accepted.queuedAt) / 1000);
    // Independent of each other: started together, so they cost one round trip.
    await Promise.all([
      recordFigure(this.ctx, 'taken', (f) => f.taken(figureId(accepted), agentId, this.ctx.now())),
      this.notices.tellAccepted(accepted, agentId),
      store.schedule({ kind: 'customer-idle', key, version: accepted.version, at: this.ctx.now() + this.ctx.settings.customerIdleMs }),
      bus.publish(deskTopics.agent(agentId), { type: 'assigned', key, agentId } satisfies DeskEvent),
      this.publisher.publish(),
    ]);
    return accepted;
  }

  async decline(agentId: string, key: string): Promise<void> {
    const c = await mustFind(this.ctx, key);
    ensure(await this.ctx.deps.store.decline(key, c.version, agentId, this.ctx.now()), 'decline');
    await this.router.routeQueue();
  }

  /**
   * An agent takes a queued chat. A customer who chose to wait for someone keeps that choice: only
   * a supervisor (`override`) may take the chat then, and the customer hears why.
   */
  async claim(agentId: string, key: string, options: { override?: boolean } = {}): Promise<HandoffCase> {
    const { store, bus, logger } = this.ctx.deps;
    const c = await mustFind(this.ctx, key);
    const waited = waitsFor(c, this.ctx.now());
    if (waited && waited !== agentId) {
      const name = firstNameOf(this.ctx, waited);
      if (!options.override)
        throw new BalieError('HANDOFF_CONFLICT', `cannot claim: the customer waits for ${name}, who helped them before; only ${name} or a supervisor may take this chat`);
      logger.info({ key, agentId, waitedFor: waited }, 'a supervisor took over a chat whose customer waited for someone else');
    }
    const result = ensure(await store.claim(key, c.version, agentId, this.ctx.now()), 'claim');
    await recordFigure(this.ctx, 'taken', (f) => f.taken(figureId(result.case!), agentId, this.ctx.now()));
    await this.notices.tellAccepted(result.case!, agentId, waited);
    await store.schedule({ kind: 'customer-idle', key, version: result.case!.version, at: this.ctx.now() + this.ctx.settings.customerIdleMs });
    await bus.publish(deskTopics.agent(agentId), { type: 'assigned', key, agentId } satisfies DeskEvent);
    await this.publisher.publish();
    return result.case!;
  }

  /** Checked against the store at send time, not when the agent opened the chat: only the owner gets through. */
  async sendAsAgent(agentId: string, key: string, text: string, attachments: { contentUrl: string; contentType: string; name?: string }[] = []): Promise<void> {
    const { store, bus, messenger } = this.ctx.deps;
    const c = await mustFind(this.ctx, key);
    if (c.state !== 'active' || c.agentId !== agentId) throw new BalieError('FORBIDDEN', `${agentId} does not own this chat`);
    const agent = this.ctx.agentsById.get(agentId);
    const body = agentMessageText(text, attachments);
    await messenger.send(c, { text: body, agent: { id: agentId, name: agent?.name ?? agentId, avatarUrl: agent?.avatarUrl } });
    // Answered: the reminder moves out of the way (same timer, rescheduled; a voided one is ignored).
    await store.schedule({ kind: 'agent-idle', key, version: c.version, at: this.ctx.now() + NEVER_MS });
    await bus.publish(deskTopics.agent(agentId), { type: 'agent-message', key, agentId, text: body, at: new Date(this.ctx.now()).toISOString() } satisfies DeskEvent);
  }

  async transfer(agentId: string, key: string, toAgentId: string | undefined, note: string | undefined): Promise<void> {
    const { store, bus, t } = this.ctx.deps;
    const c = await mustFind(this.ctx, key);
    if (toAgentId && !this.ctx.agentsById.has(toAgentId)) throw new BalieError('NOT_FOUND', `no agent "${toAgentId}"`);
    const result = ensure(await store.transfer(key, c.version, agentId, toAgentId, note, this.ctx.now() + this.ctx.settings.preferPreviousMs, this.ctx.now()), 'transfer');
    const to = toAgentId ? t.t(c.language, 'handoffTransferTo', { name: this.ctx.agentsById.get(toAgentId)!.name }) : '';
    await this.notices.tell(c, t.t(c.language, 'handoffTransferred', { agent: firstNameOf(this.ctx, agentId), to }), null);
    const transferred = { type: 'transferred', key, fromAgentId: agentId, toAgentId, note } satisfies DeskEvent;
    await bus.publish(deskTopics.queue, transferred);
    await bus.publish(deskTopics.agent(agentId), transferred);
    if (result.case?.preferUntil) await store.schedule({ kind: 'prefer-expiry', key, version: result.case.version, at: result.case.preferUntil });
    await this.router.routeQueue();
  }

  async handBack(agentId: string, key: string): Promise<void> {
    const c = await mustFind(this.ctx, key);
    ensure(await this.ctx.deps.store.release(key, c.version, agentId, 'handed-back', this.ctx.now()), 'hand back');
    await this.notices.tell(c, this.ctx.deps.t.t(c.language, 'handoffHandedBack', { agent: firstNameOf(this.ctx, agentId) }), null);
    await this.afterRelease(c, agentId, 'handed-back');
  }

  async resolve(agentId: string, key: string): Promise<void> {
    const c = await mustFind(this.ctx, key);
    ensure(await this.ctx.deps.store.release(key, c.version, agentId, 'resolved', this.ctx.now()), 'resolve');
    await this.ctx.satisfaction.awaitRating(key, agentId, this.ctx.now());
    await this.notices.tellResolved(c, firstNameOf(this.ctx, agentId));
    await this.afterRelease(c, agentId, 'resolved');
  }

  /** Kept for every process and past a restart; the /metrics histogram counts it in this process too. */
  async recordRating(key: string, rating: number): Promise<void> {
    this.ctx.deps.metrics.satisfaction.observe(rating);
    let kept;
    try {
      kept = await this.ctx.satisfaction.rate(key, rating, this.ctx.now());
    } catch (err) {
      // The customer is thanked all the same; the mark is lost and the log says so.
      this.ctx.deps.logger.error({ err, key, rating }, 'could not keep a rating');
      return;
    }
    if (kept) this.ctx.deps.logger.info({ key, rating, agentId: kept.agentId }, 'customer rated the help');
    else this.ctx.deps.logger.warn({ key, rating }, 'a rating for a chat that awaits none (not resolved, or over a week ago): not kept');
  }

  /** A chat left its agent (by their hand or by the idle timer): remember who helped, and give their slot to the queue. */
  async afterRelease(c: HandoffCase, agentId: string, how: 'handed-back' | 'resolved' | 'idle'): Promise<void> {
    await Promise.all([
      remember(this.ctx, c, how === 'handed-back' ? 'handed-back' : 'resolved', agentId),
      recordFigure(this.ctx, 'ended', (f) => f.ended(figureId(c), how === 'handed-back' ? 'handed-back' : 'resolved', this.ctx.now(), agentId)),
      this.ctx.deps.bus.publish(deskTopics.agent(agentId), { type: 'closed', key: c.key, agentId, how } satisfies DeskEvent),
    ]);
    await this.router.routeQueue();
  }
}
