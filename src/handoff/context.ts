import type { AgentConfig } from '../config.js';
import type { HandoffSkills } from '../config-files.js';
import { BalieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { EventBus } from '../core/storage/event-bus.js';
import type { Translator } from '../core/i18n.js';
import type { HandoffMetrics } from './metrics.js';
import type { CustomerMessenger } from './ports.js';
import { createMemoryFiguresStore, type HandoffFiguresStore } from './figures.js';
import { createMemorySatisfactionStore, type SatisfactionStore } from './satisfaction.js';
import { createMemoryUnansweredStore, type UnansweredStore } from './unanswered-store.js';
import type { ClosedHow, HandoffCase, HandoffStore, NewCase, HandoffReason, Transition } from './types.js';

export interface HandoffSettings {
  /** How long an agent has to accept an offer. */
  offerTimeoutMs: number;
  /** How long a returning customer waits for their previous agent before anyone suitable is asked. */
  preferPreviousMs: number;
  /** An active chat the customer has not written in for this long is resolved. */
  customerIdleMs: number;
  /** A customer waiting this long for the owner's reply triggers a reminder on the desk. */
  agentIdleMs: number;
  /** A customer message without any reply for this long gets the customer a promise and the desk a reminder (unanswered.ts). */
  unansweredAfterMs: number;
  /** How often this process looks at due timers. */
  tickMs: number;
  /** Skills a handoff wants, by reason, dialog and FAQ tag (balie.yaml `handoff.skills`). */
  skills: HandoffSkills;
  /** IANA zone in which the supervisor's "today" starts (balie.yaml `handoff.timeZone`); undefined: the server's. */
  timeZone?: string;
}

export const defaultHandoffSettings: HandoffSettings = {
  offerTimeoutMs: 60_000,
  preferPreviousMs: 120_000,
  customerIdleMs: 30 * 60_000,
  agentIdleMs: 5 * 60_000,
  unansweredAfterMs: 10 * 60_000,
  tickMs: 250,
  skills: { reasons: {}, dialogs: {}, tags: {} },
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
  /** Customers' ratings, shared by every process (default: in memory). */
  satisfaction?: SatisfactionStore;
  /** Customer messages not answered yet, shared by every process (default: in memory). */
  unanswered?: UnansweredStore;
  /** One line per handoff (asked, taken, ended) for the supervisor's figures (default: in memory). */
  figures?: HandoffFiguresStore;
}

export interface HandoffRequest {
  customer: NewCase['customer'];
  reference: Record<string, unknown>;
  reason: HandoffReason;
  language: string;
  collected: Record<string, string>;
  vip?: boolean;
  /** Skills an agent must have, besides those `handoff.skills` adds. */
  skills?: string[];
  /** Skills to prefer, besides those `handoff.skills` adds. */
  preferredSkills?: string[];
  /** The dialog that asked for a person, for `handoff.skills.dialogs`. */
  dialog?: string;
  /** The FAQ topic (tags of the last answered entry), for `handoff.skills.tags`. */
  tags?: string[];
  /** A line for the agent, e.g. from the dialog that asked for a person. */
  note?: string;
}

/**
 * What every part of the handoff service shares: its dependencies, its settings and one clock.
 * Built once per service, so the parts agree on the settings and the agents.
 */
export interface HandoffContext {
  deps: HandoffServiceDeps;
  settings: HandoffSettings;
  now: () => number;
  agentsById: Map<string, AgentConfig>;
  satisfaction: SatisfactionStore;
  unanswered: UnansweredStore;
  figures: HandoffFiguresStore;
}

export function createHandoffContext(deps: HandoffServiceDeps): HandoffContext {
  return {
    deps,
    settings: { ...defaultHandoffSettings, ...deps.settings },
    now: deps.now ?? Date.now,
    agentsById: new Map(deps.agents.map((a) => [a.id, a])),
    satisfaction: deps.satisfaction ?? createMemorySatisfactionStore(),
    unanswered: deps.unanswered ?? createMemoryUnansweredStore(),
    figures: deps.figures ?? createMemoryFiguresStore(),
  };
}

/** How the customer hears of an agent: by first name, the way people introduce themselves in a chat. */
export function firstNameOf(ctx: HandoffContext, agentId: string): string {
  return ctx.agentsById.get(agentId)?.name.split(' ')[0] ?? agentId;
}

export async function mustFind(ctx: HandoffContext, key: string): Promise<HandoffCase> {
  const c = await ctx.deps.store.get(key);
  if (!c) throw new BalieError('NOT_FOUND', `no open handoff for ${key}`);
  return c;
}

/** A refused transition becomes an error whose code the HTTP layer maps to the right status. */
export function ensure(result: Transition, action: string): Extract<Transition, { ok: true }> {
  if (result.ok) return result;
  const code = result.reason === 'not-found' ? 'NOT_FOUND' : result.reason === 'not-owner' ? 'FORBIDDEN' : 'HANDOFF_CONFLICT';
  throw new BalieError(code, `cannot ${action}: ${result.reason}${result.current ? ` (the chat is ${result.current.state})` : ''}`);
}

/** The customer's history, so the desk can show earlier conversations and route them back to their person. */
export async function remember(ctx: HandoffContext, c: HandoffCase, how: ClosedHow, agentId?: string): Promise<void> {
  await ctx.deps.store.addHistory(c.customerKey, { key: c.key, channelId: c.customer.channelId, agentId, reason: c.reason, how, openedAt: c.openedAt, closedAt: ctx.now() });
}

/** A figure for the supervisor's report; the transition already happened, so a failed write is logged, not thrown. */
export async function recordFigure(ctx: HandoffContext, what: string, op: (figures: HandoffFiguresStore) => Promise<void>): Promise<void> {
  try {
    await op(ctx.figures);
  } catch (err) {
    ctx.deps.logger.error({ err, code: 'STORAGE_UNAVAILABLE' }, `could not record a handoff figure (${what})`);
  }
}
