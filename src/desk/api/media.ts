import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../../core/redis/slots.js';

/** A file an agent attached, kept for a while at an unguessable URL so the channels can fetch it. */
export interface StoredMedia {
  contentType: string;
  name: string;
  data: Buffer;
}

export interface MediaStore {
  put(media: StoredMedia): Promise<string>;
  get(id: string): Promise<StoredMedia | undefined>;
}

export const MEDIA_TTL_SECONDS = 7 * 86_400;
/** The largest file an agent may send a customer (from the console or from Slack). */
export const MAX_AGENT_FILE_BYTES = 5 * 1024 * 1024;
export const MEDIA_ID = /^[A-Za-z0-9_-]{32}$/;
const newId = () => randomBytes(24).toString('base64url');

/** `ttlMs`: how long a file is kept (default MEDIA_TTL_SECONDS; shorter in tests that watch one go). */
export interface MediaStoreOptions {
  ttlMs?: number;
}

export function createMemoryMediaStore({ now = Date.now, ttlMs = MEDIA_TTL_SECONDS * 1000 }: MediaStoreOptions & { now?: () => number } = {}): MediaStore {
  const files = new Map<string, StoredMedia & { until: number }>();
  return {
    async put(media) {
      const id = newId();
      for (const [k, f] of files) if (f.until <= now()) files.delete(k);
      files.set(id, { ...media, until: now() + ttlMs });
      return id;
    },
    async get(id) {
      const f = files.get(id);
      return f && f.until > now() ? { contentType: f.contentType, name: f.name, data: f.data } : undefined;
    },
  };
}

export function createRedisMediaStore(client: RedisClient, prefix: string, { ttlMs = MEDIA_TTL_SECONDS * 1000 }: MediaStoreOptions = {}): MediaStore {
  const key = (id: string) => `${prefix}desk:media:${id}`;
  return {
    async put(media) {
      const id = newId();
      // One transaction: a file is never left behind without its expiry.
      await client.multi().hset(key(id), { contentType: media.contentType, name: media.name, data: media.data }).pexpire(key(id), ttlMs).exec();
      return id;
    },
    async get(id) {
      const [contentType, name, data] = await client.hmgetBuffer(key(id), 'contentType', 'name', 'data');
      if (!contentType || !data) return undefined;
      return { contentType: contentType.toString(), name: name?.toString() ?? 'file', data };
    },
  };
}
