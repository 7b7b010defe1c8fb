import { expect } from 'vitest';
import type { AgentProfile, AuditEntry, HandoffCase, HandoffStore, NewCase, RefusalReason, Transition } from '../../../../src/handoff/types.js';

/** A store and a second handle on the same data: another connection on Redis, the same object in memory. */
export interface StoreFixture {
  store: HandoffStore;
  peer: HandoffStore;
}

export interface HandoffStoreFactory {
  /** A fresh, empty store (and its peer). */
  create(options?: { vipBoostMs?: number }): Promise<StoreFixture>;
  /** Closes whatever the factory opened. */
  close(): Promise<void>;
}

/** Filled in before each test by the suite; `create` makes another, independent store. */
export type Ctx = StoreFixture & Pick<HandoffStoreFactory, 'create'>;

export const T0 = 1_700_000_000_000;
export const MIN = 60_000;

export function aCase(key: string, extra: Partial<NewCase> = {}): NewCase {
  return {
    key,
    reason: 'customer-asked',
    language: 'nl',
    skills: [],
    vip: false,
    customer: { channelId: 'telegram', conversationId: key.split(':')[1] ?? key, userId: `u-${key}`, name: 'Eva' },
    customerKey: `telegram:u-${key}`,
    reference: { channelId: 'telegram', conversation: { id: key } },
    collected: {},
    ...extra,
  };
}

export function agent(id: string, maxChats = 2, languages = ['nl', 'en'], skills: string[] = []): AgentProfile {
  return { id, maxChats, languages, skills };
}

/** Syncs the agents and puts them online at `now`. */
export async function onlineAgents(store: HandoffStore, profiles: AgentProfile[], now = T0): Promise<void> {
  await store.syncAgents(profiles, now);
  for (const p of profiles) await store.setPresence(p.id, 'online', now);
}

export function expectOk(t: Transition): { case?: HandoffCase; previous: HandoffCase } {
  if (!t.ok) throw new Error(`expected the transition to succeed, it was refused: ${t.reason}`);
  return t;
}

export function expectRefused(t: Transition, reason: RefusalReason): HandoffCase | undefined {
  expect(t).toMatchObject({ ok: false, reason });
  return t.ok ? undefined : t.current;
}

export async function loadOf(store: HandoffStore, agentId: string): Promise<number> {
  return (await store.agents()).find((a) => a.id === agentId)!.load;
}

export async function agentState(store: HandoffStore, agentId: string) {
  return (await store.agents()).find((a) => a.id === agentId)!;
}

export async function lastAudit(store: HandoffStore): Promise<AuditEntry> {
  const [entry] = await store.audit(1);
  return entry!;
}

/** Opens a case and offers it to `agentId` (who must be online); returns the offered case. */
export async function offered(store: HandoffStore, key: string, agentId: string, now = T0, deadline = now + MIN): Promise<HandoffCase> {
  const { case: c } = await store.open(aCase(key), now);
  return expectOk(await store.offer(key, c.version, agentId, deadline, now)).case!;
}

/** Opens a case and has `agentId` claim it; returns the active case. */
export async function active(store: HandoffStore, key: string, agentId: string, now = T0): Promise<HandoffCase> {
  const { case: c } = await store.open(aCase(key), now);
  return expectOk(await store.claim(key, c.version, agentId, now)).case!;
}
