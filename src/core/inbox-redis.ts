import calculateSlot from 'cluster-key-slot';
import type { StoreItems } from 'botbuilder-core';
import { BalieError } from './errors.js';
import {
  conversationTag,
  type AppendOptions,
  type AppendResult,
  type CompleteOptions,
  type CompleteResult,
  type Inbox,
  type InboxEntry,
  type Lease,
  type Takeover,
  type TurnWrites,
} from './inbox.js';
import { SCRIPTS } from './inbox-scripts.js';
import { groupBySlot, isCluster, type RedisClient } from './redis/slots.js';
import { createEtagFactory } from './storage/etag.js';
import { decodeStateValue, stateRedisKey } from './storage/redis-storage.js';
import { expectedEtag } from './storage/state-storage.js';
import { DEFAULT_KEEP, DEFAULT_TRANSCRIPT_TTL_SECONDS, transcriptRedisKey, type TranscriptEntry } from './storage/transcript.js';

export interface RedisInboxOptions {
  client: RedisClient;
  prefix?: string;
  /** How long a lease lasts without renewal; a dead holder's conversations wait this long. */
  leaseMs?: number;
  /** TTL of written dialog state (0 = keep), as RedisStateStorage. */
  stateTtlMs?: number;
  transcriptKeep?: number;
  transcriptTtlSeconds?: number;
  now?: () => number;
}

type Reply = unknown;
type Call = [command: string, ...args: (string | number)[]];

/** Meta (entry and fence counters) outlives any lease by far, so a fence never goes backwards in practice. */
const META_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The inbox on Redis, shared by every balie process. Each call is one round trip: on a single Redis
 * the commands go out as one pipeline (one write on the socket); on Cluster the commands of each
 * slot go to their node in parallel.
 */
export function createRedisInbox(options: RedisInboxOptions): Inbox {
  const { client } = options;
  const prefix = options.prefix ?? 'balie:';
  const leaseMs = options.leaseMs ?? 15_000;
  const stateTtlMs = options.stateTtlMs ?? 0;
  const keep = options.transcriptKeep ?? DEFAULT_KEEP;
  const transcriptTtl = options.transcriptTtlSeconds ?? DEFAULT_TRANSCRIPT_TTL_SECONDS;
  const now = options.now ?? Date.now;
  const cluster = isCluster(client);
  const nextEtag = createEtagFactory();
  const commands = client as unknown as Record<string, (...args: (string | number)[]) => Promise<Reply>>;
  for (const [name, lua] of Object.entries(SCRIPTS)) {
    if (typeof commands[name] !== 'function') client.defineCommand(name, { lua });
  }

  const dueKey = `${prefix}inbox:due`;
  const keysOf = (conversationKey: string) => {
    const base = `${prefix}inbox:${conversationTag(conversationKey)}`;
    return { inbox: `${base}:q`, meta: `${base}:m`, lease: `${base}:lease`, rate: `${base}:rate`, seen: (id: string) => `${base}:seen:${id}` };
  };
  const leaseValue = (lease: Lease) => `${lease.owner}|${lease.fence}`;
  // Integer scores (ms × 1000 plus a random tail), so a conditional removal compares exactly and
  // two hints written in the same millisecond almost never look alike.
  const dueScore = (atMs: number) => Math.floor(atMs) * 1000 + Math.floor(Math.random() * 1000);
  /** Due-set hints to drop once the sweeper next talks to Redis (never on a turn's own round trip). */
  const doneHints = new Map<string, number>();

  /** Sends `calls` in one round trip; returns each call's reply or error. */
  const roundTrip = async (calls: Call[]): Promise<{ error?: Error; value?: Reply }[]> => {
    try {
      if (!cluster) {
        const pipeline = client.pipeline() as unknown as Record<string, (...args: (string | number)[]) => unknown> & { exec(): Promise<[Error | null, Reply][] | null> };
        for (const [name, ...args] of calls) pipeline[name]!(...args);
        const results = (await pipeline.exec()) ?? [];
        return results.map(([error, value]) => (error ? { error } : { value }));
      }
      const settled = await Promise.allSettled(calls.map(([name, ...args]) => commands[name]!(...args)));
      return settled.map((s) => (s.status === 'fulfilled' ? { value: s.value } : { error: s.reason as Error }));
    } catch (err) {
      throw unavailable(err);
    }
  };
  /** The first call (the inbox slot's fenced script) alone, then the rest only if it was not fenced. */
  const fencedFirst = async (calls: Call[]): Promise<{ error?: Error; value?: Reply }[]> => {
    const first = await roundTrip(calls.slice(0, 1));
    if (first[0]?.error || (first[0]?.value as string[] | undefined)?.[0] === 'fenced') return first;
    return [...first, ...(await roundTrip(calls.slice(1)))];
  };
  const must = (result: { error?: Error; value?: Reply } | undefined): Reply => {
    if (!result || result.error) throw unavailable(result?.error);
    return result.value;
  };

  const parseEntry = (raw: string): InboxEntry => {
    const sep = raw.indexOf('\n');
    return { id: raw.slice(0, sep), activityJson: raw.slice(sep + 1) };
  };

  /** Prefetch keys in the inbox's slot go into the script; the rest need reads of their own (Cluster only). */
  const splitBySlot = (anchor: string, keys: string[]) => {
    if (!cluster) return { inSlot: keys, elsewhere: [] as string[][] };
    const slot = calculateSlot(anchor);
    const inSlot = keys.filter((k) => calculateSlot(k) === slot);
    const rest = keys.filter((k) => calculateSlot(k) !== slot);
    return { inSlot, elsewhere: rest.length ? groupBySlot(client, rest) : [] };
  };

  return {
    shared: true,
    leaseMs,

    async append(conversationKey: string, nativeId: string, activityJson: string, opts: AppendOptions): Promise<AppendResult> {
      const keys = keysOf(conversationKey);
      const stateKeys = opts.prefetch?.state ?? [];
      const redisStateKeys = stateKeys.map((k) => stateRedisKey(prefix, k));
      const rawKeys = opts.prefetch?.raw ?? [];
      const { inSlot, elsewhere } = splitBySlot(keys.inbox, [...redisStateKeys, ...rawKeys]);
      const score = dueScore(now() + leaseMs);
      const calls: Call[] = [
        [
          'balieInboxAppend',
          5 + inSlot.length,
          keys.inbox,
          keys.meta,
          keys.lease,
          keys.seen(nativeId),
          keys.rate,
          ...inSlot,
          activityJson,
          opts.owner,
          leaseMs,
          opts.dedupeTtlSeconds,
          META_TTL_SECONDS,
          opts.limit?.max ?? 0,
          opts.limit?.windowMs ?? 0,
          opts.entryId ?? '',
        ],
        // The hint that brings another process if this conversation's holder dies. A separate
        // command: the due set is one key for all conversations, so on Cluster it has its own slot.
        ['zadd', dueKey, score, conversationKey],
        ...elsewhere.map((group): Call => ['mget', ...group]),
      ];
      const results = await roundTrip(calls);
      const reply = must(results[0]) as [string, string, number, string, string | null, ...(string | null)[]];
      if (reply[0] === 'dup') return { status: 'duplicate' };
      if (reply[0] === 'limited') return { status: 'limited', count: Number(reply[1]), retryAfterMs: Number(reply[2]) };
      const [tag, entryId, depth] = reply;
      if (tag === 'held') {
        const held = String(reply[3]);
        return { status: 'accepted', entryId, depth, holder: held.slice(0, held.lastIndexOf('|')) };
      }
      const fence = Number(reply[3]);
      const head = reply[4] ? parseEntry(reply[4]) : { id: entryId, activityJson };
      const values = new Map<string, string | null>();
      inSlot.forEach((k, i) => values.set(k, (reply[5 + i] as string | null) ?? null));
      elsewhere.forEach((group, gi) => {
        const got = results[2 + gi];
        // A failed read ahead only costs the turn a read of its own.
        if (got && !got.error) group.forEach((k, i) => values.set(k, ((got.value as (string | null)[])[i] as string | null) ?? null));
      });
      const state: StoreItems = {};
      const known: string[] = [];
      stateKeys.forEach((k, i) => {
        const redisKey = redisStateKeys[i]!;
        if (!values.has(redisKey)) return;
        known.push(k);
        const raw = values.get(redisKey);
        if (raw) state[k] = decodeStateValue(raw);
      });
      const raw = new Map<string, string | null>();
      for (const k of rawKeys) if (values.has(k)) raw.set(k, values.get(k)!);
      return {
        status: 'accepted',
        entryId,
        depth,
        lease: { conversationKey, owner: opts.owner, fence, dueScore: results[1]?.error ? undefined : score },
        head,
        seed: { state, known, raw },
      };
    },

    async complete(lease: Lease, entryId: string, writes: TurnWrites, opts: CompleteOptions = {}): Promise<CompleteResult> {
      const keys = keysOf(lease.conversationKey);
      const written: StoreItems = {};
      const stateArgs = new Map<string, (string | number)[]>();
      const byRedisKey = new Map<string, string>();
      for (const [key, item] of Object.entries(writes.state)) {
        const { eTag: _old, ...value } = (item ?? {}) as Record<string, unknown>;
        const tag = nextEtag();
        const redisKey = stateRedisKey(prefix, key);
        byRedisKey.set(redisKey, key);
        stateArgs.set(redisKey, [expectedEtag(item) ?? '', tag, JSON.stringify(value)]);
        written[key] = { ...value, eTag: tag };
      }
      const deletes = writes.stateDeletes.map((k) => stateRedisKey(prefix, k));
      const lines = new Map<string, string[]>();
      for (const t of writes.transcripts) {
        const key = transcriptRedisKey(prefix, t.conversationKey);
        lines.set(key, [...(lines.get(key) ?? []), JSON.stringify(t.entry)]);
      }
      const rawKeys = opts.prefetchRaw ?? [];

      // One script per slot: the inbox's slot is fenced; on a single Redis that is everything.
      const all = [...stateArgs.keys(), ...deletes, ...lines.keys(), ...rawKeys];
      const inboxSlot = cluster ? calculateSlot(keys.inbox) : 0;
      const groups = new Map<number, string[]>([[inboxSlot, []]]);
      for (const key of all) {
        const slot = cluster ? calculateSlot(key) : 0;
        groups.set(slot, [...(groups.get(slot) ?? []), key]);
      }
      const slots = [...groups.keys()];
      const plans = slots.map((slot) => {
        const mine = new Set(groups.get(slot));
        return {
          slot,
          s: [...stateArgs.keys()].filter((k) => mine.has(k)),
          d: deletes.filter((k) => mine.has(k)),
          t: [...lines.keys()].filter((k) => mine.has(k)),
          r: rawKeys.filter((k) => mine.has(k)),
        };
      });
      // Writes in other slots (Cluster): the inbox script holds the lease until they are done.
      const hold = cluster && plans.length > 1;
      const calls: Call[] = plans.map(({ slot, s, d, t, r }) => {
        const hasInbox = slot === inboxSlot;
        const keyList = [...(hasInbox ? [keys.inbox, keys.meta, keys.lease] : []), ...s, ...d, ...t, ...r];
        const args: (string | number)[] = [
          hasInbox ? 1 : 0,
          leaseValue(lease),
          lease.fence,
          entryId,
          leaseMs,
          opts.handOver ? 1 : 0,
          stateTtlMs,
          s.length,
          d.length,
          t.length,
          r.length,
          keep,
          transcriptTtl,
          hold ? 1 : 0,
        ];
        for (const k of s) args.push(...stateArgs.get(k)!);
        for (const k of t) args.push(lines.get(k)!.length, ...lines.get(k)!);
        return ['balieInboxComplete', keyList.length, ...keyList, ...args];
      });
      // Handing over with entries left: the hint brings another process right away.
      const hint: Call = ['zadd', dueKey, dueScore(now()), lease.conversationKey];
      if (opts.handOver && !hold) calls.push(hint);
      // On Cluster the other slots' writes (user state) wait for the fenced script of the inbox's
      // slot, so a holder that was taken over writes none of them; that script kept the lease, and
      // the finishing call below releases it (or returns the next entry) once they are written.
      const results = hold ? await fencedFirst(calls) : await roundTrip(calls);
      if (hold && (results[0]?.value as string[] | undefined)?.[0] === 'done') {
        const r = plans[0]!.r;
        const finish: Call = [
          'balieInboxComplete',
          3 + r.length,
          keys.inbox,
          keys.meta,
          keys.lease,
          ...r,
          1,
          leaseValue(lease),
          lease.fence,
          '',
          leaseMs,
          opts.handOver ? 1 : 0,
          stateTtlMs,
          0,
          0,
          0,
          r.length,
          keep,
          transcriptTtl,
          0,
        ];
        const [done, hinted] = await roundTrip(opts.handOver ? [finish, hint] : [finish]);
        must(hinted ?? { value: 'OK' });
        const first = results[0]!.value as unknown[];
        const last = must(done) as unknown[];
        // The first call's writes and conflicts, the finishing call's next entry, release and reads.
        // Fenced there (the held lease ran out and was taken over): this turn is written and
        // acknowledged all the same; the conversation simply goes on in the other process.
        results[0] = { value: (last[0] === 'fenced' ? [first[0], first[1], first[2], null, 1, []] : [first[0], first[1], first[2], last[3], last[4], last[5], last[6]]) as Reply };
      }

      const conflicts: string[] = [];
      const idsByKey = new Map<string, string[]>();
      let next: InboxEntry | undefined;
      let released = false;
      let depth: number | undefined;
      const raw = new Map<string, string | null>();
      let fenced = false;
      plans.forEach(({ slot, t, r }, i) => {
        if (fenced) return;
        const reply = must(results[i]) as [string, string[], string[], string | null, number, (string | null)[], number?];
        if (reply[0] === 'fenced') {
          fenced = true;
          return;
        }
        conflicts.push(...reply[1].map((k) => byRedisKey.get(k) ?? k));
        let at = 0;
        for (const key of t) {
          const count = lines.get(key)!.length;
          idsByKey.set(key, reply[2].slice(at, at + count));
          at += count;
        }
        if (slot === inboxSlot) {
          if (reply[3]) next = parseEntry(reply[3]);
          released = reply[4] === 1;
          depth = reply[6];
        }
        if (reply[5].length || slot !== inboxSlot) r.forEach((k, j) => raw.set(k, reply[5][j] ?? null));
      });
      if (fenced) return { status: 'fenced' };
      if (released && lease.dueScore !== undefined && !opts.handOver) doneHints.set(lease.conversationKey, lease.dueScore);
      const transcripts: TranscriptEntry[] = writes.transcripts.map((t) => ({ ...t.entry, id: idsByKey.get(transcriptRedisKey(prefix, t.conversationKey))?.shift() ?? '' }));
      if (conflicts.length) for (const key of Object.keys(written)) delete written[key];
      return { status: 'done', conflicts, written, transcripts, next, raw: next ? raw : undefined, released, depth };
    },

    async renew(lease: Lease): Promise<boolean> {
      try {
        return (await commands.balieInboxRenew!(1, keysOf(lease.conversationKey).lease, leaseValue(lease), leaseMs)) === 1;
      } catch (err) {
        throw unavailable(err);
      }
    },

    async release(lease: Lease): Promise<void> {
      const results = await roundTrip([
        ['balieInboxRelease', 1, keysOf(lease.conversationKey).lease, leaseValue(lease)],
        ['zadd', dueKey, dueScore(now()), lease.conversationKey],
      ]);
      must(results[0]);
    },

    async sweep(owner: string, limit: number, skip?: (conversationKey: string) => boolean): Promise<Takeover[]> {
      const drop = [...doneHints];
      doneHints.clear();
      const t = now();
      let due: string[];
      try {
        due = (await commands.balieInboxDue!(1, dueKey, t * 1000 + 999, limit, ...drop.flat())) as string[];
      } catch (err) {
        for (const [k, s] of drop) doneHints.set(k, s);
        throw unavailable(err);
      }
      const taken: Takeover[] = [];
      const empty: (string | number)[] = [];
      const bumps: Call[] = [];
      const members: [string, string][] = [];
      for (let i = 0; i + 1 < due.length; i += 2) if (!skip?.(due[i]!)) members.push([due[i]!, due[i + 1]!]);
      const results = await roundTrip(
        members.map(([conversationKey]): Call => {
          const keys = keysOf(conversationKey);
          return ['balieInboxTakeover', 3, keys.inbox, keys.meta, keys.lease, owner, leaseMs, META_TTL_SECONDS];
        }),
      );
      members.forEach(([conversationKey, score], i) => {
        const result = results[i];
        if (!result || result.error) return;
        const reply = result.value as [string, string | number, string?, number?];
        if (reply[0] === 'held') bumps.push(['zadd', dueKey, dueScore(t + Number(reply[1])), conversationKey]);
        else if (reply[0] === 'empty') empty.push(conversationKey, score);
        else taken.push({ lease: { conversationKey, owner, fence: Number(reply[1]), dueScore: Number(score) }, head: parseEntry(reply[2]!), depth: reply[3] });
      });
      if (empty.length || bumps.length) {
        await roundTrip([...(empty.length ? [['balieInboxDue', 1, dueKey, 0, 0, ...empty] as Call] : []), ...bumps]);
      }
      return taken;
    },

    async depth(conversationKey: string): Promise<number> {
      try {
        return await client.llen(keysOf(conversationKey).inbox);
      } catch (err) {
        throw unavailable(err);
      }
    },

    async close(): Promise<void> {},
  };
}

function unavailable(err: unknown): BalieError {
  if (err instanceof BalieError) return err;
  return new BalieError('STORAGE_UNAVAILABLE', `Redis inbox failed: ${(err as Error | undefined)?.message ?? 'no reply'}`, { cause: err });
}
