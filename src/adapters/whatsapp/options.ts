import type { RedisClient } from '../../core/redis/slots.js';
import type { OfferedOption } from './format.js';

/**
 * The options last offered in each chat, so that a customer's "2" (or the option's text) can be
 * read as a press of that option. Every message the bot or an agent sends to a chat replaces
 * them; a message without options clears them, so a late "2" is never read against an old list.
 */
export interface OfferedOptionsStore {
  get(chatId: string): Promise<OfferedOption[]>;
  /** An empty list clears the chat's options. */
  set(chatId: string, options: OfferedOption[]): Promise<void>;
}

interface StoredOptions {
  v: 1;
  options: OfferedOption[];
}

/** One process (memory mode): the most recently used chats, at most `maxChats` of them. */
export class MemoryOfferedOptions implements OfferedOptionsStore {
  private readonly chats = new Map<string, { options: OfferedOption[]; until: number }>();

  constructor(
    private readonly maxChats = 10_000,
    private readonly ttlMs = 24 * 3600 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(chatId: string): Promise<OfferedOption[]> {
    const entry = this.chats.get(chatId);
    if (!entry || entry.until < this.now()) return [];
    return entry.options;
  }

  async set(chatId: string, options: OfferedOption[]): Promise<void> {
    this.chats.delete(chatId);
    if (!options.length) return;
    this.chats.set(chatId, { options, until: this.now() + this.ttlMs });
    for (const oldest of this.chats.keys()) {
      if (this.chats.size <= this.maxChats) break;
      this.chats.delete(oldest);
    }
  }
}

/**
 * Redis (several processes): one small key per chat with a TTL, so the process that takes over
 * the session after a failover still understands "2", and nothing piles up.
 */
export class RedisOfferedOptions implements OfferedOptionsStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlMs = 24 * 3600 * 1000,
  ) {}

  private key(chatId: string): string {
    return `${this.prefix}whatsapp:options:${chatId}`;
  }

  async get(chatId: string): Promise<OfferedOption[]> {
    const raw = await this.redis.get(this.key(chatId));
    if (!raw) return [];
    let stored: Partial<StoredOptions>;
    try {
      stored = JSON.parse(raw) as Partial<StoredOptions>;
    } catch {
      return [];
    }
    // An unknown version is treated as "nothing offered" rather than guessed at.
    return stored.v === 1 && Array.isArray(stored.options) ? stored.options : [];
  }

  async set(chatId: string, options: OfferedOption[]): Promise<void> {
    if (!options.length) {
      await this.redis.del(this.key(chatId));
      return;
    }
    await this.redis.set(this.key(chatId), JSON.stringify({ v: 1, options } satisfies StoredOptions), 'PX', this.ttlMs);
  }
}

const normalise = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();

/**
 * The option a customer's reply picks: its number ("2", "2.", "2)", "2️⃣") or its exact text,
 * ignoring case and punctuation. Anything else is an ordinary message.
 */
export function matchOption(text: string | undefined, options: OfferedOption[]): OfferedOption | undefined {
  if (!text || !options.length) return undefined;
  const trimmed = text.trim().replace(/\uFE0F?\u20E3/g, '');
  const number = /^(\d{1,2})\s*[.)]?$/.exec(trimmed);
  if (number) return options[Number(number[1]) - 1];
  const wanted = normalise(trimmed);
  return wanted ? options.find((o) => normalise(o.title) === wanted) : undefined;
}
