import { conversationTag } from '../inbox.js';
import type { RedisClient } from '../redis/slots.js';

/** One line of a conversation as people saw it: what the customer wrote, what the bot or an agent answered. */
export interface TranscriptEntry {
  /** Ordered, unique within the conversation; usable as an SSE event id. */
  id: string;
  direction: 'in' | 'out';
  /** `customer`, `bot` or `agent`. */
  role: 'customer' | 'bot' | 'agent';
  from: { id: string; name?: string; avatarUrl?: string };
  text?: string;
  attachments?: { contentType: string; contentUrl?: string; name?: string }[];
  suggestedActions?: { title: string; value: string }[];
  timestamp: string;
  /** Set on the handoff's notices when who helps the customer changes: the person, or null for the bot again. */
  owner?: { id: string; name: string; avatarUrl?: string } | null;
}

export type NewTranscriptEntry = Omit<TranscriptEntry, 'id'>;

export interface TranscriptStore {
  /** Appends and returns the entry with its id. Keeps at most the store's limit of recent entries. */
  append(conversationKey: string, entry: NewTranscriptEntry): Promise<TranscriptEntry>;
  /** Oldest first. `after`: only entries newer than this id. */
  list(conversationKey: string, options?: { after?: string; limit?: number }): Promise<TranscriptEntry[]>;
}

export const DEFAULT_KEEP = 200;
export const DEFAULT_TRANSCRIPT_TTL_SECONDS = 60 * 60 * 24 * 90;

/**
 * In the conversation's own Cluster slot (its inbox's hash tag), so a turn's transcript lines are
 * written by the same fenced script as its inbox acknowledgement: a web chat reply can never land
 * after the reply of the conversation's next turn, which another process may already be running.
 */
export function transcriptRedisKey(prefix: string, conversationKey: string): string {
  return `${prefix}transcript:${conversationTag(conversationKey)}`;
}

export class MemoryTranscriptStore implements TranscriptStore {
  private readonly logs = new Map<string, TranscriptEntry[]>();
  private seq = 0;

  constructor(private readonly keep = DEFAULT_KEEP) {}

  async append(conversationKey: string, entry: NewTranscriptEntry): Promise<TranscriptEntry> {
    // Same id shape as Redis stream ids, so clients treat both stores alike.
    const full = { ...entry, id: `${Date.now()}-${++this.seq}` };
    const log = this.logs.get(conversationKey) ?? [];
    log.push(full);
    if (log.length > this.keep) log.splice(0, log.length - this.keep);
    this.logs.set(conversationKey, log);
    return structuredClone(full);
  }

  async list(conversationKey: string, options: { after?: string; limit?: number } = {}): Promise<TranscriptEntry[]> {
    const log = this.logs.get(conversationKey) ?? [];
    const start = options.after ? log.findIndex((e) => compareIds(e.id, options.after!) > 0) : 0;
    const from = start === -1 ? log.length : start;
    const slice = log.slice(from);
    return structuredClone(options.limit ? slice.slice(-options.limit) : slice);
  }
}

/** Compares `<ms>-<seq>` ids numerically, as Redis does for stream ids. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/** A Redis stream per conversation, capped with MAXLEN so old chats do not grow without bound. */
export class RedisTranscriptStore implements TranscriptStore {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix = 'balie:',
    private readonly keep = DEFAULT_KEEP,
    private readonly ttlSeconds = DEFAULT_TRANSCRIPT_TTL_SECONDS,
  ) {}

  private key(conversationKey: string): string {
    return transcriptRedisKey(this.prefix, conversationKey);
  }

  async append(conversationKey: string, entry: NewTranscriptEntry): Promise<TranscriptEntry> {
    const key = this.key(conversationKey);
    const results = await this.client.multi().xadd(key, 'MAXLEN', '~', this.keep, '*', 'e', JSON.stringify(entry)).expire(key, this.ttlSeconds).exec();
    const id = results?.[0]?.[1];
    if (typeof id !== 'string') throw results?.[0]?.[0] ?? new Error('XADD returned no id');
    return { ...entry, id };
  }

  async list(conversationKey: string, options: { after?: string; limit?: number } = {}): Promise<TranscriptEntry[]> {
    const key = this.key(conversationKey);
    const rows = options.after
      ? await this.client.xrange(key, `(${options.after}`, '+')
      : options.limit
        ? (await this.client.xrevrange(key, '+', '-', 'COUNT', options.limit)).reverse()
        : await this.client.xrange(key, '-', '+');
    const entries = rows.map(([id, fields]) => ({ ...JSON.parse(fields[1] ?? '{}'), id }) as TranscriptEntry);
    return options.limit ? entries.slice(-options.limit) : entries;
  }
}
