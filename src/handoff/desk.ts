import type { AgentConfig } from '../config.js';
import { BalieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { TranscriptEntry, TranscriptStore } from '../core/storage/transcript.js';
import type { EventBus } from '../core/storage/event-bus.js';
import { deskTopics, type DeskEvent } from './ports.js';
import type { HandoffService } from './service.js';
import { customerLabel, firstQuestion, needsQuestion } from './customer-label.js';
import { routingNote } from './router.js';
import { waitsFor, type AgentState, type HandoffCase, type HistoryEntry, type Presence } from './types.js';

/** Who is asking: the desk trusts this only after the HTTP layer checked the agent's token. */
export interface AgentIdentity {
  id: string;
  role: 'agent' | 'supervisor';
}

export interface QueueItem {
  key: string;
  state: HandoffCase['state'];
  waitingSeconds: number;
  reason: HandoffCase['reason'];
  language: string;
  channel: string;
  customerName?: string;
  /** How lists tell this customer apart: their name, "…5678" for a phone number, or "“Do you repair e-bikes…”" (customer-label.ts). */
  customerLabel?: string;
  vip: boolean;
  /** Skills the agent must have (balie.yaml `handoff.skills`, or the dialog's request). */
  skills: string[];
  /** Skills an agent should preferably have. */
  preferredSkills: string[];
  /** How routing treats the wanted skills when nobody with them is free, e.g. "wants complaints; nobody with complaints is free, so anyone suitable may take it". */
  routing?: string;
  /** The person the customer chose to wait for (their previous agent, away): only they or a supervisor may take the chat. */
  waitsFor?: { id: string; name: string };
  offeredTo?: string;
  agentId?: string;
}

/** Everything an agent needs so the customer never repeats their story. */
export interface ContextPacket {
  case: HandoffCase;
  /** The conversation so far, oldest first: what the customer told the bot, and what it answered. */
  transcript: TranscriptEntry[];
  reason: HandoffCase['reason'];
  language: string;
  channel: string;
  customerName?: string;
  customerLabel?: string;
  collected: Record<string, string>;
  note?: string;
  /** The person this customer spoke to last time, if any. */
  previousAgent?: { id: string; name: string };
  /** The same customer on other channels, as linked by a supervisor (`<channel>:<user id>`). */
  otherIdentities: string[];
  /** Their earlier handoffs (newest first, at most 3), each with the last lines of its conversation. */
  earlierConversations: { entry: HistoryEntry; lastLines: TranscriptEntry[] }[];
}

/**
 * The agents' side of the handoff as a typed API, for the web console, the Slack desk and the
 * terminal REPL. It decides who may see and do what: an agent sees the queue summary and only the
 * chats offered or assigned to them; supervisors see everything. Every refusal is logged.
 */
export class Desk {
  constructor(
    private readonly service: HandoffService,
    private readonly transcripts: TranscriptStore,
    private readonly agents: AgentConfig[],
    private readonly logger: Logger,
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
  ) {}

  identify(agentId: string): AgentIdentity {
    const agent = this.agents.find((a) => a.id === agentId);
    if (!agent) throw new BalieError('NOT_FOUND', `no agent "${agentId}" in agents.yaml`);
    return { id: agent.id, role: agent.role };
  }

  /**
   * Live events for this agent (offers, their customers' messages, closed chats) and the queue's
   * changes, from whichever process they happen in. Returns the unsubscribe function.
   */
  async subscribe(who: AgentIdentity, listener: (event: DeskEvent) => void): Promise<() => Promise<void>> {
    const topics = [deskTopics.agent(who.id), deskTopics.queue, ...(who.role === 'supervisor' ? [deskTopics.supervisors] : [])];
    const offs = await Promise.all(topics.map((topic) => this.bus.subscribe(topic, (event) => listener(event as DeskEvent))));
    return async () => {
      for (const off of offs) await off();
    };
  }

  async setPresence(who: AgentIdentity, presence: Presence) {
    return this.service.setPresence(who.id, presence);
  }

  async agentStates(who: AgentIdentity) {
    const states = await this.service.store.agents();
    return who.role === 'supervisor' ? states : states.filter((s) => s.id === who.id);
  }

  /** The queue summary every agent may see, plus the chats this agent may open. */
  async queue(_who: AgentIdentity, limit = 100): Promise<{ length: number; items: QueueItem[] }> {
    const [length, cases, agents] = await Promise.all([this.service.store.queueLength(), this.service.store.queue(limit), this.service.store.agents()]);
    return { length, items: await Promise.all(cases.map((c) => this.item(c, agents))) };
  }

  /** Chats offered to or owned by the agent; for a supervisor, every open chat they can find through agents. */
  async myChats(who: AgentIdentity): Promise<QueueItem[]> {
    const ids = who.role === 'supervisor' ? this.agents.map((a) => a.id) : [who.id];
    const [lists, agents] = await Promise.all([Promise.all(ids.map((id) => this.service.store.agentCases(id))), this.service.store.agents()]);
    return Promise.all(lists.flat().map((c) => this.item(c, agents)));
  }

  async accept(who: AgentIdentity, key: string) {
    return this.service.accept(who.id, key);
  }

  async decline(who: AgentIdentity, key: string) {
    return this.service.decline(who.id, key);
  }

  async claim(who: AgentIdentity, key: string) {
    return this.service.claim(who.id, key, { override: who.role === 'supervisor' });
  }

  async send(who: AgentIdentity, key: string, text: string, attachments?: { contentUrl: string; contentType: string; name?: string }[]) {
    await this.authorise(who, key, 'write to');
    return this.service.sendAsAgent(who.id, key, text, attachments);
  }

  async transfer(who: AgentIdentity, key: string, toAgentId?: string, note?: string) {
    await this.authorise(who, key, 'transfer');
    return this.service.transfer(who.id, key, toAgentId, note);
  }

  async handBack(who: AgentIdentity, key: string) {
    await this.authorise(who, key, 'hand back');
    return this.service.handBack(who.id, key);
  }

  async resolve(who: AgentIdentity, key: string) {
    await this.authorise(who, key, 'resolve');
    return this.service.resolve(who.id, key);
  }

  async context(who: AgentIdentity, key: string, transcriptLimit = 50): Promise<ContextPacket> {
    const c = await this.authorise(who, key, 'read');
    const transcript = await this.transcripts.list(key, { limit: transcriptLimit });
    const previous = c.preferredAgentId ? this.agents.find((a) => a.id === c.preferredAgentId) : undefined;
    const identities = await this.service.store.identities(c.customerKey);
    const history = await this.service.store.history(identities, 3);
    const earlierConversations = await Promise.all(
      history.map(async (entry) => ({
        entry,
        lastLines: (await this.transcripts.list(entry.key, { limit: 50 })).filter((e) => Date.parse(e.timestamp) <= entry.closedAt).slice(-6),
      })),
    );
    return {
      case: c,
      transcript,
      reason: c.reason,
      language: c.language,
      channel: c.customer.channelId,
      customerName: c.customer.name,
      customerLabel: await this.label(c, transcript.length < transcriptLimit ? transcript : undefined),
      collected: c.collected,
      note: c.note,
      previousAgent: previous ? { id: previous.id, name: previous.name } : undefined,
      otherIdentities: identities.filter((k) => k !== c.customerKey),
      earlierConversations,
    };
  }

  /** Supervisors link one customer's identities on different channels, so history and their usual person follow them. */
  async linkCustomers(who: AgentIdentity, a: string, b: string): Promise<string[]> {
    this.requireSupervisor(who, 'link customer identities');
    return this.service.store.linkCustomers(a, b);
  }

  /**
   * Links the customer of an open chat to another customer: `other` is a chat key of an open chat
   * (standing for its customer) or a customer key (`<channel>:<user id>`). Returns the whole person.
   */
  async linkChatCustomer(who: AgentIdentity, key: string, other: string): Promise<string[]> {
    this.requireSupervisor(who, 'link customer identities', key);
    const c = await this.authorise(who, key, 'link the customer of');
    const otherKey = (await this.service.caseFor(other))?.customerKey ?? other;
    if (otherKey === c.customerKey) throw new BalieError('BAD_REQUEST', `${other} is the customer of this chat already`);
    const group = await this.service.store.linkCustomers(c.customerKey, otherKey);
    this.logger.info({ agentId: who.id, key, customerKey: c.customerKey, linked: otherKey }, 'customer identities linked');
    return group;
  }

  /** Takes one identity out of the person the customer of this chat is (their own key included). */
  async unlinkChatCustomer(who: AgentIdentity, key: string, customerKey: string): Promise<string[]> {
    this.requireSupervisor(who, 'unlink customer identities', key);
    const c = await this.authorise(who, key, 'unlink the customer of');
    const identities = await this.service.store.identities(c.customerKey);
    if (identities.length < 2 || !identities.includes(customerKey)) throw new BalieError('NOT_FOUND', `${customerKey} is not linked to the customer of ${key}`);
    await this.service.store.unlinkCustomer(customerKey);
    this.logger.info({ agentId: who.id, key, customerKey: c.customerKey, unlinked: customerKey }, 'customer identity unlinked');
    return this.service.store.identities(c.customerKey);
  }

  private requireSupervisor(who: AgentIdentity, action: string, key?: string): void {
    if (who.role === 'supervisor') return;
    this.logger.warn({ agentId: who.id, key, action, code: 'FORBIDDEN' }, `an agent tried to ${action}`);
    throw new BalieError('FORBIDDEN', `only supervisors may ${action}`);
  }

  /** An agent may read and write a chat offered or assigned to them; supervisors any open chat. */
  async authorise(who: AgentIdentity, key: string, action: string): Promise<HandoffCase> {
    const c = await this.service.caseFor(key);
    if (!c) throw new BalieError('NOT_FOUND', `no open chat ${key}`);
    if (who.role === 'supervisor' || c.agentId === who.id || c.offeredTo === who.id) return c;
    this.logger.warn({ agentId: who.id, key, action, code: 'FORBIDDEN' }, 'an agent tried to reach a chat that is not theirs');
    throw new BalieError('FORBIDDEN', `you may not ${action} this chat: it is not offered or assigned to you`);
  }

  private waitsFor(c: HandoffCase): QueueItem['waitsFor'] {
    const id = waitsFor(c, this.now());
    if (!id) return undefined;
    return { id, name: this.agents.find((a) => a.id === id)?.name ?? id };
  }

  /** The customer's label; an anonymous one's first question comes from the transcript (read only then). */
  private async label(c: HandoffCase, transcript?: TranscriptEntry[]): Promise<string | undefined> {
    if (!needsQuestion(c.customer)) return customerLabel(c.customer);
    return customerLabel(c.customer, firstQuestion(transcript ?? (await this.transcripts.list(c.key))));
  }

  private async item(c: HandoffCase, agents: AgentState[]): Promise<QueueItem> {
    return {
      key: c.key,
      state: c.state,
      waitingSeconds: Math.round((this.now() - c.queuedAt) / 1000),
      reason: c.reason,
      language: c.language,
      channel: c.customer.channelId,
      customerName: c.customer.name,
      customerLabel: await this.label(c),
      vip: c.vip,
      skills: c.skills,
      preferredSkills: c.preferredSkills ?? [],
      routing: routingNote(c, agents),
      waitsFor: this.waitsFor(c),
      offeredTo: c.offeredTo,
      agentId: c.agentId,
    };
  }
}
