import type { CustomerRef } from '../core/customer-messenger.js';

export type { CustomerRef };

/**
 * The handoff model: a conversation that a person should take over is a *case*. Its life:
 *
 *   (bot) → queued → offered(agent, deadline) → active(agent) → (bot)
 *
 * plus decline / offer expiry (offered → queued), claim (queued → active), transfer
 * (active → queued, preferring the colleague named), hand back and resolve (active → bot),
 * cancel by the customer (queued|offered → bot) and abandon by a timer (any → bot).
 * "bot" means: no case. Every transition is one atomic store operation with a compare-and-set
 * on state and `version` (a fencing token), so two processes or two agents can never both own it.
 */

export type HandoffState = 'queued' | 'offered' | 'active';

export type HandoffReason = 'customer-asked' | 'not-understood' | 'complaint' | 'vip' | 'dialog' | 'transfer';

export type Presence = 'online' | 'away' | 'offline';

export interface HandoffCase {
  /** `${channelId}:${conversationId}`, the same key the ingress and transcripts use. */
  key: string;
  state: HandoffState;
  /** +1 on every transition; a caller acting on an older version is refused (fencing). */
  version: number;
  reason: HandoffReason;
  language: string;
  /**
   * Skills an agent must all have (empty: anyone). While nobody with them is online the case goes to
   * anyone suitable (the desk says so); while they are online but busy it waits for them.
   */
  skills: string[];
  /** Skills to prefer: an agent with them first; anyone suitable when nobody with them is free. */
  preferredSkills?: string[];
  vip: boolean;
  customer: CustomerRef;
  /** Who the customer is across conversations (`${channelId}:${userId}` or a linked identity). */
  customerKey: string;
  /** botbuilder ConversationReference, to message the customer outside a turn. */
  reference: Record<string, unknown>;
  /** What the bot's dialogs learned (e.g. orderNumber). */
  collected: Record<string, string>;
  /** A transfer note from the previous agent. */
  note?: string;
  /** When the case was opened (ms); kept through declines, expiries and transfers. */
  openedAt: number;
  /** When it last entered the queue (ms). */
  queuedAt: number;
  /** Offer this agent first until `preferUntil` (the customer's previous agent, or a transfer target). */
  preferredAgentId?: string;
  preferUntil?: number;
  /** The customer chose to wait for the preferred agent even while they are away. */
  waitsForPreferred?: boolean;
  offeredTo?: string;
  offerDeadline?: number;
  /** The owner while active. */
  agentId?: string;
  acceptedAt?: number;
  /** Agents who declined or let an offer expire: not offered again while others can take it. */
  declinedBy: string[];
}

/** The agent the customer chose to wait for (pressed "Wait for Bram"), while that choice lasts; else undefined. */
export function waitsFor(c: Pick<HandoffCase, 'waitsForPreferred' | 'preferredAgentId' | 'preferUntil'>, now: number): string | undefined {
  return c.waitsForPreferred && c.preferredAgentId && c.preferUntil !== undefined && now < c.preferUntil ? c.preferredAgentId : undefined;
}

/** What a request for a person opens a case with. */
export type NewCase = Omit<
  HandoffCase,
  'state' | 'version' | 'openedAt' | 'queuedAt' | 'offeredTo' | 'offerDeadline' | 'agentId' | 'acceptedAt' | 'declinedBy' | 'waitsForPreferred'
>;

/** An agent as the router sees them: static profile from agents.yaml plus live presence and load. */
export interface AgentState {
  id: string;
  presence: Presence;
  /** Chats offered to or owned by this agent right now; an offer reserves a slot. */
  load: number;
  maxChats: number;
  languages: string[];
  skills: string[];
  /** When the agent last had a slot freed or came online (ms): longest idle is offered first. */
  lastFreeAt: number;
  /** Offers in a row that expired unanswered; two make the agent `away`. */
  missedOffers: number;
}

export interface AgentProfile {
  id: string;
  maxChats: number;
  languages: string[];
  skills: string[];
}

export type RefusalReason = 'not-found' | 'stale' | 'wrong-state' | 'not-owner' | 'agent-unavailable' | 'unknown-agent';

export type Transition =
  | { ok: true; /** The case after the transition; undefined when it went back to the bot. */ case?: HandoffCase; previous: HandoffCase }
  | { ok: false; reason: RefusalReason; current?: HandoffCase };

export type ClosedHow = 'handed-back' | 'resolved' | 'cancelled' | 'abandoned';

/**
 * `agent-idle`: the customer has waited this long for the owner's reply. `shift-end`: an agent's
 * working hours are over (key `agent:<id>`, version 0). `unanswered`: a customer message has waited
 * this long for any reply (version: when that waiting stretch began, see unanswered.ts).
 */
export type TimerKind = 'offer-expiry' | 'customer-idle' | 'queue-timeout' | 'prefer-expiry' | 'agent-idle' | 'shift-end' | 'unanswered';

export interface Timer {
  kind: TimerKind;
  key: string;
  /** The case version the timer was set for; a later transition makes it void. */
  version: number;
  at: number;
}

/** A finished handoff, kept so the next agent sees the customer's earlier conversations. */
export interface HistoryEntry {
  /** The conversation key (its transcript has the messages). */
  key: string;
  channelId: string;
  agentId?: string;
  reason: HandoffReason;
  how: ClosedHow;
  openedAt: number;
  closedAt: number;
}

export interface AuditEntry {
  id: string;
  key: string;
  /** `open`, `offer`, `accept`, `decline`, `expire`, `claim`, `transfer`, `hand-back`, `resolve`, `cancel`, `abandon`. */
  action: string;
  from: HandoffState | 'bot';
  to: HandoffState | 'bot';
  version: number;
  agentId?: string;
  at: number;
  detail?: string;
}

export interface OfferOptions {
  /** Offer even to an agent in `declinedBy` (the router found nobody else free, see rankAgents). */
  allowDeclined?: boolean;
}

/**
 * The store port. Redis (production, shared by processes) and memory (one process) implement it and
 * pass one contract suite. Each method that changes a case is atomic and checks `version`.
 */
export interface HandoffStore {
  /** Upserts agents' static profiles; keeps their presence and load. */
  syncAgents(profiles: AgentProfile[], now: number): Promise<void>;
  /** Going online resets missed offers and starts the idle clock. Unknown agent: undefined. */
  setPresence(agentId: string, presence: Presence, now: number): Promise<AgentState | undefined>;
  agents(): Promise<AgentState[]>;

  get(key: string): Promise<HandoffCase | undefined>;
  /** bot → queued. If a case is already open for `key`, returns it with created=false. */
  open(c: NewCase, now: number): Promise<{ case: HandoffCase; created: boolean }>;
  /** queued → offered(agent): the agent must be online, under capacity and not have declined it. Schedules offer expiry at `deadline`. */
  offer(key: string, version: number, agentId: string, deadline: number, now: number, options?: OfferOptions): Promise<Transition>;
  /** offered(agent) → active(agent). */
  accept(key: string, version: number, agentId: string, now: number): Promise<Transition>;
  /** offered(agent) → queued; the agent's slot is freed. */
  decline(key: string, version: number, agentId: string, now: number): Promise<Transition>;
  /** offered → queued when the deadline passed; counts a missed offer (two in a row: away). */
  expireOffer(key: string, version: number, now: number): Promise<Transition>;
  /** queued → active(agent) directly (the agent picks it from the queue). */
  claim(key: string, version: number, agentId: string, now: number): Promise<Transition>;
  /** active(from) → queued, preferring `toAgentId` (if given) until `preferUntil`. */
  transfer(key: string, version: number, fromAgentId: string, toAgentId: string | undefined, note: string | undefined, preferUntil: number, now: number): Promise<Transition>;
  /** queued → queued, offered only to `agentId` until `until` even while they are away (the customer chose to wait for them). */
  prefer(key: string, version: number, agentId: string, until: number, now: number): Promise<Transition>;
  /** active(agent) → bot, remembering the agent as this customer's last agent. `how`: handed-back or resolved. */
  release(key: string, version: number, agentId: string, how: 'handed-back' | 'resolved', now: number): Promise<Transition>;
  /** queued|offered → bot: the customer changed their mind. */
  cancel(key: string, version: number, now: number): Promise<Transition>;
  /** any → bot, by a timer or an operator; frees an agent slot if one was held. */
  abandon(key: string, version: number, why: string, now: number): Promise<Transition>;

  /** Queued cases in routing order (VIP boost, then longest waiting), at most `limit`. */
  queue(limit: number): Promise<HandoffCase[]>;
  queueLength(): Promise<number>;
  /** 1-based place in the queue, or undefined when not queued. */
  position(key: string): Promise<number | undefined>;
  /** Cases offered to or owned by this agent. */
  agentCases(agentId: string): Promise<HandoffCase[]>;

  lastAgent(customerKey: string): Promise<string | undefined>;
  /** The agent this person last talked to: this key's last agent, else a linked key's (in byte order). */
  previousAgent(customerKey: string): Promise<string | undefined>;

  /** Records that two customer keys are one person (e.g. their WhatsApp and their web chat); returns everyone linked. */
  linkCustomers(a: string, b: string): Promise<string[]>;
  /** Takes this customer key out of the person it was linked into; returns who is left linked (or [] when it was linked to nobody). */
  unlinkCustomer(customerKey: string): Promise<string[]>;
  /** The customer key and every key linked to it. */
  identities(customerKey: string): Promise<string[]>;
  /** Remembers a finished case for this customer (the newest 20 are kept). */
  addHistory(customerKey: string, entry: HistoryEntry): Promise<void>;
  /** Finished cases of these customer keys, newest first. */
  history(customerKeys: string[], limit: number): Promise<HistoryEntry[]>;
  /** Recent waits from queue to accept (ms), newest first, for an honest estimate. */
  recentWaits(limit: number): Promise<number[]>;

  /** Adds a timer (idempotent per kind+key+version). */
  schedule(timer: Timer): Promise<void>;
  /** Removes and returns timers due at `now`; each is returned to exactly one caller across processes. */
  takeDueTimers(now: number, limit: number): Promise<Timer[]>;

  /** Newest last. */
  audit(limit: number): Promise<AuditEntry[]>;
  /** Closes connections the store opened itself (not the shared Redis client). */
  dispose(): Promise<void>;
}
