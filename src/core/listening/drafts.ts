import type { FaqTeaching } from './types.js';

/**
 * Teaching from a handoff (issue #14 part 3): an agent who resolved a chat the bot did not
 * understand proposes what the bot should answer next time. The proposal waits here, as a draft,
 * until a supervisor accepts (through the ordinary teaching checks), edits or rejects it.
 */
export interface TeachDraft {
  id: string;
  /** The chat key `<channel>:<conversation id>` it was drafted from. */
  conversation: string;
  /** The conversation's language: the one the draft is written in. */
  language: string;
  /** The customer's question, masked. */
  question: string;
  /** The agent's reply it came from. */
  reply: string;
  /** What would be taught; a new entry may lack languages (`missing`) for a supervisor to write. */
  teaching: FaqTeaching;
  /** FAQ languages a new entry still needs before it can be taught. */
  missing: string[];
  /** The inbox row of the question, taken out when the draft is taught. */
  inboxId?: string;
  /** The agent id of who drafted it. */
  by: string;
  at: number;
}

export type NewTeachDraft = Omit<TeachDraft, 'id' | 'at'> & { at?: number };

/** Who resolved a chat from the console, and why it was handed over: the right to draft from it. */
export interface ResolvedChat {
  conversation: string;
  agentId: string;
  reason: string;
  language: string;
  at: number;
}

/** Drafts are kept until decided; a resolution is a right to draft for this long. */
export const RESOLVED_KEEP_MS = 7 * 86_400_000;
/** At most this many drafts wait; past it the oldest go (a desk that never decides should not grow Redis). */
export const MAX_DRAFTS = 500;

export interface TeachDraftStore {
  add(draft: NewTeachDraft): Promise<TeachDraft>;
  /** Oldest first. */
  list(): Promise<TeachDraft[]>;
  get(id: string): Promise<TeachDraft | undefined>;
  /** Takes a draft out (accepted or rejected): true for exactly one caller. */
  remove(id: string): Promise<boolean>;
  resolved(chat: ResolvedChat): Promise<void>;
  resolutionOf(conversation: string): Promise<ResolvedChat | undefined>;
}
