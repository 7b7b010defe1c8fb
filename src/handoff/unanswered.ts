import { firstNameOf, type HandoffContext } from './context.js';
import type { CustomerNotices } from './customer-notices.js';
import { deskTopics, type DeskEvent } from './ports.js';
import type { HandoffCase, Timer } from './types.js';
import { isWorking, nextAvailable, nextStart, teamBackAt } from './working-hours.js';

// Promised times are rounded up to this: "by 14:30", never "by 14:27".
const ROUND_MS = 5 * 60_000;

/**
 * No message left unanswered (issue #14.5). A customer message in an open case starts a waiting
 * stretch; the owner's reply (or the chat going back to the bot) ends it. When the stretch has
 * lasted `unansweredAfterMs`, one `unanswered` timer — taken by exactly one process, like every
 * handoff timer — makes balie tell the customer, in the owner's name, by when they will have an
 * answer, and remind the owner and the supervisors. One promise per stretch; reminders go on at the
 * promised time and then every window until someone answers.
 *
 * A stretch that starts while the case waits in the queue counts as promised from the start: the
 * queue's own notice (their place and wait, or when the team is back) was the promise, and a
 * second one would only repeat it. Supervisors are still reminded.
 */
export class UnansweredMonitor {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly notices: CustomerNotices,
  ) {}

  /** A customer message in an open case: the stretch starts (and its timer with it) or grows. */
  async customerWrote(c: HandoffCase): Promise<void> {
    const now = this.ctx.now();
    const owned = c.state === 'active';
    const { stretch, opened } = await this.ctx.unanswered.wrote(c.key, now, owned ? undefined : 'queue');
    if (opened) await this.ctx.deps.store.schedule({ kind: 'unanswered', key: c.key, version: stretch.since, at: now + this.ctx.settings.unansweredAfterMs });
  }

  /** The customer got a reply, or the chat went back to the bot (its closing notice is the reply). The timer, left behind, finds no stretch. */
  answered(key: string): Promise<void> {
    return this.ctx.unanswered.answered(key);
  }

  /** The stretch's timer is due (this process took it). */
  async due(timer: Timer): Promise<void> {
    const { store, bus } = this.ctx.deps;
    const stretch = await this.ctx.unanswered.get(timer.key);
    if (!stretch || stretch.since !== timer.version) return;
    const c = await store.get(timer.key);
    if (!c) return this.answered(timer.key);
    const now = this.ctx.now();
    let next = now + this.ctx.settings.unansweredAfterMs;
    let promisedUntil: number | undefined;
    if (c.state === 'active' && !stretch.promisedBy) {
      const promise = await this.promiseFor(c, now);
      if (await this.ctx.unanswered.promise(c.key, stretch.since, 'owner')) {
        await this.notices.tell(c, promise.text);
        promisedUntil = promise.by;
        next = Math.max(next, promise.by);
      }
    }
    const agentId = c.state === 'active' ? c.agentId : c.offeredTo;
    const event = {
      type: 'unanswered',
      key: c.key,
      agentId,
      waitingSeconds: Math.round((now - stretch.since) / 1000),
      messages: stretch.messages,
      promisedBy: promisedUntil !== undefined ? 'owner' : stretch.promisedBy,
      ...(promisedUntil !== undefined ? { promisedUntil } : {}),
    } satisfies DeskEvent;
    await Promise.all([agentId ? bus.publish(deskTopics.agent(agentId), event) : undefined, bus.publish(deskTopics.supervisors, event)]);
    this.ctx.deps.logger.info({ key: c.key, agentId, waitingSeconds: event.waitingSeconds, promised: event.promisedBy ?? 'no' }, 'a customer waits for an answer: reminded');
    await store.schedule({ kind: 'unanswered', key: c.key, version: stretch.since, at: next });
  }

  /**
   * By when the owner answers, honestly: a window from now while they are online and working; at
   * the start of their next working hours when they are away or their shift ends first; when the
   * team is back if nothing is known of them.
   */
  private async promiseFor(c: HandoffCase, now: number): Promise<{ text: string; by: number }> {
    const { t, agents } = this.ctx.deps;
    const agent = this.ctx.agentsById.get(c.agentId!);
    const soon = now + this.ctx.settings.unansweredAfterMs;
    let by = soon;
    if (agent) {
      const presence = (await this.ctx.deps.store.agents()).find((a) => a.id === agent.id)?.presence;
      const back = presence === 'online' ? (isWorking(agent, soon) ? soon : nextStart(agent, soon)) : nextAvailable(agent, now, presence);
      by = Math.max(back ?? teamBackAt(agents, now) ?? soon, soon);
    }
    by = Math.ceil(by / ROUND_MS) * ROUND_MS;
    const name = firstNameOf(this.ctx, c.agentId!);
    const timeZone = agent?.timezone ?? agents[0]?.timezone ?? 'Europe/Amsterdam';
    const text = sameDay(now, by, timeZone)
      ? t.t(c.language, 'unansweredPromise', { agent: name, time: new Intl.DateTimeFormat(c.language, { hour: '2-digit', minute: '2-digit', timeZone }).format(by) })
      : t.t(c.language, 'unansweredPromiseLater', {
          agent: name,
          when: new Intl.DateTimeFormat(c.language, { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZone }).format(by),
        });
    return { text, by };
  }
}

function sameDay(a: number, b: number, timeZone: string): boolean {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return day.format(a) === day.format(b);
}
