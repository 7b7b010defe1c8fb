/**
 * The listening loop (issue #14): what the bot could not answer is kept, grouped, and taught from
 * the desk. These are the ports; the stores live next to this file, the FAQ side in src/dialogs/faq
 * and the entry (src/wiring/listening.ts) wires the two.
 */

/** Why a question is in the inbox: the bot abstained, or the customer said its answer did not help. */
export type UnansweredReason = 'abstained' | 'not-helpful';

export interface UnansweredAsked {
  /** What the customer wrote; masked (phone numbers, e-mail addresses) before it is stored. */
  text: string;
  language: string;
  /** The channel id (webchat, telegram, …). */
  channel: string;
  /** The chat key `<channel>:<conversation id>`, so the desk can open the conversation. */
  conversation: string;
  reason: UnansweredReason;
  /** The FAQ entry whose answer did not help (reason `not-helpful`). */
  entryId?: string;
  /** ms since the epoch; default now. */
  at?: number;
}

/** One row of the inbox: every way of asking one question, counted. */
export interface UnansweredQuestion {
  id: string;
  /** The first phrasing asked, masked. */
  text: string;
  language: string;
  /** The grouping key (the FAQ matcher's normalised words): equal or similar keys are one row. */
  key: string;
  count: number;
  channels: string[];
  reasons: Partial<Record<UnansweredReason, number>>;
  firstAt: number;
  lastAt: number;
  /** The most recent conversations it was asked in, newest first (at most MAX_CONVERSATIONS). */
  conversations: string[];
  /** A few other phrasings (masked), newest first. */
  phrasings: string[];
  /** The FAQ entries whose answers customers said did not help with it, newest first (at most MAX_ENTRIES). */
  entries?: string[];
}

export const MAX_CONVERSATIONS = 5;
export const MAX_PHRASINGS = 5;
export const MAX_ENTRIES = 5;

export interface UnansweredInbox {
  /** Counts the question in its group (or starts one); returns the row. The `record()` port of the not-helpful button. */
  record(asked: UnansweredAsked): Promise<UnansweredQuestion>;
  /** Rows sorted by count (most asked first), then most recent. */
  list(options?: { language?: string; limit?: number }): Promise<UnansweredQuestion[]>;
  get(id: string): Promise<UnansweredQuestion | undefined>;
  /** Takes a row out (taught or ignored). False when it was not there. */
  remove(id: string): Promise<boolean>;
}

/** How questions are grouped: supplied by the FAQ matcher's normalisation (src/dialogs/faq/question-key.ts). */
export interface QuestionGrouping {
  keyOf(text: string, language: string): string;
  /** True when two keys ask the same question. */
  same(a: string, b: string): boolean;
}

/** How long the inbox keeps rows and how many (balie.yaml `listening`). */
export interface InboxRetention {
  keepDays: number;
  maxQuestions: number;
}

/** One thing taught from the desk, applied over the FAQ files until exported into them. */
export type FaqTeaching =
  { kind: 'phrasing'; entryId: string; language: string; question: string } | { kind: 'entry'; entryId: string; texts: Record<string, { question: string; answer: string }> };

export type TaughtFaq = FaqTeaching & {
  /** 1, 2, 3, … in the order taught: the overlay's version is the last one's. */
  version: number;
  /** The agent id of who taught it. */
  by: string;
  /** Taught from an agent's draft after a handoff: who drafted it (`by` accepted it). */
  draftedBy?: string;
  at: number;
};

/** The FAQ overlay: versioned, shared by every process on the same Redis. */
export interface FaqOverlayStore {
  list(): Promise<TaughtFaq[]>;
  add(teaching: FaqTeaching, by: string, at?: number, draftedBy?: string): Promise<TaughtFaq>;
  /** Calls `changed` when any process adds to the overlay; returns the unsubscribe function. */
  watch(changed: () => void): Promise<() => Promise<void>>;
  /** Empties the overlay (after `faq:export` wrote it into the files). */
  clear(): Promise<void>;
}

/** A suggestion for an inbox row: an FAQ entry that comes close. */
export interface FaqSuggestion {
  entryId: string;
  /** The entry's first question, to recognise it by. */
  question: string;
  score: number;
}

/** What the desk asks the FAQ (a port the entry wires to the live FAQ). */
export interface FaqTeacher {
  languages(): string[];
  entries(language: string): { id: string; question: string }[];
  suggestions(text: string, language: string): FaqSuggestion[];
  /** The problems (`check:faq` errors) the teaching would add; empty when it is fine. */
  problemsWith(teaching: FaqTeaching): Promise<string[]>;
  /** Stores the teaching and rebuilds the matcher in every process. */
  teach(teaching: FaqTeaching, by: string, draftedBy?: string): Promise<TaughtFaq>;
}

/** How often one FAQ entry's answer helped, by the customers' "Did this help?" answers. */
export interface EntryHelpfulness {
  entryId: string;
  yes: number;
  no: number;
}

/** Per-entry yes/no counts of the "Did this help?" question (issue #14 part 4). */
export interface FaqHelpfulnessStore {
  record(entryId: string, helpful: boolean): Promise<void>;
  /** Every entry asked about, the least helpful first (share of yes, then most no). */
  list(): Promise<EntryHelpfulness[]>;
}

export function leastHelpfulFirst(a: EntryHelpfulness, b: EntryHelpfulness): number {
  const share = (e: EntryHelpfulness) => e.yes / (e.yes + e.no || 1);
  return share(a) - share(b) || b.no - a.no || a.entryId.localeCompare(b.entryId);
}
