import { BalieError } from '../../core/errors.js';

/**
 * Every handoff key carries the same hash tag, `{handoff}`, so all of them live in ONE cluster
 * slot. That is deliberate: a transition must change the case, one or two agents, the queue, the
 * timers and the audit stream atomically, in one script, and a script may only touch one slot.
 * Handoff traffic is human-scale (people accepting chats, a few per second at most), so one slot
 * is nowhere near a bottleneck, while splitting it would cost the atomicity the design relies on.
 * The tag is the first `{...}` of the key, so braces inside case keys or agent ids are harmless.
 */
export interface HandoffKeys {
  /** `${prefix}{handoff}:`; scripts build keys they discover from a case (its agent) from this. */
  base: string;
  case(key: string): string;
  queue: string;
  timers: string;
  waits: string;
  audit: string;
  agents: string;
  agent(id: string): string;
  agentCases(id: string): string;
  lastAgent(customerKey: string): string;
  links(customerKey: string): string;
  history(customerKey: string): string;
}

export function handoffKeys(prefix: string): HandoffKeys {
  // A brace in the prefix would become the hash tag and scatter the keys over slots.
  if (prefix.includes('{') || prefix.includes('}')) {
    throw new BalieError('CONFIG_INVALID', `the Redis key prefix "${prefix}" contains a brace; handoff keys need their own {handoff} hash tag`);
  }
  const base = `${prefix}{handoff}:`;
  return {
    base,
    case: (key) => `${base}case:${key}`,
    queue: `${base}queue`,
    timers: `${base}timers`,
    waits: `${base}waits`,
    audit: `${base}audit`,
    agents: `${base}agents`,
    agent: (id) => `${base}agent:${id}`,
    agentCases: (id) => `${base}agentcases:${id}`,
    lastAgent: (customerKey) => `${base}last-agent:${customerKey}`,
    links: (customerKey) => `${base}links:${customerKey}`,
    history: (customerKey) => `${base}history:${customerKey}`,
  };
}
