import { leastHelpfulFirst, type EntryHelpfulness, type FaqHelpfulnessStore } from './types.js';

/** Helpfulness counts in one process (no REDIS_URL): nothing survives a restart. */
export function createMemoryFaqHelpfulness(): FaqHelpfulnessStore {
  const counts = new Map<string, EntryHelpfulness>();
  return {
    async record(entryId, helpful) {
      const row = counts.get(entryId) ?? { entryId, yes: 0, no: 0 };
      if (helpful) row.yes++;
      else row.no++;
      counts.set(entryId, row);
    },
    async list() {
      return [...counts.values()].map((r) => ({ ...r })).sort(leastHelpfulFirst);
    },
  };
}
