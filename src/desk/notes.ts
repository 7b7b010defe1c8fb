import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../core/redis/slots.js';

/** A private note on a chat: for colleagues only, never sent to the customer or put in the transcript. */
export interface Note {
  id: string;
  key: string;
  agentId: string;
  agentName: string;
  text: string;
  at: string;
}

export interface NotesStore {
  add(note: Omit<Note, 'id' | 'at'>): Promise<Note>;
  list(key: string): Promise<Note[]>;
}

const KEEP_DAYS = 90;
const MAX_NOTES = 200;

export function createMemoryNotesStore(): NotesStore {
  const notes = new Map<string, Note[]>();
  return {
    async add(input) {
      const note = { ...input, id: randomUUID(), at: new Date().toISOString() };
      const list = notes.get(input.key) ?? [];
      list.push(note);
      if (list.length > MAX_NOTES) list.shift();
      notes.set(input.key, list);
      return note;
    },
    async list(key) {
      return structuredClone(notes.get(key) ?? []);
    },
  };
}

export function createRedisNotesStore(client: RedisClient, prefix: string): NotesStore {
  const keyOf = (key: string) => `${prefix}desk:notes:{${key}}`;
  return {
    async add(input) {
      const note = { ...input, id: randomUUID(), at: new Date().toISOString() };
      const k = keyOf(input.key);
      await client
        .multi()
        .rpush(k, JSON.stringify(note))
        .ltrim(k, -MAX_NOTES, -1)
        .expire(k, KEEP_DAYS * 86_400)
        .exec();
      return note;
    },
    async list(key) {
      return (await client.lrange(keyOf(key), 0, -1)).map((raw) => JSON.parse(raw) as Note);
    },
  };
}
