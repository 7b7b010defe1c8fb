import { BalieError } from '../../core/errors.js';
import type { RedisClient } from '../../core/redis/slots.js';
import type { AgentProfile, AgentState, AuditEntry, HandoffCase, HandoffStore, HistoryEntry, NewCase, OfferOptions, Presence, RefusalReason, Timer, Transition } from '../types.js';
import { decodeAgent, decodeAudit, decodeCase, encodeCase } from './codec.js';
import { handoffKeys } from './keys.js';
import { DEFAULT_VIP_BOOST_MS, HISTORY_KEPT, LAST_AGENT_TTL_MS } from './limits.js';
import { handoffScripts, type HandoffScriptName } from './scripts/index.js';
import { newCase, parseTimerMember, sortAgents, sortCases, timerMember } from './shared.js';

export interface RedisHandoffStoreOptions {
  /** The shared connection (`stores.redis`); the store never closes it. */
  client: RedisClient;
  /** `stores.prefix`, e.g. `balie:`; must not contain braces. */
  prefix: string;
  /** A VIP case is queued as if it had waited this much longer (ms). Default 15 minutes. */
  vipBoostMs?: number;
}

type Arg = string | number;
type ScriptCall = (...args: Arg[]) => Promise<unknown>;

/**
 * The handoff store on Redis, shared by every balie process. All state lives in Redis; this object
 * only holds the key names and the defined scripts, so any number of processes can use it at once.
 */
export function createRedisHandoffStore(options: RedisHandoffStoreOptions): HandoffStore {
  const { client, prefix } = options;
  const vipBoostMs = options.vipBoostMs ?? DEFAULT_VIP_BOOST_MS;
  const keys = handoffKeys(prefix);
  const commands = client as unknown as Record<string, ScriptCall | undefined>;
  for (const script of Object.values(handoffScripts)) {
    // Several stores may share one client (tests, several prefixes): define each command once.
    if (typeof commands[script.command] !== 'function') {
      client.defineCommand(script.command, { numberOfKeys: script.numberOfKeys, lua: script.lua });
    }
  }

  const guard = async <T>(what: string, op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw new BalieError('STORAGE_UNAVAILABLE', `Redis handoff store failed to ${what}: ${(err as Error).message}`, { cause: err });
    }
  };
  const run = (name: HandoffScriptName, ...args: Arg[]) => guard(name, () => (commands[handoffScripts[name].command] as ScriptCall)(...args));

  /** Runs a transition script: the five shared keys, the four shared args, then the script's own. */
  const transition = async (name: HandoffScriptName, key: string, now: number, ...args: Arg[]): Promise<Transition> => {
    const reply = (await run(name, keys.case(key), keys.queue, keys.timers, keys.audit, keys.waits, keys.base, key, now, vipBoostMs, ...args)) as [string, string, string];
    const [tag, a, b] = reply;
    if (tag === 'ok') {
      // Decoded when first read: most callers only look at the new case.
      let previous: HandoffCase | undefined;
      const result = { ok: true } as Extract<Transition, { ok: true }>;
      Object.defineProperty(result, 'previous', { enumerable: true, get: () => (previous ??= decodeCase(a)) });
      if (b) result.case = decodeCase(b);
      return result;
    }
    const refusal: Transition = { ok: false, reason: a as RefusalReason };
    if (b) refusal.current = decodeCase(b);
    return refusal;
  };

  const decodeCases = (raws: string[]) => raws.filter((raw) => raw !== '').map(decodeCase);

  const identities = async (customerKey: string) => {
    const linked = await guard('read linked customers', () => client.smembers(keys.links(customerKey)));
    return [...new Set([customerKey, ...linked])].sort();
  };

  return {
    async syncAgents(profiles: AgentProfile[], now: number) {
      if (profiles.length === 0) return;
      const args = profiles.flatMap((p) => [p.id, p.maxChats, JSON.stringify(p.languages), JSON.stringify(p.skills)]);
      await run('syncAgents', keys.agents, keys.base, now, ...args);
    },

    async setPresence(agentId: string, presence: Presence, now: number) {
      const reply = (await run('setPresence', keys.agent(agentId), keys.agentCases(agentId), presence, now)) as [string[], number] | null;
      return reply ? decodeAgent(reply[0], reply[1]) : undefined;
    },

    async agents(): Promise<AgentState[]> {
      const reply = (await run('listAgents', keys.agents, keys.base)) as [string[], number][];
      return sortAgents(reply.map(([pairs, load]) => decodeAgent(pairs, load)));
    },

    async get(key: string) {
      const raw = await guard('get', () => client.get(keys.case(key)));
      return raw === null ? undefined : decodeCase(raw);
    },

    async open(c: NewCase, now: number) {
      const [tag, raw] = (await run('open', keys.case(c.key), keys.queue, keys.timers, keys.audit, keys.waits, keys.base, c.key, now, vipBoostMs, encodeCase(newCase(c, now)))) as [
        string,
        string,
      ];
      return { case: decodeCase(raw), created: tag === 'created' };
    },

    offer: (key, version, agentId, deadline, now, offerOptions?: OfferOptions) =>
      transition('offer', key, now, version, agentId, deadline, offerOptions?.allowDeclined ? '1' : '0'),
    accept: (key, version, agentId, now) => transition('accept', key, now, version, agentId),
    decline: (key, version, agentId, now) => transition('decline', key, now, version, agentId),
    expireOffer: (key, version, now) => transition('expire', key, now, version),
    claim: (key, version, agentId, now) => transition('claim', key, now, version, agentId),
    transfer: (key, version, fromAgentId, toAgentId, note, preferUntil, now) =>
      transition('transfer', key, now, version, fromAgentId, toAgentId ?? '', note === undefined ? '0' : '1', note ?? '', preferUntil),
    prefer: (key, version, agentId, until, now) => transition('prefer', key, now, version, agentId, until),
    release: (key, version, agentId, how, now) => {
      if (how !== 'handed-back' && how !== 'resolved') throw new BalieError('BAD_REQUEST', `release how must be handed-back or resolved, not "${how}"`);
      return transition('release', key, now, version, agentId, how, LAST_AGENT_TTL_MS);
    },
    cancel: (key, version, now) => transition('cancel', key, now, version),
    abandon: (key, version, why, now) => transition('abandon', key, now, version, why),

    async queue(limit: number): Promise<HandoffCase[]> {
      if (limit <= 0) return [];
      return decodeCases((await run('readQueue', keys.queue, keys.base, limit)) as string[]);
    },

    queueLength: () => guard('read the queue length', () => client.zcard(keys.queue)),

    async position(key: string) {
      const rank = await guard('read a queue position', () => client.zrank(keys.queue, key));
      return rank === null ? undefined : rank + 1;
    },

    async agentCases(agentId: string) {
      return sortCases(decodeCases((await run('readAgentCases', keys.agentCases(agentId), keys.base)) as string[]));
    },

    async lastAgent(customerKey: string) {
      return (await guard('read the last agent', () => client.get(keys.lastAgent(customerKey)))) ?? undefined;
    },

    async previousAgent(customerKey: string) {
      return ((await run('previousAgent', keys.links(customerKey), keys.base, customerKey)) as string | null) ?? undefined;
    },

    async recentWaits(limit: number) {
      if (limit <= 0) return [];
      return (await guard('read recent waits', () => client.lrange(keys.waits, 0, limit - 1))).map(Number);
    },

    async schedule(timer: Timer) {
      // Same member for the same kind+version+key: scheduling again only moves `at`.
      await guard('schedule a timer', () => client.zadd(keys.timers, timer.at, timerMember(timer)));
    },

    async takeDueTimers(now: number, limit: number) {
      if (limit <= 0) return [];
      const flat = (await run('takeDueTimers', keys.timers, now, limit)) as string[];
      const timers: Timer[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) timers.push(parseTimerMember(flat[i]!, Number(flat[i + 1])));
      return timers;
    },

    async audit(limit: number): Promise<AuditEntry[]> {
      if (limit <= 0) return [];
      const entries = (await guard('read the audit stream', () => client.xrevrange(keys.audit, '+', '-', 'COUNT', limit))) as [string, string[]][];
      return entries.reverse().map(decodeAudit);
    },

    // The client is shared (stores.redis): nothing of our own to close.
    async linkCustomers(a: string, b: string) {
      const group = [...new Set([...(await identities(a)), ...(await identities(b))])].sort();
      // Every member lists every other: a lookup from any channel finds the whole person. All keys
      // share the {handoff} tag, so this MULTI is one slot even on a cluster.
      const multi = client.multi();
      for (const member of group) multi.sadd(keys.links(member), ...group);
      await guard('link customers', () => multi.exec());
      return group;
    },

    async unlinkCustomer(customerKey: string) {
      const rest = (await identities(customerKey)).filter((k) => k !== customerKey);
      const multi = client.multi();
      multi.del(keys.links(customerKey));
      // One left alone is linked to nobody: drop their set too.
      for (const member of rest) {
        if (rest.length > 1) multi.srem(keys.links(member), customerKey);
        else multi.del(keys.links(member));
      }
      await guard('unlink a customer', () => multi.exec());
      return rest.length > 1 ? rest : [];
    },

    identities,

    async addHistory(customerKey: string, entry: HistoryEntry) {
      await run('addHistory', keys.history(customerKey), JSON.stringify(entry), HISTORY_KEPT);
    },

    async history(customerKeys: string[], limit: number) {
      if (customerKeys.length === 0 || limit <= 0) return [];
      const lists = await guard('read customer history', () => Promise.all(customerKeys.map((k) => client.lrange(keys.history(k), 0, limit - 1))));
      return lists
        .flat()
        .map((raw) => JSON.parse(raw) as HistoryEntry)
        .sort((x, y) => y.closedAt - x.closedAt)
        .slice(0, limit);
    },

    async dispose() {},
  };
}
