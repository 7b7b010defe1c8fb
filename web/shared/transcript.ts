// A conversation's transcript entries as the server sends them (to the web chat and the desk).
// The shape of src/core/storage/transcript.ts, read defensively: it came over the wire.

export interface Attachment {
  contentType?: string;
  contentUrl?: string;
  name?: string;
}

export interface SuggestedAction {
  title: string;
  value?: string;
}

export interface TranscriptEntry {
  /** `<ms>-<seq>`: ordered and unique within the conversation. */
  id: string;
  direction?: 'in' | 'out';
  role?: 'customer' | 'bot' | 'agent';
  from?: { id?: string; name?: string; avatarUrl?: string };
  text?: string;
  attachments?: Attachment[];
  suggestedActions?: SuggestedAction[];
  timestamp?: string;
  /** On the handoff's notices: who helps the customer from here on (null: the bot again). */
  owner?: { id?: string; name?: string; avatarUrl?: string } | null;
}

export type Role = 'customer' | 'bot' | 'agent';

/** Who wrote an entry, as the pages show it. */
export function roleOf(entry: { role?: string; direction?: string }): Role {
  if (entry.role === 'agent') return 'agent';
  if (entry.role === 'customer' || entry.direction === 'in') return 'customer';
  return 'bot';
}

/** Compares `<ms>-<seq>` ids numerically, as the server does. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = String(a).split('-').map(Number);
  const [bm = 0, bs = 0] = String(b).split('-').map(Number);
  return am - bm || as - bs;
}

/** An entry worth showing: an object with a string id. */
export function isEntry(value: unknown): value is TranscriptEntry {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}
