import { BalieError } from '../core/errors.js';
import type { RedisClient } from '../core/redis/slots.js';

/*
 * One line per handoff for the supervisor's figures: when it was asked for, when and by whom it was
 * first taken, and how it ended. Kept where every process sees it and a restart does not lose it
 * (Redis; in memory without Redis), for as long as ratings are kept.
 */

/** How a handoff ended: an agent resolved it or handed it back, or the customer left before anyone took it. */
export type FigureEnd = 'resolved' | 'handed-back' | 'abandoned';

export interface HandoffFigure {
  /** `${chat key}@${openedAt}`: one chat may ask for a person many times. */
  id: string;
  requestedAt: number;
  /** The first agent who took it (accepted an offer or claimed it); a transfer keeps the first. */
  agentId?: string;
  takenAt?: number;
  end?: FigureEnd;
  endedAt?: number;
  /** Who resolved it or handed it back (after a transfer, not the first taker). */
  endedBy?: string;
}

export interface HandoffFiguresStore {
  requested(id: string, at: number): Promise<void>;
  /** First take wins: a later take (after a transfer) does not change the wait. */
  taken(id: string, agentId: string, at: number): Promise<void>;
  /** First end wins; `agentId`: who resolved it or handed it back. */
  ended(id: string, end: FigureEnd, at: number, agentId?: string): Promise<void>;
  /** Handoffs requested at or after `since` (ms), oldest first. */
  since(since: number): Promise<HandoffFigure[]>;
}

export const FIGURES_KEPT_MS = 35 * 24 * 3600_000;

export const figureId = (c: { key: string; openedAt: number }): string => `${c.key}@${c.openedAt}`;

export function createMemoryFiguresStore(): HandoffFiguresStore {
  const figures = new Map<string, HandoffFigure>();
  return {
    async requested(id, at) {
      if (!figures.has(id)) figures.set(id, { id, requestedAt: at });
      for (const [k, f] of figures) if (f.requestedAt < at - FIGURES_KEPT_MS) figures.delete(k);
    },
    async taken(id, agentId, at) {
      const f = figures.get(id);
      if (f && f.takenAt === undefined) Object.assign(f, { agentId, takenAt: at });
    },
    async ended(id, end, at, agentId) {
      const f = figures.get(id);
      if (f && f.end === undefined) Object.assign(f, { end, endedAt: at }, agentId ? { endedBy: agentId } : {});
    },
    async since(since) {
      return [...figures.values()]
        .filter((f) => f.requestedAt >= since)
        .sort((a, b) => a.requestedAt - b.requestedAt || a.id.localeCompare(b.id))
        .map((f) => ({ ...f }));
    },
  };
}

/**
 * A sorted set of ids by request time and two hashes written with HSETNX (the first take and the
 * first end win without a read-modify-write). All keys share the {handoff-figures} hash tag.
 */
export function createRedisFiguresStore(client: RedisClient, prefix: string): HandoffFiguresStore {
  const base = `${prefix}{handoff-figures}:`;
  const keys = { requested: `${base}requested`, taken: `${base}taken`, ended: `${base}ended` };
  const guard = async <T>(what: string, op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw new BalieError('STORAGE_UNAVAILABLE', `Redis handoff figures failed to ${what}: ${(err as Error).message}`, { cause: err });
    }
  };
  // Agent ids and ends have no "|" (agents.yaml allows [a-z0-9_-]).
  const split = (raw: string | null): string[] | undefined => raw?.split('|');
  return {
    async requested(id, at) {
      const old = await guard('read old figures', () => client.zrangebyscore(keys.requested, '-inf', `(${at - FIGURES_KEPT_MS}`));
      const multi = client.multi().zadd(keys.requested, 'NX', at, id);
      if (old.length > 0)
        multi
          .zrem(keys.requested, ...old)
          .hdel(keys.taken, ...old)
          .hdel(keys.ended, ...old);
      await guard('record a handoff', () => multi.exec());
    },
    async taken(id, agentId, at) {
      await guard('record a take', () => client.hsetnx(keys.taken, id, `${agentId}|${at}`));
    },
    async ended(id, end, at, agentId) {
      await guard('record an end', () => client.hsetnx(keys.ended, id, `${end}|${agentId ?? ''}|${at}`));
    },
    async since(since) {
      const rows = await guard('read figures', () => client.zrangebyscore(keys.requested, since, '+inf', 'WITHSCORES'));
      if (rows.length === 0) return [];
      const ids = rows.filter((_, i) => i % 2 === 0);
      const [taken, ended] = await guard('read figures', () => Promise.all([client.hmget(keys.taken, ...ids), client.hmget(keys.ended, ...ids)]));
      return ids.map((id, i) => {
        const figure: HandoffFigure = { id, requestedAt: Number(rows[i * 2 + 1]) };
        const take = split(taken[i] ?? null);
        if (take) Object.assign(figure, { agentId: take[0], takenAt: Number(take[1]) });
        const end = split(ended[i] ?? null);
        if (end) Object.assign(figure, { end: end[0] as FigureEnd, endedAt: Number(end[2]) }, end[1] ? { endedBy: end[1] } : {});
        return figure;
      });
    },
  };
}
