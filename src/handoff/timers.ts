import type { AgentActions } from './agent-actions.js';
import type { HandoffContext } from './context.js';
import type { CustomerNotices } from './customer-notices.js';
import { deskTopics, type DeskEvent } from './ports.js';
import type { QueueRouter } from './queue-router.js';
import type { UnansweredMonitor } from './unanswered.js';
import { isWorking } from './working-hours.js';

/**
 * The handoff's timers (offer expiry, preference expiry, idle customer, idle agent, end of shift,
 * unanswered message).
 * They live in the store, not in `setTimeout`: whichever process looks first handles a timer, and a
 * timer whose case has moved on (another version) is ignored.
 */
export class HandoffTimers {
  private interval?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    private readonly ctx: HandoffContext,
    private readonly router: QueueRouter,
    private readonly notices: CustomerNotices,
    private readonly agents: AgentActions,
    private readonly unanswered: UnansweredMonitor,
  ) {}

  /** Polling the store for due timers; no state lives in the interval. */
  startPolling(): void {
    this.interval = setInterval(() => void this.tick(), this.ctx.settings.tickMs);
    this.interval.unref();
  }

  stopPolling(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
  }

  /** Handles due timers; safe to call from every process at once. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    const { store, bus, metrics, logger, t } = this.ctx.deps;
    try {
      const timers = await store.takeDueTimers(this.ctx.now(), 100);
      let reroute = false;
      for (const timer of timers) {
        if (timer.kind === 'shift-end') {
          await this.endShift(timer.key.slice('agent:'.length));
          continue;
        }
        if (timer.kind === 'unanswered') {
          await this.unanswered.due(timer);
          continue;
        }
        const c = await store.get(timer.key);
        if (!c || c.version !== timer.version) continue;
        if (timer.kind === 'offer-expiry' && c.state === 'offered') {
          const result = await store.expireOffer(c.key, c.version, this.ctx.now());
          if (result.ok) {
            metrics.expiredOffers.inc();
            await bus.publish(deskTopics.agent(c.offeredTo!), { type: 'offer-withdrawn', key: c.key, agentId: c.offeredTo!, why: 'not answered in time' } satisfies DeskEvent);
            reroute = true;
          }
        } else if (timer.kind === 'prefer-expiry' && c.state === 'queued') {
          reroute = true;
        } else if (timer.kind === 'agent-idle' && c.state === 'active') {
          const event = { type: 'agent-idle', key: c.key, agentId: c.agentId!, waitingSeconds: Math.round(this.ctx.settings.agentIdleMs / 1000) } satisfies DeskEvent;
          await bus.publish(deskTopics.agent(c.agentId!), event);
          await bus.publish(deskTopics.supervisors, event);
        } else if (timer.kind === 'customer-idle' && c.state === 'active') {
          const result = await store.release(c.key, c.version, c.agentId!, 'resolved', this.ctx.now());
          if (result.ok) {
            await this.notices.tell(c, t.t(c.language, 'handoffIdleResolved'), null);
            await this.unanswered.answered(c.key);
            await this.agents.afterRelease(c, c.agentId!, 'idle');
          }
        }
      }
      if (reroute) await this.router.routeQueue();
    } catch (err) {
      logger.error({ err, code: 'HANDOFF_TIMERS_FAILED' }, 'handling handoff timers failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Working hours are over: an agent still online goes away (they keep their open chats). */
  private async endShift(agentId: string): Promise<void> {
    const agent = this.ctx.agentsById.get(agentId);
    if (!agent || isWorking(agent, this.ctx.now())) return;
    const state = (await this.ctx.deps.store.agents()).find((a) => a.id === agentId);
    if (state?.presence !== 'online') return;
    await this.agents.setPresence(agentId, 'away', 'working hours are over');
    this.ctx.deps.logger.info({ agentId }, 'working hours over: agent set to away');
  }
}
