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
  const pool = speaks.length ? speaks : free;
  const skillScore = (a: AgentState) => c.skills.filter((s) => a.skills.includes(s)).length;
  return [...pool].sort(
    (a, b) =>
      Number(c.declinedBy.includes(a.id)) - Number(c.declinedBy.includes(b.id)) ||
      skillScore(b) - skillScore(a) ||
      a.load / a.maxChats - b.load / b.maxChats ||
      a.lastFreeAt - b.lastFreeAt ||
      a.id.localeCompare(b.id),
  );
}

/** An honest wait estimate (ms) for place `position`: the median of recent waits, scaled by place. */
export function estimateWait(position: number, recentWaits: number[], onlineSlots: number): number | undefined {
  if (recentWaits.length < 3) return undefined;
  const sorted = [...recentWaits].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const parallel = Math.max(1, onlineSlots);
  return Math.round(median * Math.max(1, Math.ceil(position / parallel)));
}
