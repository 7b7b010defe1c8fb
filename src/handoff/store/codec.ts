import { BalieError } from '../../core/errors.js';
import type { AgentState, AuditEntry, HandoffCase, HandoffState, Presence } from '../types.js';
import { tidyCase } from './shared.js';

/**
 * How a case is kept in Redis: one JSON string per case (so it can be MGET next to dialog state).
 * Lua scripts decode and re-encode it with cjson, which turns `[]` into `{}` and prints numbers
 * with 14 significant digits. So the fields the scripts change are plain top-level values (times
 * in ms and versions fit in 14 digits), and everything the scripts never touch (customer,
 * reference, collected, language, skills) travels as one opaque JSON string in `body`, which
 * cjson passes through byte for byte.
 */
export const CASE_SHAPE = 1;

interface CaseBody {
  language: string;
  skills: string[];
  preferredSkills?: string[];
  customer: HandoffCase['customer'];
  reference: Record<string, unknown>;
  collected: Record<string, string>;
}

type StoredCase = Omit<HandoffCase, keyof CaseBody | 'declinedBy'> & {
  shape: number;
  body: string;
  /** cjson writes an empty list as `{}`. */
  declinedBy: string[] | Record<string, never>;
};

export function encodeCase(c: HandoffCase): string {
  const { language, skills, preferredSkills, customer, reference, collected, ...top } = c;
  const body: CaseBody = { language, skills, ...(preferredSkills?.length ? { preferredSkills } : {}), customer, reference, collected };
  return JSON.stringify({ shape: CASE_SHAPE, ...top, body: JSON.stringify(body) });
}

/** Reads a stored case; refuses a shape this version of balie does not know (a newer deploy wrote it). */
export function decodeCase(raw: string): HandoffCase {
  const stored = JSON.parse(raw) as StoredCase;
  if (stored.shape !== CASE_SHAPE) {
    throw new BalieError('STORAGE_SHAPE', `handoff case ${stored.key} has stored shape ${stored.shape}; this balie reads shape ${CASE_SHAPE}`);
  }
  const { shape: _shape, body, declinedBy, ...top } = stored;
  return tidyCase({ ...top, ...(JSON.parse(body) as CaseBody), declinedBy: Array.isArray(declinedBy) ? declinedBy : [] }, false);
}

/** An agent from the script's `[HGETALL pairs, load]`. */
export function decodeAgent(pairs: string[], load: number): AgentState {
  const h: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) h[pairs[i]!] = pairs[i + 1]!;
  return {
    id: h.id!,
    presence: (h.presence ?? 'offline') as Presence,
    load,
    maxChats: Number(h.maxChats),
    languages: JSON.parse(h.languages ?? '[]') as string[],
    skills: JSON.parse(h.skills ?? '[]') as string[],
    lastFreeAt: Number(h.lastFreeAt ?? 0),
    missedOffers: Number(h.missedOffers ?? 0),
  };
}

/** A stream entry `[id, [field, value, ...]]` as written by the scripts' `audit()`. */
export function decodeAudit([id, fields]: [string, string[]]): AuditEntry {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const entry: AuditEntry = {
    id,
    key: f.key!,
    action: f.action!,
    from: f.from as HandoffState | 'bot',
    to: f.to as HandoffState | 'bot',
    version: Number(f.version),
    at: Number(f.at),
  };
  if (f.agentId !== undefined) entry.agentId = f.agentId;
  if (f.detail !== undefined) entry.detail = f.detail;
  return entry;
}
