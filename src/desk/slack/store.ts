import type { RedisClient } from '../../core/redis/slots.js';
import type { HandoffState } from '../../handoff/types.js';

/** One handoff's post in the desk channel, as last drawn (so a process knows what changed). */
export interface DeskPost {
  /** The conversation key (`telegram:42`). */
  key: string;
  /** Tells this handoff from earlier ones of the same conversation. */
  openedAt: number;
  channel: string;
  /** The post's ts: its thread is where the agent and the customer talk. */
  ts: string;
  /** The case version drawn; -1 once closed. */
  version: number;
  state: HandoffState | 'closed';
  agentId?: string;
  offeredTo?: string;
  /** The owner's controls (resolve, hand back, transfer) in the thread, while someone owns it. */
  controlsTs?: string;
  /** Set by the `closed` event before the post is redrawn: how and by whom. */
  closedHow?: string;
  closedBy?: string;
  /** Who wrote the case's note: the colleague who transferred it (a dialog's note has no author). */
  noteBy?: string;
  /** The post's body blocks (JSON) as last drawn, to redraw it once the case is gone. */
  head?: string;
}

/**
 * Where the desk keeps its posts: shared by every balie process (Redis), so a post is made once,
 * whichever process hears of the handoff first, and a thread reply finds its chat in any process.
 */
export interface SlackDeskStore {
  /** True for the one caller that may post this handoff (SET NX). */
  claimPost(key: string, openedAt: number): Promise<boolean>;
  /** Saves the post and its thread → chat mapping. */
  savePost(post: DeskPost): Promise<void>;
  post(key: string): Promise<DeskPost | undefined>;
  update(key: string, fields: Partial<Omit<DeskPost, 'key' | 'openedAt' | 'channel' | 'ts'>>): Promise<void>;
  /** The handoff a thread belongs to. */
  byThread(threadTs: string): Promise<{ key: string; openedAt: number } | undefined>;
  /** Marks the post as needing a redraw; the lock holder redraws until nothing is marked. */
  markDirty(key: string): Promise<void>;
  /** True (and unmarks) when the post was marked since the last call. */
  takeDirty(key: string): Promise<boolean>;
  isDirty(key: string): Promise<boolean>;
  /** One redrawer per post at a time, across processes; undefined when another holds it. */
  lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

const DAY_SECONDS = 86_400;
/** Posts outlive their chats by a month: a late thread reply still finds (and is told about) its closed chat. */
const POST_TTL_SECONDS = 30 * DAY_SECONDS;

const encode = (post: Partial<DeskPost>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(post)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );

function decode(raw: Record<string, string>): DeskPost | undefined {
  if (!raw.key || !raw.ts) return undefined;
  return {
    key: raw.key,
    openedAt: Number(raw.openedAt),
    channel: raw.channel!,
    ts: raw.ts,
    version: Number(raw.version),
    state: raw.state as DeskPost['state'],
    agentId: raw.agentId || undefined,
    offeredTo: raw.offeredTo || undefined,
    controlsTs: raw.controlsTs || undefined,
    closedHow: raw.closedHow || undefined,
    closedBy: raw.closedBy || undefined,
    head: raw.head || undefined,
    noteBy: raw.noteBy || undefined,
  };
}

export function createRedisSlackDeskStore(client: RedisClient, prefix: string): SlackDeskStore {
  // One hash tag per conversation, so every key of a post is in one cluster slot.
  const base = (key: string) => `${prefix}desk:slack:{${key}}`;
  const thread = (ts: string) => `${prefix}desk:slack:thread:${ts}`;
  const CLEARABLE = ['agentId', 'offeredTo', 'controlsTs'] as const;
  return {
    async claimPost(key, openedAt) {
      return (await client.set(`${base(key)}:claim:${openedAt}`, '1', 'EX', POST_TTL_SECONDS, 'NX')) === 'OK';
    },
    async savePost(post) {
      // A new handoff of the same conversation replaces the old post's record (its thread mapping stays).
      await client
        .multi()
        .del(`${base(post.key)}:post`)
        .hset(`${base(post.key)}:post`, encode(post))
        .expire(`${base(post.key)}:post`, POST_TTL_SECONDS)
        .exec();
      await client.set(thread(post.ts), JSON.stringify({ key: post.key, openedAt: post.openedAt }), 'EX', POST_TTL_SECONDS);
    },
    async post(key) {
      return decode(await client.hgetall(`${base(key)}:post`));
    },
    async update(key, fields) {
      const cleared = CLEARABLE.filter((k) => k in fields && fields[k] === undefined);
      const multi = client.multi();
      const values = encode(fields);
      if (Object.keys(values).length) multi.hset(`${base(key)}:post`, values);
      if (cleared.length) multi.hdel(`${base(key)}:post`, ...cleared);
      await multi.exec();
    },
    async byThread(ts) {
      const raw = await client.get(thread(ts));
      return raw ? (JSON.parse(raw) as { key: string; openedAt: number }) : undefined;
    },
    async markDirty(key) {
      await client.set(`${base(key)}:dirty`, '1', 'EX', 60);
    },
    async takeDirty(key) {
      return (await client.del(`${base(key)}:dirty`)) > 0;
    },
    async isDirty(key) {
      return (await client.exists(`${base(key)}:dirty`)) > 0;
    },
    async lock(key, ttlMs) {
      const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
      const lockKey = `${base(key)}:lock`;
      if ((await client.set(lockKey, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
      return async () => {
        // Only the holder's own lock is removed (it may have expired and passed to another process).
        await client.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, lockKey, token);
      };
    },
  };
}

export function createMemorySlackDeskStore(): SlackDeskStore {
  const claims = new Set<string>();
  const posts = new Map<string, DeskPost>();
  const threads = new Map<string, { key: string; openedAt: number }>();
  const dirty = new Set<string>();
  const locks = new Set<string>();
  return {
    async claimPost(key, openedAt) {
      const id = `${key}:${openedAt}`;
      if (claims.has(id)) return false;
      claims.add(id);
      return true;
    },
    async savePost(post) {
      posts.set(post.key, { ...post });
      threads.set(post.ts, { key: post.key, openedAt: post.openedAt });
    },
    async post(key) {
      const post = posts.get(key);
      return post && { ...post };
    },
    async update(key, fields) {
      const post = posts.get(key);
      if (post) Object.assign(post, fields);
    },
    async byThread(ts) {
      return threads.get(ts);
    },
    async markDirty(key) {
      dirty.add(key);
    },
    async takeDirty(key) {
      return dirty.delete(key);
    },
    async isDirty(key) {
      return dirty.has(key);
    },
    async lock(key) {
      if (locks.has(key)) return undefined;
      locks.add(key);
      return async () => void locks.delete(key);
    },
  };
}
