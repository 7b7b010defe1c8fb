import type { UnansweredInbox } from '../../core/listening/types.js';
import { maskPersonal } from '../../core/logger.js';
import type { TranscriptEntry } from '../../core/storage/transcript.js';

/** What the console prefills "Should the bot answer this next time?" with. */
export interface TeachPrefill {
  question: string;
  reply: string;
  /** The inbox row of the question, when the bot recorded it there. */
  inboxId?: string;
}

// A reply of a few words ("Hi Anna!", "One moment") greets or stalls; the answer comes after it.
const SUBSTANTIVE_WORDS = 4;
// How far back the transcript is read: a chat the bot did not understand is short before the agent's answer.
const READ_ENTRIES = 300;
const MAX_QUESTION = 300;

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;

/**
 * The question the bot did not understand and the agent's answer to it. The question is the bot's
 * own record in the inbox when it still lists this chat (the exact message it abstained on);
 * otherwise the longest thing the customer wrote before an agent answered ("yes" to the offer of a
 * person is short). Masked as the inbox masks it. Undefined when there is nothing to teach from.
 */
export async function prefillFrom(
  deps: { transcripts: { list(key: string, options?: { limit?: number }): Promise<TranscriptEntry[]> }; inbox: UnansweredInbox },
  conversation: string,
  language: string,
  notUnderstood: boolean,
): Promise<TeachPrefill | undefined> {
  const entries = await deps.transcripts.list(conversation, { limit: READ_ENTRIES });
  const firstAgent = entries.findIndex((e) => e.role === 'agent' && e.text?.trim());
  const before = (firstAgent < 0 ? entries : entries.slice(0, firstAgent)).filter((e) => e.role === 'customer' && e.text?.trim());
  const asked = before.map((e) => maskPersonal(e.text!.trim()).slice(0, MAX_QUESTION));
  const rows = (await deps.inbox.list({ language })).filter((r) => r.conversations.includes(conversation));
  const row = rows.find((r) => asked.includes(r.text) || r.phrasings.some((p) => asked.includes(p))) ?? rows[0];
  if (!row && !notUnderstood) return undefined;
  const question = row?.text ?? asked.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (!question) return undefined;
  const replies = entries.filter((e) => e.role === 'agent' && e.text?.trim()).map((e) => e.text!.trim());
  const reply = replies.find((r) => words(r) >= SUBSTANTIVE_WORDS && !r.endsWith('?')) ?? replies[0] ?? '';
  return { question, reply, ...(row ? { inboxId: row.id } : {}) };
}
