import type { AgentState, HandoffCase } from './types.js';

export interface RankOptions {
  now: number;
}

/**
 * The agents a queued case may be offered to, best first. Never an agent who is not online or has
 * no free slot. A preferred agent (the customer's previous person, or a transfer target) is the
 * only candidate while the preference lasts and they can take it; otherwise agents who speak the
 * customer's language, then those with the needed skills, then the least busy, then the longest idle.
 * Agents who already declined come last, so a case is not stuck when only they are free.
 */
export function rankAgents(c: HandoffCase, agents: AgentState[], { now }: RankOptions): AgentState[] {
  const free = agents.filter((a) => a.presence === 'online' && a.load < a.maxChats);
  if (c.preferredAgentId && c.preferUntil !== undefined && now < c.preferUntil) {
    const preferred = free.find((a) => a.id === c.preferredAgentId);
    // Waiting for the preferred person: nobody else yet. When they are away the customer is asked
    // whether to keep waiting; without an answer the preference simply runs out.
    return preferred ? [preferred] : [];
  }
  const speaks = free.filter((a) => a.languages.includes(c.language));
  let pool = speaks.length ? speaks : free;
  if (c.skills.length) {
    const able = pool.filter((a) => hasAll(a, c.skills));
    // Someone with the required skills is online but busy: the case waits for them.
    if (!able.length && agents.some((a) => a.presence === 'online' && hasAll(a, c.skills))) return [];
    if (able.length) pool = able;
  }
  const preferred = c.preferredSkills ?? [];
  const skillScore = (a: AgentState) => preferred.filter((s) => a.skills.includes(s)).length;
  return [...pool].sort(
    (a, b) =>
      Number(c.declinedBy.includes(a.id)) - Number(c.declinedBy.includes(b.id)) ||
      skillScore(b) - skillScore(a) ||
      a.load / a.maxChats - b.load / b.maxChats ||
      a.lastFreeAt - b.lastFreeAt ||
      a.id.localeCompare(b.id),
  );
}

function hasAll(agent: AgentState, skills: string[]): boolean {
  return skills.every((s) => agent.skills.includes(s));
}

/**
 * Why a case is routed the way it is, for the desk's queue (undefined when it wants no skills or
 * has, or may soon get, an agent with them): "nobody with complaints is free, so anyone suitable may take it".
 */
export function routingNote(c: HandoffCase, agents: AgentState[]): string | undefined {
  const wanted = [...c.skills, ...(c.preferredSkills ?? [])];
  if (!wanted.length) return undefined;
  const owner = c.agentId ?? c.offeredTo;
  const ownerState = owner ? agents.find((a) => a.id === owner) : undefined;
  if (ownerState && wanted.every((s) => ownerState.skills.includes(s))) return undefined;
  const list = wanted.join(', ');
  if (c.skills.length && !owner) {
    const online = agents.some((a) => a.presence === 'online' && hasAll(a, c.skills));
    if (online) return `waits for someone with ${c.skills.join(', ')}: all of them are busy`;
    return `nobody with ${c.skills.join(', ')} is online, so anyone suitable may take it`;
  }
  if (owner) return `wants ${list}; nobody with ${list} was free, so it went to anyone suitable`;
  const free = agents.some((a) => a.presence === 'online' && a.load < a.maxChats && hasAll(a, wanted));
  return free ? undefined : `wants ${list}; nobody with ${list} is free, so anyone suitable may take it`;
}

/** An honest wait estimate (ms) for place `position`: the median of recent waits, scaled by place. */
export function estimateWait(position: number, recentWaits: number[], onlineSlots: number): number | undefined {
  if (recentWaits.length < 3) return undefined;
  const sorted = [...recentWaits].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const parallel = Math.max(1, onlineSlots);
  return Math.round(median * Math.max(1, Math.ceil(position / parallel)));
}
