import type { AgentState, AuditEntry, HandoffCase, NewCase, Timer, TimerKind } from '../types.js';
import { TIMER_KINDS } from './limits.js';

/**
 * A case with its fields in one order and no `undefined` members, as both stores hand it out.
 * `copy: false` when `c` is already private (just parsed), to skip copying its nested values.
 */
export function tidyCase(c: HandoffCase, copy = true): HandoffCase {
  // Only the defined fields are assigned: deleting the undefined ones afterwards turned every
  // case object into a slow dictionary-mode object (a tenth of the handoff benchmark's CPU).
  const out = {} as Record<string, unknown>;
  for (const k of CASE_FIELDS) {
    const v = c[k];
    if (v !== undefined) out[k] = copy ? copyField(k, v) : v;
  }
  const customer = out.customer as HandoffCase['customer'];
  if (customer.name === undefined && 'name' in customer) out.customer = withoutName(customer);
  return out as unknown as HandoffCase;
}

const CASE_FIELDS = [
  'key',
  'state',
  'version',
  'reason',
  'language',
  'skills',
  'preferredSkills',
  'vip',
  'customer',
  'customerKey',
  'reference',
  'collected',
  'note',
  'openedAt',
  'queuedAt',
  'preferredAgentId',
  'preferUntil',
  'waitsForPreferred',
  'offeredTo',
  'offerDeadline',
  'agentId',
  'acceptedAt',
  'declinedBy',
] as const satisfies readonly (keyof HandoffCase)[];

function copyField(k: (typeof CASE_FIELDS)[number], v: unknown): unknown {
  switch (k) {
    case 'skills':
    case 'preferredSkills':
    case 'declinedBy':
      return [...(v as string[])];
    case 'customer':
    case 'collected':
      return { ...(v as object) };
    case 'reference':
      return structuredClone(v);
    default:
      return v;
  }
}

function withoutName(customer: HandoffCase['customer']): HandoffCase['customer'] {
  const { name: _name, ...rest } = customer;
  return rest;
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
