import type { HandoffContext } from './context.js';
import type { CustomerMessage } from '../core/customer-messenger.js';
import type { QueueRouter } from './queue-router.js';
import { estimateWait } from './router.js';
import type { AgentState, HandoffCase } from './types.js';
import { nextAvailable, teamBackAt } from './working-hours.js';

// How old the routing pass's view of the agents may be for telling a customer their place.
const SNAPSHOT_MS = 1000;

/** What the customer gets from an agent: the words, then each file as a link (every channel can show one). */
export function agentMessageText(text: string, attachments: { contentUrl: string; contentType: string; name?: string }[] = []): string {
  if (!attachments.length) return text;
  return `${text}${text ? '\n' : ''}${attachments.map((a) => `[${a.name ?? a.contentType}](${a.contentUrl})`).join('\n')}`;
}

/** What balie itself tells the customer while a person is involved: their place, who helps them, what happens next. */
export class CustomerNotices {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly router: QueueRouter,
  ) {}

  /** `owner`: who helps the customer from this notice on (null: the bot again), when that changes. */
  tell(c: HandoffCase, text: string, owner?: CustomerMessage['owner']): Promise<void> {
    return this.ctx.deps.messenger.send(c, owner === undefined ? { text } : { text, owner });
  }

  async tellQueued(c: HandoffCase): Promise<void> {
    const { t, store } = this.ctx.deps;
    const now = this.ctx.now();
    // request() has just routed: its view of the agents is fresh enough to tell the customer their place.
    const agents = this.router.recentAgents(now, SNAPSHOT_MS) ?? (await store.agents());
    const online = agents.filter((a) => a.presence === 'online');
    if (online.length === 0) {
      const back = teamBackAt(this.ctx.deps.agents, now);
      const text = back !== undefined && back > now ? t.t(c.language, 'handoffClosed', { when: this.formatWhen(back, c.language) }) : t.t(c.language, 'handoffNobody');
      await this.tell(c, text);
      return;
    }
    // An offered case is out of the queue: it is next.
    const [rank, waits] = await Promise.all([store.position(c.key), store.recentWaits(50)]);
    const { position, slots } = await this.placeFor(c, rank ?? 1, online, now);
    // Waiting for one person who is not here: no minutes that only the others could meet (the
    // customer hears next when that person is back, and may choose anyone).
    const estimate = slots === 0 ? undefined : estimateWait(position, waits, slots);
    const wait = estimate === undefined ? '' : t.t(c.language, 'handoffWait', { minutes: Math.max(1, Math.round(estimate / 60_000)) });
    await this.tell(c, t.t(c.language, 'handoffQueued', { position, wait }));
  }

  /**
   * The customer's place among the cases that compete for the same agents, and those agents' slots.
   * A case that waits for one person (their previous agent, a transfer target, or the person they
   * chose to wait for) competes only with others waiting for that person, for that person's slots;
   * any other case does not count those ahead of it.
   */
  private async placeFor(c: HandoffCase, rank: number, online: AgentState[], now: number): Promise<{ position: number; slots: number }> {
    const one = preferredNow(c, now);
    const ahead = rank > 1 ? (await this.ctx.deps.store.queue(Math.min(rank - 1, 200))).filter((q) => q.key !== c.key) : [];
    const position = 1 + ahead.filter((q) => preferredNow(q, now) === one).length;
    if (one === undefined) return { position, slots: online.reduce((n, a) => n + a.maxChats, 0) };
    return { position, slots: online.find((a) => a.id === one)?.maxChats ?? 0 };
  }

  /** `waitedFor`: the person the customer chose to wait for, when someone else (a supervisor) took the chat. */
  async tellAccepted(c: HandoffCase, agentId: string, waitedFor?: string): Promise<void> {
    const { t } = this.ctx.deps;
    const agent = this.ctx.agentsById.get(agentId);
    const lines: string[] = [];
    const usualOf = (id: string) => this.ctx.agentsById.get(id)?.name.split(' ')[0] ?? id;
    // The customer waited for their usual person, and someone else took over: say so, and why.
    if (waitedFor && waitedFor !== agentId) {
      lines.push(t.t(c.language, 'handoffWaitedCovering', { usual: usualOf(waitedFor), agent: agent?.name.split(' ')[0] ?? agentId }));
    } else if (c.preferredAgentId && c.preferredAgentId !== agentId && c.reason !== 'transfer') {
      const usual = this.ctx.agentsById.get(c.preferredAgentId);
      if (usual) lines.push(t.t(c.language, 'handoffCovering', { usual: usual.name.split(' ')[0]!, agent: agent?.name.split(' ')[0] ?? agentId }));
    }
    lines.push(t.t(c.language, 'handoffAccepted', { agent: agent?.name.split(' ')[0] ?? agentId, intro: agent?.intro[c.language] ?? '' }));
    // A notice from balie that names the person; their own messages then carry their name.
    const owner = { id: agentId, name: agent?.name ?? agentId, ...(agent?.avatarUrl ? { avatarUrl: agent.avatarUrl } : {}) };
    await this.ctx.deps.messenger.send(c, { text: lines.join('\n'), owner });
  }

  /** The chat is done: the customer is asked how it went, with one button per mark. */
  tellResolved(c: HandoffCase, agentName: string): Promise<void> {
    return this.ctx.deps.messenger.send(c, {
      text: this.ctx.deps.t.t(c.language, 'handoffResolved', { agent: agentName }),
      owner: null,
      suggestedActions: [1, 2, 3, 4, 5].map((n) => ({ title: String(n), value: `balie:rating:${n}` })),
    });
  }

  /**
   * The customer's usual person is away: they may wait for them instead of taking whoever is
   * free — balie's answer to chats parked on agents who are not there.
   */
  async offerToWaitFor(c: HandoffCase, previousId: string): Promise<void> {
    const previous = this.ctx.agentsById.get(previousId);
    const state = (await this.ctx.deps.store.agents()).find((a) => a.id === previousId);
    if (!previous || state?.presence === 'online') return;
    const { t } = this.ctx.deps;
    const usual = previous.name.split(' ')[0]!;
    const back = nextAvailable(previous, this.ctx.now(), state?.presence);
    await this.ctx.deps.messenger.send(c, {
      text: back !== undefined ? t.t(c.language, 'handoffWaitChoice', { usual, when: this.formatWhen(back, c.language) }) : t.t(c.language, 'handoffWaitChoiceUnknown', { usual }),
      suggestedActions: [
        { title: t.t(c.language, 'handoffWaitButton', { usual }), value: `balie:wait-for:${previousId}` },
        { title: t.t(c.language, 'handoffAnyoneButton'), value: 'balie:anyone' },
      ],
    });
  }

  // The team's own time zone: "back on Monday 09:00" means the hour the desk opens, wherever the customer is.
  private formatWhen(at: number, language: string): string {
    const tz = this.ctx.deps.agents[0]?.timezone ?? 'Europe/Amsterdam';
    return new Intl.DateTimeFormat(language, { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZone: tz }).format(new Date(at));
  }
}

/** The one agent a case may go to right now (preference still running), else undefined. */
function preferredNow(c: HandoffCase, now: number): string | undefined {
  return c.preferredAgentId && c.preferUntil !== undefined && now < c.preferUntil ? c.preferredAgentId : undefined;
}
