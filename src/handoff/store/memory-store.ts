import { BalieError } from '../../core/errors.js';
import type { AgentProfile, AgentState, AuditEntry, HandoffCase, HandoffState, HandoffStore, NewCase, Presence, RefusalReason, Timer, Transition } from '../types.js';
import { AUDIT_MAX_LEN, DEFAULT_VIP_BOOST_MS, LAST_AGENT_TTL_MS, MISSED_OFFERS_AWAY, RECENT_WAITS_KEPT, TIMER_KINDS } from './limits.js';
import { createMemoryCustomerRecords } from './memory-customers.js';
import { compareBytes, newCase, parseTimerMember, queueScore, sortAgents, sortCases, tidyCase, timerMember, type AuditInput } from './shared.js';

export interface MemoryHandoffStoreOptions {
  /** A VIP case is queued as if it had waited this much longer (ms). Default 15 minutes. */
  vipBoostMs?: number;
}

interface Agent extends Omit<AgentState, 'load'> {
  /** Keys offered to or owned by the agent; load is its size. */
  cases: Set<string>;
}

/**
 * The handoff store for one process (no REDIS_URL). Every method does its work synchronously
 * before its promise settles, so each transition is atomic here just as a Lua script is on Redis;
 * it mirrors redis-store's scripts rule for rule and passes the same contract suite.
 */
export function createMemoryHandoffStore(options: MemoryHandoffStoreOptions = {}): HandoffStore {
  const vipBoostMs = options.vipBoostMs ?? DEFAULT_VIP_BOOST_MS;
  const cases = new Map<string, HandoffCase>();
  const agents = new Map<string, Agent>();
  const queued = new Set<string>();
  const timers = new Map<string, number>();
  const lastAgents = new Map<string, { agentId: string; until: number }>();
  const customers = createMemoryCustomerRecords();
  let waits: number[] = [];
  const log: AuditEntry[] = [];
  let lastId = { ms: 0, seq: 0 };

  const agentState = (a: Agent): AgentState => {
    const { cases: held, ...rest } = a;
    return { ...rest, languages: [...a.languages], skills: [...a.skills], load: held.size };
  };

  // The queue order is sorted on demand and kept until the queue changes (a case's score only
  // changes while it is out of the queue), so reading every position stays cheap.
  let order: string[] | undefined;
  const enqueue = (key: string) => {
    queued.add(key);
    order = undefined;
  };
  const dequeue = (key: string) => {
    if (queued.delete(key)) order = undefined;
  };
  const queueOrder = (): string[] => (order ??= [...queued].sort((a, b) => queueScore(cases.get(a)!, vipBoostMs) - queueScore(cases.get(b)!, vipBoostMs) || compareBytes(a, b)));

  // Ids in the shape of Redis stream ids (`<ms>-<seq>`), increasing even within one millisecond.
  const audit = (entry: AuditInput) => {
    const ms = Date.now();
    lastId = ms > lastId.ms ? { ms, seq: 0 } : { ms: lastId.ms, seq: lastId.seq + 1 };
    const full: AuditEntry = { id: `${lastId.ms}-${lastId.seq}`, ...entry };
    for (const k of ['agentId', 'detail'] as const) if (full[k] === undefined) delete full[k];
    log.push(full);
    if (log.length > AUDIT_MAX_LEN) log.splice(0, log.length - AUDIT_MAX_LEN);
  };

  const refuse = (reason: RefusalReason, c?: HandoffCase): Transition => (c ? { ok: false, reason, current: tidyCase(c) } : { ok: false, reason });

  /** The fence every transition starts with; returns the case or the refusal. */
  const fence = (key: string, version: number, states: HandoffState[]): HandoffCase | Transition => {
    const c = cases.get(key);
    if (!c) return refuse('not-found');
    if (c.version !== version) return refuse('stale', c);
    if (!states.includes(c.state)) return refuse('wrong-state', c);
    return c;
  };
  const refused = (x: HandoffCase | Transition): x is Transition => 'ok' in x;

  const clearTimers = (key: string, version: number) => {
    for (const kind of TIMER_KINDS) timers.delete(timerMember({ kind, version, key }));
  };
  const available = (a: Agent | undefined) => a !== undefined && a.presence === 'online' && a.cases.size < a.maxChats;
  const freeSlot = (agentId: string, key: string, now: number) => {
    const a = agents.get(agentId);
    if (a?.cases.delete(key)) a.lastFreeAt = now;
  };
  const recordWait = (c: HandoffCase, now: number) => {
    waits = [now - c.queuedAt, ...waits].slice(0, RECENT_WAITS_KEPT);
  };

  /** Replaces the case with its next version and returns the transition. */
  const commit = (previous: HandoffCase, next: HandoffCase | undefined): Transition => {
    if (next) cases.set(next.key, next);
    else cases.delete(previous.key);
    const result: Transition = { ok: true, previous: tidyCase(previous) };
    if (next) result.case = tidyCase(next);
    return result;
  };

  // Decline and expiry: back in the queue with the same queuedAt (the customer keeps their place).
  const backToQueue = (c: HandoffCase, agentId: string, now: number): HandoffCase => {
    const next: HandoffCase = { ...c, state: 'queued', version: c.version + 1, offeredTo: undefined, offerDeadline: undefined };
    if (!next.declinedBy.includes(agentId)) next.declinedBy = [...next.declinedBy, agentId];
    if (next.preferredAgentId === agentId) next.preferUntil = undefined;
    enqueue(c.key);
    freeSlot(agentId, c.key, now);
    clearTimers(c.key, c.version);
    return next;
  };

  const close = (c: HandoffCase, now: number): string | undefined => {
    const holder = c.offeredTo ?? c.agentId;
    dequeue(c.key);
    if (holder) freeSlot(holder, c.key, now);
    clearTimers(c.key, c.version);
    return holder;
  };

  const lastAgentOf = (customerKey: string): string | undefined => {
    const last = lastAgents.get(customerKey);
    if (!last) return undefined;
    if (last.until <= Date.now()) {
      lastAgents.delete(customerKey);
      return undefined;
    }
    return last.agentId;
  };

  return {
    async syncAgents(profiles: AgentProfile[], now: number) {
      for (const p of profiles) {
        const existing = agents.get(p.id);
        const profile = { id: p.id, maxChats: p.maxChats, languages: [...p.languages], skills: [...p.skills] };
        if (existing) Object.assign(existing, profile);
        else agents.set(p.id, { ...profile, presence: 'offline', lastFreeAt: now, missedOffers: 0, cases: new Set() });
      }
    },

    async setPresence(agentId: string, presence: Presence, now: number) {
      const a = agents.get(agentId);
      if (!a) return undefined;
      if (presence === 'online') {
        a.missedOffers = 0;
        if (a.presence !== 'online') a.lastFreeAt = now;
      }
      a.presence = presence;
      return agentState(a);
    },

    async agents() {
      return sortAgents([...agents.values()].map(agentState));
    },

    async get(key: string) {
      const c = cases.get(key);
      return c && tidyCase(c);
    },

    async open(input: NewCase, now: number) {
      const existing = cases.get(input.key);
      if (existing) return { case: tidyCase(existing), created: false };
      const c = newCase(structuredClone(input), now);
      cases.set(c.key, c);
      enqueue(c.key);
      audit({ key: c.key, action: 'open', from: 'bot', to: 'queued', version: c.version, at: now, detail: c.reason });
      return { case: tidyCase(c), created: true };
    },

    async offer(key, version, agentId, deadline, now, offerOptions) {
      const c = fence(key, version, ['queued']);
      if (refused(c)) return c;
      const a = agents.get(agentId);
      if (!a) return refuse('unknown-agent', c);
      if (!available(a) || (!offerOptions?.allowDeclined && c.declinedBy.includes(agentId))) return refuse('agent-unavailable', c);
      const next: HandoffCase = { ...c, state: 'offered', offeredTo: agentId, offerDeadline: deadline, version: version + 1 };
      dequeue(key);
      a.cases.add(key);
      clearTimers(key, version);
      timers.set(timerMember({ kind: 'offer-expiry', version: next.version, key }), deadline);
      audit({ key, action: 'offer', from: 'queued', to: 'offered', version: next.version, agentId, at: now });
      return commit(c, next);
    },

    async accept(key, version, agentId, now) {
      const c = fence(key, version, ['offered']);
      if (refused(c)) return c;
      if (c.offeredTo !== agentId) return refuse('not-owner', c);
      const next: HandoffCase = { ...c, state: 'active', agentId, acceptedAt: now, offeredTo: undefined, offerDeadline: undefined, version: version + 1 };
      clearTimers(key, version);
      const a = agents.get(agentId);
      if (a) a.missedOffers = 0;
      recordWait(next, now);
      audit({ key, action: 'accept', from: 'offered', to: 'active', version: next.version, agentId, at: now });
      return commit(c, next);
    },

    async decline(key, version, agentId, now) {
      const c = fence(key, version, ['offered']);
      if (refused(c)) return c;
      if (c.offeredTo !== agentId) return refuse('not-owner', c);
      const next = backToQueue(c, agentId, now);
      const a = agents.get(agentId);
      if (a) a.missedOffers = 0;
      audit({ key, action: 'decline', from: 'offered', to: 'queued', version: next.version, agentId, at: now });
      return commit(c, next);
    },

    async expireOffer(key, version, now) {
      const c = fence(key, version, ['offered']);
      if (refused(c)) return c;
      const agentId = c.offeredTo!;
      const next = backToQueue(c, agentId, now);
      const a = agents.get(agentId);
      let detail: string | undefined;
      if (a) {
        a.missedOffers++;
        if (a.missedOffers >= MISSED_OFFERS_AWAY && a.presence === 'online') {
          a.presence = 'away';
          detail = 'agent-away';
        }
      }
      audit({ key, action: 'expire', from: 'offered', to: 'queued', version: next.version, agentId, at: now, detail });
      return commit(c, next);
    },

    async claim(key, version, agentId, now) {
      const c = fence(key, version, ['queued']);
      if (refused(c)) return c;
      const a = agents.get(agentId);
      if (!a) return refuse('unknown-agent', c);
      if (!available(a)) return refuse('agent-unavailable', c);
      const next: HandoffCase = { ...c, state: 'active', agentId, acceptedAt: now, version: version + 1 };
      dequeue(key);
      a.cases.add(key);
      clearTimers(key, version);
      a.missedOffers = 0;
      recordWait(next, now);
      audit({ key, action: 'claim', from: 'queued', to: 'active', version: next.version, agentId, at: now });
      return commit(c, next);
    },

    async transfer(key, version, fromAgentId, toAgentId, note, preferUntil, now) {
      const c = fence(key, version, ['active']);
      if (refused(c)) return c;
      if (c.agentId !== fromAgentId) return refuse('not-owner', c);
      if (toAgentId !== undefined && !agents.has(toAgentId)) return refuse('unknown-agent', c);
      const next: HandoffCase = {
        ...c,
        state: 'queued',
        reason: 'transfer',
        queuedAt: now,
        version: version + 1,
        agentId: undefined,
        acceptedAt: undefined,
        declinedBy: toAgentId === fromAgentId ? [] : [fromAgentId],
        note,
        preferredAgentId: toAgentId,
        preferUntil: toAgentId === undefined ? undefined : preferUntil,
        waitsForPreferred: undefined,
      };
      enqueue(key);
      freeSlot(fromAgentId, key, now);
      clearTimers(key, version);
      audit({
        key,
        action: 'transfer',
        from: 'active',
        to: 'queued',
        version: next.version,
        agentId: fromAgentId,
        at: now,
        detail: toAgentId === undefined ? undefined : `to ${toAgentId}`,
      });
      return commit(c, next);
    },

    async prefer(key, version, agentId, until, now) {
      const c = fence(key, version, ['queued']);
      if (refused(c)) return c;
      if (!agents.has(agentId)) return refuse('unknown-agent', c);
      const next: HandoffCase = { ...c, version: version + 1, preferredAgentId: agentId, preferUntil: until, waitsForPreferred: true };
      clearTimers(key, version);
      audit({ key, action: 'prefer', from: 'queued', to: 'queued', version: next.version, agentId, at: now });
      return commit(c, next);
    },

    async release(key, version, agentId, how, now) {
      if (how !== 'handed-back' && how !== 'resolved') throw new BalieError('BAD_REQUEST', `release how must be handed-back or resolved, not "${how}"`);
      const c = fence(key, version, ['active']);
      if (refused(c)) return c;
      if (c.agentId !== agentId) return refuse('not-owner', c);
      close(c, now);
      // Like the Redis key's TTL, the memory runs on the wall clock (lastAgent has no `now`).
      lastAgents.set(c.customerKey, { agentId, until: Date.now() + LAST_AGENT_TTL_MS });
      audit({ key, action: how === 'resolved' ? 'resolve' : 'hand-back', from: 'active', to: 'bot', version: version + 1, agentId, at: now, detail: how });
      return commit(c, undefined);
    },

    async cancel(key, version, now) {
      const c = fence(key, version, ['queued', 'offered']);
      if (refused(c)) return c;
      const holder = close(c, now);
      audit({ key, action: 'cancel', from: c.state, to: 'bot', version: version + 1, agentId: holder, at: now });
      return commit(c, undefined);
    },

    async abandon(key, version, why, now) {
      const c = fence(key, version, ['queued', 'offered', 'active']);
      if (refused(c)) return c;
      const holder = close(c, now);
      audit({ key, action: 'abandon', from: c.state, to: 'bot', version: version + 1, agentId: holder, at: now, detail: why });
      return commit(c, undefined);
    },

    async queue(limit: number) {
      if (limit <= 0) return [];
      return queueOrder()
        .slice(0, limit)
        .map((key) => tidyCase(cases.get(key)!));
    },

    async queueLength() {
      return queued.size;
    },

    async position(key: string) {
      if (!queued.has(key)) return undefined;
      return queueOrder().indexOf(key) + 1;
    },

    async agentCases(agentId: string) {
      const a = agents.get(agentId);
      return a ? sortCases([...a.cases].map((key) => tidyCase(cases.get(key)!))) : [];
    },

    async lastAgent(customerKey: string) {
      return lastAgentOf(customerKey);
    },

    async previousAgent(customerKey: string) {
      const own = lastAgentOf(customerKey);
      if (own) return own;
      for (const k of (await customers.identities(customerKey)).filter((k) => k !== customerKey).sort(compareBytes)) {
        const last = lastAgentOf(k);
        if (last) return last;
      }
      return undefined;
    },

    async recentWaits(limit: number) {
      return limit <= 0 ? [] : waits.slice(0, limit);
    },

    async schedule(timer: Timer) {
      timers.set(timerMember(timer), timer.at);
    },

    async takeDueTimers(now: number, limit: number) {
      if (limit <= 0) return [];
      const due = [...timers]
        .filter(([, at]) => at <= now)
        .sort(([ma, a], [mb, b]) => a - b || compareBytes(ma, mb))
        .slice(0, limit);
      for (const [member] of due) timers.delete(member);
      return due.map(([member, at]) => parseTimerMember(member, at));
    },

    async audit(limit: number) {
      return limit <= 0 ? [] : log.slice(-limit).map((e) => ({ ...e }));
    },

    ...customers,

    async dispose() {},
  };
}
