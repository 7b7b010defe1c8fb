import { createHash } from 'node:crypto';
import { maskPersonal } from '../logger.js';
import { MAX_CONVERSATIONS, MAX_ENTRIES, MAX_PHRASINGS, type QuestionGrouping, type UnansweredAsked, type UnansweredQuestion } from './types.js';

/**
 * A row's id follows from its language and key, so the same normalised question asked in two
 * processes at once lands on one row (the Redis script merges it); similar keys are merged by
 * looking at the rows first.
 */
export function rowIdOf(language: string, key: string): string {
  return createHash('sha256').update(`${language}\u0000${key}`).digest('base64url').slice(0, 16);
}

/** Characters of a question that are kept (and grouped on). */
const MAX_TEXT = 500;

/** The masked question and its key, ready to be counted. */
export function prepare(asked: UnansweredAsked, grouping: QuestionGrouping): { text: string; key: string; at: number } {
  // Cut first: a customer may paste 100 kB, and only the start of a question says what it asks.
  const text = maskPersonal(asked.text.trim().slice(0, MAX_TEXT)).slice(0, MAX_TEXT);
  return { text, key: grouping.keyOf(text, asked.language), at: asked.at ?? Date.now() };
}

/** The existing row this question belongs to: the same key, else the first similar one. */
export function groupOf(rows: Iterable<UnansweredQuestion>, language: string, key: string, grouping: QuestionGrouping): UnansweredQuestion | undefined {
  let similar: UnansweredQuestion | undefined;
  for (const row of rows) {
    if (row.language !== language) continue;
    if (row.key === key) return row;
    similar ??= key && row.key && grouping.same(row.key, key) ? row : undefined;
  }
  return similar;
}

/** Adds one asking to a row (a copy), or starts one. Mirrors the Redis script in unanswered-redis.ts. */
export function counted(row: UnansweredQuestion | undefined, asked: UnansweredAsked, text: string, key: string, at: number): UnansweredQuestion {
  if (!row) {
    return {
      id: rowIdOf(asked.language, key),
      text,
      language: asked.language,
      key,
      count: 1,
      channels: [asked.channel],
      reasons: { [asked.reason]: 1 },
      firstAt: at,
      lastAt: at,
      conversations: [asked.conversation],
      phrasings: [],
      ...(asked.entryId ? { entries: [asked.entryId] } : {}),
    };
  }
  const next = structuredClone(row);
  next.count++;
  next.lastAt = Math.max(next.lastAt, at);
  if (!next.channels.includes(asked.channel)) next.channels.push(asked.channel);
  next.reasons[asked.reason] = (next.reasons[asked.reason] ?? 0) + 1;
  next.conversations = [asked.conversation, ...next.conversations.filter((c) => c !== asked.conversation)].slice(0, MAX_CONVERSATIONS);
  if (asked.entryId) next.entries = [asked.entryId, ...(next.entries ?? []).filter((e) => e !== asked.entryId)].slice(0, MAX_ENTRIES);
  if (text !== next.text && !next.phrasings.includes(text)) next.phrasings = [text, ...next.phrasings].slice(0, MAX_PHRASINGS);
  return next;
}

export function byCount(a: UnansweredQuestion, b: UnansweredQuestion): number {
  return b.count - a.count || b.lastAt - a.lastAt;
}
