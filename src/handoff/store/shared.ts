import type { AgentState, AuditEntry, HandoffCase, NewCase, Timer, TimerKind } from '../types.js';
import { TIMER_KINDS } from './limits.js';

/**
 * A case with its fields in one order and no `undefined` members, as both stores hand it out.
 * `copy: false` when `c` is already private (just parsed), to skip copying its nested values.
 */
export function tidyCase(c: HandoffCase, copy = true): HandoffCase {
  const out: HandoffCase = {
    key: c.key,
    state: c.state,
    version: c.version,
    reason: c.reason,
    language: c.language,
    skills: copy ? [...c.skills] : c.skills,
    vip: c.vip,
    customer: copy ? { ...c.customer } : c.customer,
    customerKey: c.customerKey,
    reference: copy ? structuredClone(c.reference) : c.reference,
    collected: copy ? { ...c.collected } : c.collected,
    note: c.note,
    openedAt: c.openedAt,
    queuedAt: c.queuedAt,
    preferredAgentId: c.preferredAgentId,
    preferUntil: c.preferUntil,
    waitsForPreferred: c.waitsForPreferred,
    offeredTo: c.offeredTo,
    offerDeadline: c.offerDeadline,
    agentId: c.agentId,
    acceptedAt: c.acceptedAt,
    declinedBy: copy ? [...c.declinedBy] : c.declinedBy,
  };
  for (const k of Object.keys(out) as (keyof HandoffCase)[]) if (out[k] === undefined) delete out[k];
  if (out.customer.name === undefined) delete out.customer.name;
  return out;
}

/** The case `open` creates: queued, version 1, waiting since `now`. */
export function newCase(c: NewCase, now: number): HandoffCase {
  return tidyCase({ ...c, state: 'queued', version: 1, openedAt: now, queuedAt: now, declinedBy: [] });
}

/** Queue order: VIPs as if they had waited `vipBoostMs` longer, then the longest waiting. */
export function queueScore(c: Pick<HandoffCase, 'queuedAt' | 'vip'>, vipBoostMs: number): number {
  return c.queuedAt - (c.vip ? vipBoostMs : 0);
}

/** Byte order, as Redis sorts equal-score sorted-set members (JS `<` compares UTF-16 units). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The timer's sorted-set member: one per kind+version+key, so scheduling twice is idempotent. */
export function timerMember(t: Pick<Timer, 'kind' | 'version' | 'key'>): string {
  return `${t.kind}|${t.version}|${t.key}`;
}

export function parseTimerMember(member: string, at: number): Timer {
  // The key may itself contain `|`: only the first two separators count.
  const first = member.indexOf('|');
  const second = member.indexOf('|', first + 1);
  const kind = member.slice(0, first) as TimerKind;
  if (!TIMER_KINDS.includes(kind as (typeof TIMER_KINDS)[number])) throw new Error(`unknown handoff timer kind in "${member}"`);
  return { kind, version: Number(member.slice(first + 1, second)), key: member.slice(second + 1), at };
}

export function sortAgents(agents: AgentState[]): AgentState[] {
  return agents.sort((a, b) => compareBytes(a.id, b.id));
}

/** An agent's cases, oldest first. */
export function sortCases(cases: HandoffCase[]): HandoffCase[] {
  return cases.sort((a, b) => a.openedAt - b.openedAt || compareBytes(a.key, b.key));
}

export type AuditInput = Omit<AuditEntry, 'id'>;
