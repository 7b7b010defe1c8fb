import type { RedisClient } from '../core/redis/slots.js';
import { createMemoryMediaStore, createRedisMediaStore, type MediaStore } from './api/media.js';
import { createMemorySessionStore, createRedisSessionStore, type SessionStore } from './api/sessions.js';
import { createMemoryNotesStore, createRedisNotesStore, type NotesStore } from './notes.js';
import { createMemorySlackDeskStore, createRedisSlackDeskStore, type SlackDeskStore } from './slack/store.js';

/**
 * What the agents' side keeps: signed-in sessions, private notes, files sent to customers, and the
 * Slack desk's posts. The app makes one set, on the same backend as its other stores, so every
 * desk store of a process is either shared with the other processes (Redis) or not at all.
 */
export interface DeskStores {
  sessions: SessionStore;
  notes: NotesStore;
  media: MediaStore;
  slackPosts: SlackDeskStore;
}

/** Lifetimes a test may shorten to watch something expire; the defaults are the product's. */
export interface DeskStoreOptions {
  sessionTtlMs?: number;
  mediaTtlMs?: number;
}

/** One process, nothing survives a restart: for `npm start` without Redis, and tests. */
export function createMemoryDeskStores(options: DeskStoreOptions & { now?: () => number } = {}): DeskStores {
  return {
    sessions: createMemorySessionStore({ now: options.now, ttlMs: options.sessionTtlMs }),
    notes: createMemoryNotesStore(),
    media: createMemoryMediaStore({ now: options.now, ttlMs: options.mediaTtlMs }),
    slackPosts: createMemorySlackDeskStore(),
  };
}

/** Shared by every balie process on this Redis and `prefix`: an agent or a Slack callback may reach any of them. */
export function createRedisDeskStores(client: RedisClient, prefix: string, options: DeskStoreOptions = {}): DeskStores {
  return {
    sessions: createRedisSessionStore(client, prefix, { ttlMs: options.sessionTtlMs }),
    notes: createRedisNotesStore(client, prefix),
    media: createRedisMediaStore(client, prefix, { ttlMs: options.mediaTtlMs }),
    slackPosts: createRedisSlackDeskStore(client, prefix),
  };
}
