import { randomUUID } from 'node:crypto';
import { MAX_DRAFTS, RESOLVED_KEEP_MS, type ResolvedChat, type TeachDraft, type TeachDraftStore } from './drafts.js';

/** Drafts in one process (no REDIS_URL): nothing survives a restart. */
export function createMemoryTeachDrafts(now: () => number = Date.now): TeachDraftStore {
  const drafts = new Map<string, TeachDraft>();
  const resolutions = new Map<string, ResolvedChat>();
  return {
    async add(draft) {
      const kept: TeachDraft = { ...structuredClone(draft), id: randomUUID(), at: draft.at ?? now() };
      drafts.set(kept.id, kept);
      for (const old of [...drafts.values()].sort((a, b) => a.at - b.at).slice(0, Math.max(0, drafts.size - MAX_DRAFTS))) drafts.delete(old.id);
      return structuredClone(kept);
    },
    async list() {
      return structuredClone([...drafts.values()].sort((a, b) => a.at - b.at));
    },
    async get(id) {
      const d = drafts.get(id);
      return d && structuredClone(d);
    },
    async remove(id) {
      return drafts.delete(id);
    },
    async resolved(chat) {
      resolutions.set(chat.conversation, { ...chat });
    },
    async resolutionOf(conversation) {
      const r = resolutions.get(conversation);
      if (r && r.at < now() - RESOLVED_KEEP_MS) resolutions.delete(conversation);
      return r && r.at >= now() - RESOLVED_KEEP_MS ? { ...r } : undefined;
    },
  };
}
