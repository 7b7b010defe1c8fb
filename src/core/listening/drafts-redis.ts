import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/slots.js';
import { MAX_DRAFTS, RESOLVED_KEEP_MS, type ResolvedChat, type TeachDraft, type TeachDraftStore } from './drafts.js';

/**
 * Drafts shared by every process on this Redis: one hash of id → JSON, and a sorted set by time so
 * the oldest can go past MAX_DRAFTS. A resolution is a key of its own that expires.
 */
export function createRedisTeachDrafts(client: RedisClient, prefix: string, now: () => number = Date.now): TeachDraftStore {
  const all = `${prefix}{teach-drafts}:all`;
  const order = `${prefix}{teach-drafts}:order`;
  const resolvedKey = (conversation: string) => `${prefix}teach-resolved:${conversation}`;
  const parse = (raw: string) => JSON.parse(raw) as TeachDraft;
  return {
    async add(draft) {
      const kept: TeachDraft = { ...draft, id: randomUUID(), at: draft.at ?? now() };
      await client.multi().hset(all, kept.id, JSON.stringify(kept)).zadd(order, kept.at, kept.id).exec();
      const over = (await client.zcard(order)) - MAX_DRAFTS;
      if (over > 0) {
        const old = await client.zrange(order, 0, over - 1);
        await client
          .multi()
          .hdel(all, ...old)
          .zrem(order, ...old)
          .exec();
      }
      return kept;
    },
    async list() {
      return (await client.hvals(all)).map(parse).sort((a, b) => a.at - b.at);
    },
    async get(id) {
      const raw = await client.hget(all, id);
      return raw ? parse(raw) : undefined;
    },
    async remove(id) {
      // HDEL answers 1 to exactly one caller: two supervisors deciding at once cannot both win.
      const [[, removed] = []] = (await client.multi().hdel(all, id).zrem(order, id).exec()) ?? [];
      return removed === 1;
    },
    async resolved(chat) {
      await client.set(resolvedKey(chat.conversation), JSON.stringify(chat), 'PX', RESOLVED_KEEP_MS);
    },
    async resolutionOf(conversation) {
      const raw = await client.get(resolvedKey(conversation));
      return raw ? (JSON.parse(raw) as ResolvedChat) : undefined;
    },
  };
}
