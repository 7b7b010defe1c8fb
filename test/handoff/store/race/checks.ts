import type { AgentProfile, AuditEntry, HandoffStore } from '../../../../src/handoff/types.js';
import type { PresenceCall } from './driver.js';

/**
 * Invariants on a quiet store: each case has at most one holder (and the right one), an agent's
 * load is the number of cases it holds and never above maxChats, the queue holds exactly the
 * queued cases. Returns what is wrong (empty when all is well).
 */
export async function checkInvariants(stores: HandoffStore[], profiles: AgentProfile[], keys: string[]): Promise<string[]> {
  const problems: string[] = [];
  const s = (i: number) => stores[i % stores.length]!;
  const agents = await s(0).agents();
  const holders = new Map<string, string[]>();
  await Promise.all(
    agents.map(async (a, i) => {
      const profile = profiles.find((p) => p.id === a.id)!;
      if (a.load > profile.maxChats) problems.push(`${a.id} holds ${a.load} > maxChats ${profile.maxChats}`);
      const held = await s(i).agentCases(a.id);
      if (held.length !== a.load) problems.push(`${a.id} load ${a.load} but holds ${held.length} cases`);
      for (const c of held) {
        holders.set(c.key, [...(holders.get(c.key) ?? []), a.id]);
        const holder = c.state === 'active' ? c.agentId : c.offeredTo;
        if (holder !== a.id) problems.push(`${a.id} lists ${c.key}, which is ${c.state} for ${holder}`);
      }
    }),
  );
  const cases = await Promise.all(keys.map((k, i) => s(i).get(k)));
  let queued = 0;
  for (const [i, c] of cases.entries()) {
    const held = holders.get(keys[i]!) ?? [];
    if (held.length > 1) problems.push(`${keys[i]} held by ${held.join(', ')}`);
    if (!c) {
      if (held.length) problems.push(`${keys[i]} is closed but held by ${held.join(', ')}`);
      continue;
    }
    if (c.state === 'active' && (c.agentId === undefined || held[0] !== c.agentId || c.offeredTo !== undefined))
      problems.push(`${c.key} active for ${c.agentId}, held by [${held}]`);
    if (c.state === 'offered' && (c.offeredTo === undefined || held[0] !== c.offeredTo || c.agentId !== undefined))
      problems.push(`${c.key} offered to ${c.offeredTo}, held by [${held}]`);
    if (c.state === 'queued') {
      queued++;
      if (held.length || c.agentId !== undefined || c.offeredTo !== undefined) problems.push(`${c.key} queued but held by [${held}]`);
      if ((await s(i).position(c.key)) === undefined) problems.push(`${c.key} queued but not in the queue`);
    }
  }
  const length = await s(1).queueLength();
  if (length !== queued) problems.push(`queue length ${length}, queued cases ${queued}`);
  return problems;
}

type Id = [number, number];
const parseId = (id: string): Id => {
  const [ms, seq] = id.split('-').map(Number);
  return [ms!, seq!];
};
const cmp = (a: Id, b: Id) => a[0] - b[0] || a[1] - b[1];

export interface Replay {
  problems: string[];
  /** Offers and claims checked against the agent's presence at that moment. */
  slotsTaken: number;
  closedBy: Record<string, number>;
}

const CLOSING = new Set(['hand-back', 'resolve', 'cancel', 'abandon']);

/**
 * Replays the audit stream, which is the order in which the transitions really ran, and checks it
 * as a state machine: each entry starts where the last one for its case ended, versions go up by
 * one, only the holder acts, no agent ever holds more than maxChats, and no offer or claim reached
 * an agent who was provably offline or away at that moment (set so by `setPresence`, or made away
 * by two missed offers, with no possible "online" in between).
 */
export function replayAudit(entries: AuditEntry[], profiles: AgentProfile[], presenceCalls: PresenceCall[]): Replay {
  const problems: string[] = [];
  const maxChats = new Map(profiles.map((p) => [p.id, p.maxChats]));
  const load = new Map<string, number>();
  const cases = new Map<string, { state: string; version: number; holder?: string; last: string }>();
  const taken: { id: Id; agentId: string; key: string }[] = [];
  const awayAt = new Map<string, Id[]>();
  const closedBy: Record<string, number> = {};

  for (const e of entries) {
    const c = cases.get(e.key) ?? { state: 'bot', version: 0, last: '' };
    const where = `${e.id} ${e.action} ${e.key}`;
    if (e.from !== c.state) problems.push(`${where}: from ${e.from}, but the case was ${c.state}`);
    if (e.version !== (e.action === 'open' ? 1 : c.version + 1)) problems.push(`${where}: version ${e.version} after ${c.version}`);
    const take = () => {
      if (c.holder) problems.push(`${where}: already held by ${c.holder}`);
      c.holder = e.agentId!;
      const n = (load.get(c.holder) ?? 0) + 1;
      load.set(c.holder, n);
      if (n > (maxChats.get(c.holder) ?? 0)) problems.push(`${where}: ${c.holder} now holds ${n} > ${maxChats.get(c.holder)}`);
      taken.push({ id: parseId(e.id), agentId: c.holder, key: e.key });
    };
    const give = () => {
      if (e.agentId !== c.holder) problems.push(`${where}: by ${e.agentId}, but the holder is ${c.holder}`);
      if (c.holder) load.set(c.holder, load.get(c.holder)! - 1);
      c.holder = undefined;
    };
    if (e.action === 'offer' || e.action === 'claim') take();
    else if (e.action === 'accept' && e.agentId !== c.holder) problems.push(`${where}: accepted by ${e.agentId}, offered to ${c.holder}`);
    else if (['decline', 'expire', 'transfer', ...CLOSING].includes(e.action)) give();
    if (e.action === 'expire' && e.detail === 'agent-away') awayAt.set(e.agentId!, [...(awayAt.get(e.agentId!) ?? []), parseId(e.id)]);
    if (CLOSING.has(e.action)) closedBy[e.action] = (closedBy[e.action] ?? 0) + 1;
    Object.assign(c, { state: e.to, version: e.version, last: e.action });
    cases.set(e.key, c);
  }
  for (const [key, c] of cases) if (c.state !== 'bot' || !CLOSING.has(c.last)) problems.push(`${key} ended ${c.state} after ${c.last}`);
  for (const [agentId, n] of load) if (n !== 0) problems.push(`${agentId} still holds ${n} at the end`);

  // Presence: the setPresence call ran after its `before` entry and before any entry after its `after`.
  const calls = presenceCalls.map((p) => ({ ...p, b: parseId(p.before), a: parseId(p.after) }));
  for (const t of taken) {
    const online = calls.filter((q) => q.agentId === t.agentId && q.presence === 'online');
    // An "online" that may have run between `since` (exclusive) and the offer.
    const maybeOnlineSince = (since: Id) => online.some((q) => !(cmp(q.a, since) < 0) && cmp(q.b, t.id) < 0);
    const wentAway = [
      ...calls.filter((p) => p.agentId === t.agentId && p.presence !== 'online' && cmp(p.a, t.id) < 0).map((p) => ({ since: p.b, why: `set ${p.presence}` })),
      ...(awayAt.get(t.agentId) ?? []).filter((id) => cmp(id, t.id) < 0).map((id) => ({ since: id, why: 'two missed offers' })),
    ];
    for (const w of wentAway) {
      if (!maybeOnlineSince(w.since)) problems.push(`${t.key} went to ${t.agentId} at ${t.id.join('-')} while ${w.why}`);
    }
  }
  return { problems, slotsTaken: taken.length, closedBy };
}
