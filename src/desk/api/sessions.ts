import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../../core/redis/slots.js';

/** Signed-in agents, shared by every process (Redis) so a load balancer may send them anywhere. */
export interface SessionStore {
  create(agentId: string): Promise<string>;
  /** The agent of a live session, renewing it (sliding expiry); undefined for an unknown or ended one. */
  touch(session: string): Promise<string | undefined>;
  /** Like `touch`, without renewing: an open live stream does not keep its session alive. */
  alive(session: string): Promise<string | undefined>;
  end(session: string): Promise<void>;
}

/** What names a session between processes (bus messages, logs): its hash, never the session itself. */
export const sessionRef = (session: string): string => hashOf(session);

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

// Only a hash of the session id is stored: a leaked Redis dump holds no usable session.
const hashOf = (session: string) => createHash('sha256').update(session).digest('hex');
const newSession = () => randomBytes(32).toString('base64url');

/** `ttlMs`: how long an unused session lives (default SESSION_TTL_MS; shorter in tests that watch one expire). */
export interface SessionStoreOptions {
  ttlMs?: number;
}

export function createMemorySessionStore({ now = Date.now, ttlMs = SESSION_TTL_MS }: SessionStoreOptions & { now?: () => number } = {}): SessionStore {
  const sessions = new Map<string, { agentId: string; until: number }>();
  return {
    async create(agentId) {
      const session = newSession();
      sessions.set(hashOf(session), { agentId, until: now() + ttlMs });
      return session;
    },
    async touch(session) {
      const key = hashOf(session);
      const s = sessions.get(key);
      if (!s || s.until <= now()) {
        sessions.delete(key);
        return undefined;
      }
      s.until = now() + ttlMs;
      return s.agentId;
    },
    async alive(session) {
      const s = sessions.get(hashOf(session));
      return s && s.until > now() ? s.agentId : undefined;
    },
    async end(session) {
      sessions.delete(hashOf(session));
    },
  };
}

export function createRedisSessionStore(client: RedisClient, prefix: string, { ttlMs = SESSION_TTL_MS }: SessionStoreOptions = {}): SessionStore {
  const key = (session: string) => `${prefix}desk:session:${hashOf(session)}`;
  return {
    async create(agentId) {
      const session = newSession();
      await client.set(key(session), agentId, 'PX', ttlMs);
      return session;
    },
    async touch(session) {
      // GETEX renews and reads in one command.
      const agentId = await client.getex(key(session), 'PX', ttlMs);
      return agentId ?? undefined;
    },
    async alive(session) {
      return (await client.get(key(session))) ?? undefined;
    },
    async end(session) {
      await client.del(key(session));
    },
  };
}
