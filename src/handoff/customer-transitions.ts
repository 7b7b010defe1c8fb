import { recordFigure, remember, type HandoffContext, type HandoffRequest } from './context.js';
import { figureId } from './figures.js';
import type { CustomerNotices } from './customer-notices.js';
import { deskTopics, type DeskEvent } from './ports.js';
import type { QueuePublisher } from './queue-publisher.js';
import type { QueueRouter } from './queue-router.js';
import type { HandoffCase } from './types.js';
import { skillsFor } from './skills.js';
import { nextAvailable } from './working-hours.js';

/** What the customer's side does to a case: ask for a person, write while waiting, choose whom to wait for, give up. */
export class CustomerTransitions {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly router: QueueRouter,
    private readonly publisher: QueuePublisher,
    private readonly notices: CustomerNotices,
  ) {}

  /** A customer asked for a person (or a trigger decided so): open a case, tell them, route it. */
  async request(input: HandoffRequest): Promise<HandoffCase> {
    const { store, bus, metrics, logger } = this.ctx.deps;
    const now = this.ctx.now();
    const key = `${input.customer.channelId}:${input.customer.conversationId}`;
    const customerKey = `${input.customer.channelId}:${input.customer.userId}`;
    // The same person on any linked channel: their last agent counts wherever they write now.
    const previous = await store.previousAgent(customerKey);
    const skills = skillsFor(this.ctx.settings.skills, input);
    const { case: opened, created } = await store.open(
      {
        key,
        reason: input.reason,
        language: input.language,
        skills: skills.required,
        preferredSkills: skills.preferred.length ? skills.preferred : undefined,
        vip: input.vip ?? false,
        customer: input.customer,
        customerKey,
        reference: input.reference,
        collected: input.collected,
        note: input.note,
        preferredAgentId: previous,
        preferUntil: previous ? now + this.ctx.settings.preferPreviousMs : undefined,
      },
      now,
    );
    if (!created) return opened;
    metrics.handoffs.inc({ reason: input.reason });
    logger.info({ key, reason: input.reason, returning: previous !== undefined }, 'handoff requested');
    // Before routing, so the figure exists when an agent takes the chat.
    await recordFigure(this.ctx, 'requested', (f) => f.requested(figureId(opened), opened.openedAt));
    await Promise.all([
      opened.preferUntil === undefined ? undefined : store.schedule({ kind: 'prefer-expiry', key, version: opened.version, at: opened.preferUntil }),
      bus.publish(deskTopics.queue, { type: 'opened', key } satisfies DeskEvent),
      this.router.routeQueue(),
    ]);
    // Told even when an agent already has the offer: until someone accepts, the customer waits.
    const current = await store.get(key);
    if (current && current.state !== 'active') {
      await this.notices.tellQueued(current);
      if (previous) await this.notices.offerToWaitFor(current, previous);
    }
    await this.publisher.publish();
    return current ?? opened;
  }

  /** A customer wrote while a case is open: the desk shows it live; the transcript already has it. */
  async customerWrote(c: HandoffCase, text: string | undefined): Promise<void> {
    const { store, bus } = this.ctx.deps;
    const event: DeskEvent = { type: 'customer-message', key: c.key, agentId: c.agentId ?? c.offeredTo, text, at: new Date(this.ctx.now()).toISOString() };
    if (c.agentId) {
      await bus.publish(deskTopics.agent(c.agentId), event);
      await store.schedule({ kind: 'customer-idle', key: c.key, version: c.version, at: this.ctx.now() + this.ctx.settings.customerIdleMs });
      await store.schedule({ kind: 'agent-idle', key: c.key, version: c.version, at: this.ctx.now() + this.ctx.settings.agentIdleMs });
    } else {
      await bus.publish(deskTopics.queue, event);
    }
  }

  /** The customer chose to wait for this agent: only they get the offer, until their next shift is well under way. */
  async customerWaitsFor(c: HandoffCase, agentId: string): Promise<void> {
    const agent = this.ctx.agentsById.get(agentId);
    if (!agent) return;
    const presence = (await this.ctx.deps.store.agents()).find((a) => a.id === agentId)?.presence;
    // Kept until the person is really back (their next working hours), and a while into that.
    const back = nextAvailable(agent, this.ctx.now(), presence) ?? this.ctx.now();
    const until = Math.max(back, this.ctx.now()) + 4 * 3_600_000;
    const result = await this.ctx.deps.store.prefer(c.key, c.version, agentId, until, this.ctx.now());
    if (!result.ok) return;
    await this.ctx.deps.store.schedule({ kind: 'prefer-expiry', key: c.key, version: result.case!.version, at: until });
    await this.notices.tell(c, this.ctx.deps.t.t(c.language, 'handoffWaiting', { usual: agent.name.split(' ')[0]! }));
  }

  /** The customer does not want to wait for their usual person: the preference ends now. */
  async customerTakesAnyone(c: HandoffCase): Promise<void> {
    if (c.preferredAgentId) await this.ctx.deps.store.prefer(c.key, c.version, c.preferredAgentId, this.ctx.now(), this.ctx.now());
    await this.notices.tell(c, this.ctx.deps.t.t(c.language, 'handoffAnyoneOk'));
    await this.router.routeQueue();
  }

  /** "laat maar" while waiting: back to the bot. */
  async customerCancels(c: HandoffCase): Promise<boolean> {
    const { store, bus, t } = this.ctx.deps;
    const result = await store.cancel(c.key, c.version, this.ctx.now());
    if (!result.ok) return false;
    await remember(this.ctx, c, 'cancelled');
    await recordFigure(this.ctx, 'abandoned', (f) => f.ended(figureId(c), 'abandoned', this.ctx.now()));
    await bus.publish(deskTopics.queue, { type: 'closed', key: c.key, how: 'cancelled' } satisfies DeskEvent);
    if (c.offeredTo)
      await bus.publish(deskTopics.agent(c.offeredTo), { type: 'offer-withdrawn', key: c.key, agentId: c.offeredTo, why: 'cancelled by the customer' } satisfies DeskEvent);
    await this.notices.tell(c, t.t(c.language, 'handoffCancelled'));
    await this.publisher.publish();
    await this.router.routeQueue();
    return true;
  }
}
