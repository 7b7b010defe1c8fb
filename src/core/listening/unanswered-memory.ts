import type { InboxRetention, QuestionGrouping, UnansweredInbox, UnansweredQuestion } from './types.js';
import { byCount, counted, groupOf, prepare } from './unanswered-row.js';

/** The inbox in one process (no REDIS_URL): nothing survives a restart. */
export function createMemoryUnansweredInbox(grouping: QuestionGrouping, retention: InboxRetention): UnansweredInbox {
  const rows = new Map<string, UnansweredQuestion>();
  const prune = (now: number) => {
    const cutoff = now - retention.keepDays * 86_400_000;
    for (const [id, row] of rows) if (row.lastAt < cutoff) rows.delete(id);
    if (rows.size <= retention.maxQuestions) return;
    const oldest = [...rows.values()].sort((a, b) => a.lastAt - b.lastAt).slice(0, rows.size - retention.maxQuestions);
    for (const row of oldest) rows.delete(row.id);
  };
  return {
    async record(asked) {
      const { text, key, at } = prepare(asked, grouping);
      const row = counted(groupOf(rows.values(), asked.language, key, grouping), asked, text, key, at);
      rows.set(row.id, row);
      prune(at);
      return structuredClone(row);
    },
    async list(options = {}) {
      prune(Date.now());
      const all = [...rows.values()].filter((r) => !options.language || r.language === options.language).sort(byCount);
      return structuredClone(all.slice(0, options.limit ?? all.length));
    },
    async get(id) {
      const row = rows.get(id);
      return row && structuredClone(row);
    },
    async remove(id) {
      return rows.delete(id);
    },
  };
}
