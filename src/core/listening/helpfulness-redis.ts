import type { RedisClient } from '../redis/slots.js';
import { leastHelpfulFirst, type EntryHelpfulness, type FaqHelpfulnessStore } from './types.js';

/**
 * Helpfulness counts shared by every balie process on this Redis and prefix: one hash, fields
 * `yes:<entry id>` and `no:<entry id>`, so counting is one HINCRBY and two processes never lose one.
 */
export function createRedisFaqHelpfulness(client: RedisClient, prefix: string): FaqHelpfulnessStore {
  const key = `${prefix}{listening}:helpfulness`;
  return {
    async record(entryId, helpful) {
      await client.hincrby(key, `${helpful ? 'yes' : 'no'}:${entryId}`, 1);
    },
    async list() {
      const rows = new Map<string, EntryHelpfulness>();
      for (const [field, value] of Object.entries(await client.hgetall(key))) {
        const colon = field.indexOf(':');
        const answer = field.slice(0, colon);
        const entryId = field.slice(colon + 1);
        if (answer !== 'yes' && answer !== 'no') continue;
        const row = rows.get(entryId) ?? { entryId, yes: 0, no: 0 };
        row[answer] = Number(value);
        rows.set(entryId, row);
      }
      return [...rows.values()].sort(leastHelpfulFirst);
    },
  };
}
