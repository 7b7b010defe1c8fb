import { BalieError } from '../core/errors.js';
import type { RedisClient } from '../core/redis/slots.js';

/*
 * Customers' ratings (1-5) after a resolved chat, kept where every process sees them and a restart
 * does not lose them (Redis; in memory without Redis). The /metrics histogram still counts them per
 * process; this is what a supervisor's numbers are made from.
 */

/** One chat's rating: who resolved it, the mark, and when the customer gave it (ms). */
export interface Rating {
  key: string;
  agentId: string;
  score: number;
  at: number;
}

export interface SatisfactionStore {
  /** A chat was resolved by `agentId`: its customer may now rate it (for a week). */
  awaitRating(key: string, agentId: string, at: number): Promise<void>;
  /**
   * The customer of `key` gives `score`. One rating per chat: a second replaces the first. Undefined
   * (nothing kept) when no resolved chat awaits a rating, e.g. an old or forged button.
   */
  rate(key: string, score: number, at: number): Promise<Rating | undefined>;
  /** Ratings given at or after `since` (ms), oldest first. */
  ratings(since: number): Promise<Rating[]>;
}

/** How long after a resolve a rating still counts, and how long ratings are kept. */
export const RATING_WINDOW_MS = 7 * 24 * 3600_000;
export const RATINGS_KEPT_MS = 35 * 24 * 3600_000;

const validScore = (score: number) => {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new BalieError('BAD_REQUEST', `a rating is a whole number from 1 to 5, not ${score}`);
};

export function createMemorySatisfactionStore(): SatisfactionStore {
  const awaiting = new Map<string, { agentId: string; until: number }>();
  const ratings = new Map<string, Rating>();
  return {
    async awaitRating(key, agentId, at) {
      awaiting.set(key, { agentId, until: at + RATING_WINDOW_MS });
    },
    async rate(key, score, at) {
      validScore(score);
      const resolved = awaiting.get(key);
      if (!resolved || resolved.until < at) return undefined;
      const rating = { key, agentId: resolved.agentId, score, at };
      ratings.delete(key);
      ratings.set(key, rating);
      for (const [k, r] of ratings) if (r.at < at - RATINGS_KEPT_MS) ratings.delete(k);
      return { ...rating };
    },
    async ratings(since) {
      return [...ratings.values()].filter((r) => r.at >= since).sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
    },
  };
}

/** Keys share the {satisfaction} hash tag, so each MULTI is one slot on a cluster too. */
export function createRedisSatisfactionStore(client: RedisClient, prefix: string): SatisfactionStore {
  const base = `${prefix}{satisfaction}:`;
  const keys = { awaiting: (key: string) => `${base}awaiting:${key}`, byTime: `${base}ratings`, byKey: `${base}rating` };
  const guard = async <T>(what: string, op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw new BalieError('STORAGE_UNAVAILABLE', `Redis satisfaction store failed to ${what}: ${(err as Error).message}`, { cause: err });
    }
  };
  return {
    async awaitRating(key, agentId) {
      await guard('remember a resolved chat', () => client.set(keys.awaiting(key), agentId, 'PX', RATING_WINDOW_MS));
    },
    async rate(key, score, at) {
      validScore(score);
      const agentId = await guard('read a resolved chat', () => client.get(keys.awaiting(key)));
      if (!agentId) return undefined;
      const rating = { key, agentId, score, at };
      const old = await guard('read old ratings', () => client.zrangebyscore(keys.byTime, '-inf', `(${at - RATINGS_KEPT_MS}`));
      const multi = client.multi().zadd(keys.byTime, at, key).hset(keys.byKey, key, JSON.stringify(rating));
      if (old.length > 0) multi.zrem(keys.byTime, ...old).hdel(keys.byKey, ...old);
      await guard('keep a rating', () => multi.exec());
      return rating;
    },
    async ratings(since) {
      const members = await guard('read ratings', () => client.zrangebyscore(keys.byTime, since, '+inf'));
      if (members.length === 0) return [];
      const raws = await guard('read ratings', () => client.hmget(keys.byKey, ...members));
      return raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as Rating);
    },
  };
}

export interface SatisfactionSummary {
  /** Start of the period (ISO). */
  since: string;
  count: number;
  /** Mean mark, two decimals; null without ratings. */
  average: number | null;
  /** How many of each mark, "1" to "5". */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Per agent who resolved rated chats, most ratings first. */
  agents: { agentId: string; name: string; count: number; average: number }[];
}

export interface SatisfactionReport {
  generatedAt: string;
  /** Since midnight in the server's time zone (TZ). */
  today: SatisfactionSummary;
  /** The last 7 × 24 hours. */
  last7Days: SatisfactionSummary;
}

const mean = (scores: number[]) => (scores.length === 0 ? null : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100);

export function summarise(ratings: Rating[], since: number, nameOf: (agentId: string) => string): SatisfactionSummary {
  const within = ratings.filter((r) => r.at >= since);
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  const byAgent = new Map<string, number[]>();
  for (const r of within) {
    distribution[String(r.score) as keyof typeof distribution]++;
    byAgent.set(r.agentId, [...(byAgent.get(r.agentId) ?? []), r.score]);
  }
  const agents = [...byAgent]
    .map(([agentId, scores]) => ({ agentId, name: nameOf(agentId), count: scores.length, average: mean(scores)! }))
    .sort((a, b) => b.count - a.count || a.agentId.localeCompare(b.agentId));
  return { since: new Date(since).toISOString(), count: within.length, average: mean(within.map((r) => r.score)), distribution, agents };
}

/** Today and the last 7 days, from the shared store. */
export async function satisfactionReport(store: SatisfactionStore, now: number, nameOf: (agentId: string) => string): Promise<SatisfactionReport> {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const weekAgo = now - 7 * 24 * 3600_000;
  const ratings = await store.ratings(Math.min(weekAgo, midnight.getTime()));
  return { generatedAt: new Date(now).toISOString(), today: summarise(ratings, midnight.getTime(), nameOf), last7Days: summarise(ratings, weekAgo, nameOf) };
}
