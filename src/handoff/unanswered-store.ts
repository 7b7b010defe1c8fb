import { BalieError } from '../core/errors.js';
import type { RedisClient } from '../core/redis/slots.js';

/*
 * Customer messages that nobody has answered yet, per conversation: one *stretch* from the first
 * unanswered message to the reply that ends it. Kept where every process sees it (Redis; in memory
 * without Redis), so /metrics in any process counts the same messages and one promise is made per
 * stretch, whichever process sees the timer.
 */

/** Who promised the customer an answer in this stretch: the owner (balie's promise in their name) or the queue's own notice. */
export type PromisedBy = 'owner' | 'queue';

export interface Stretch {
  key: string;
  /** When the first unanswered message came (ms); also the stretch's id (the timer's version). */
  since: number;
  /** Customer messages in the stretch. */
  messages: number;
  promisedBy?: PromisedBy;
}

export interface UnansweredStore {
  /** A customer message with no reply yet: opens a stretch or counts one more message in it. `promisedBy`: promised from the start. */
  wrote(key: string, now: number, promisedBy?: PromisedBy): Promise<{ stretch: Stretch; opened: boolean }>;
  get(key: string): Promise<Stretch | undefined>;
  /** Marks the stretch that started at `since` as promised; true only for the first caller. */
  promise(key: string, since: number, by: PromisedBy): Promise<boolean>;
  /** The customer got a reply (or the chat went back to the bot): the stretch ends. */
  answered(key: string): Promise<void>;
  /** Messages in open stretches: still waiting without a promise, and promised. */
  totals(): Promise<{ waiting: number; promised: number }>;
}

export function createMemoryUnansweredStore(): UnansweredStore {
  const stretches = new Map<string, Stretch>();
  return {
    async wrote(key, now, promisedBy) {
      const open = stretches.get(key);
      if (open) {
        open.messages++;
        return { stretch: { ...open }, opened: false };
      }
      const stretch: Stretch = { key, since: now, messages: 1, ...(promisedBy ? { promisedBy } : {}) };
      stretches.set(key, stretch);
      return { stretch: { ...stretch }, opened: true };
    },
    async get(key) {
      const s = stretches.get(key);
      return s && { ...s };
    },
    async promise(key, since, by) {
      const s = stretches.get(key);
      if (!s || s.since !== since || s.promisedBy) return false;
      s.promisedBy = by;
      return true;
    },
    async answered(key) {
      stretches.delete(key);
    },
    async totals() {
      let waiting = 0;
      let promised = 0;
      for (const s of stretches.values()) {
        if (s.promisedBy) promised += s.messages;
        else waiting += s.messages;
      }
      return { waiting, promised };
    },
  };
}

// Opens the stretch or counts one more message; "promised from the start" only for a stretch it opens.
// KEYS: since, messages, promised. ARGV: conversation key, now, promisedBy or ''.
const WROTE = `
local opened = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
local messages = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
if opened == 1 and ARGV[3] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[3]) end
return {opened, messages, redis.call('HGET', KEYS[1], ARGV[1]), redis.call('HGET', KEYS[3], ARGV[1])}
`;

/**
 * Three hashes under one `{unanswered}` hash tag (one cluster slot, so a script or MULTI over them
 * stays atomic): the stretch's start, its message count and who promised. HSETNX makes "one
 * promise per stretch" hold across processes.
 */
export function createRedisUnansweredStore(client: RedisClient, prefix: string): UnansweredStore {
  const base = `${prefix}{unanswered}:`;
  const keys = { since: `${base}since`, messages: `${base}messages`, promised: `${base}promised` };
  const guard = async <T>(what: string, op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw new BalieError('STORAGE_UNAVAILABLE', `Redis unanswered-messages store failed to ${what}: ${(err as Error).message}`, { cause: err });
    }
  };
  const results = (replies: [Error | null, unknown][] | null): unknown[] => {
    if (!replies) throw new Error('the transaction was aborted');
    for (const [err] of replies) if (err) throw err;
    return replies.map(([, value]) => value);
  };
  const read = async (key: string): Promise<Stretch | undefined> => {
    const [since, messages, promisedBy] = await guard('read a stretch', async () =>
      results(await client.multi().hget(keys.since, key).hget(keys.messages, key).hget(keys.promised, key).exec()),
    );
    if (since === null) return undefined;
    return { key, since: Number(since), messages: Number(messages ?? 1), ...(promisedBy ? { promisedBy: promisedBy as PromisedBy } : {}) };
  };
  return {
    async wrote(key, now, promisedBy) {
      const [opened, messages, since, promised] = (await guard('count an unanswered message', () =>
        client.eval(WROTE, 3, keys.since, keys.messages, keys.promised, key, String(now), promisedBy ?? ''),
      )) as [number, number, string, string | null];
      return { stretch: { key, since: Number(since), messages: Number(messages), ...(promised ? { promisedBy: promised as PromisedBy } : {}) }, opened: opened === 1 };
    },
    get: read,
    async promise(key, since, by) {
      const current = await read(key);
      if (!current || current.since !== since) return false;
      return (await guard('mark a promise', () => client.hsetnx(keys.promised, key, by))) === 1;
    },
    async answered(key) {
      await guard('end a stretch', async () => results(await client.multi().hdel(keys.since, key).hdel(keys.messages, key).hdel(keys.promised, key).exec()));
    },
    async totals() {
      const [messages, promised] = await guard('count unanswered messages', async () => results(await client.multi().hgetall(keys.messages).hgetall(keys.promised).exec()));
      let waiting = 0;
      let done = 0;
      for (const [key, n] of Object.entries(messages as Record<string, string>)) {
        if ((promised as Record<string, string>)[key]) done += Number(n);
        else waiting += Number(n);
      }
      return { waiting, promised: done };
    },
  };
}
