import type { Registry } from 'prom-client';
import { rateLimitedCounter, type ConsumeHit } from './http-limits.js';
import type { Logger } from './logger.js';

/** What `receive()` answers for a message over its conversation's limit: no turn, nothing stored. */
export interface RateLimited {
  status: 'rate-limited';
  retryAfterSeconds: number;
  done: Promise<void>;
}

/** Checks one inbound message against its conversation's limit; undefined when it may go on. */
export type AdmitMessage = (channel: string, conversationKey: string) => Promise<RateLimited | undefined>;

export interface ConversationLimitDeps {
  consume: ConsumeHit;
  /** Messages per conversation per minute. */
  perMinute: number;
  registry: Registry;
  logger: Logger;
}

/**
 * The per-conversation limit on customer messages, on every channel, after the platform's
 * signature was checked. Above it a message gets no turn and is not stored (docs/operations.md
 * says why it gets no "slow down" reply either). Logged once per conversation and window.
 */
export function createConversationLimit(deps: ConversationLimitDeps): AdmitMessage {
  const report = createConversationLimitReport(deps);
  const log = deps.logger.child({ component: 'rate-limit' });
  return async (channel, conversationKey) => {
    let decision;
    try {
      decision = await deps.consume(`conv:${conversationKey}`, deps.perMinute, 60_000);
    } catch (err) {
      // The limiter's store is down: the message goes on (the ingress will say if it cannot take it).
      log.warn({ err, code: 'RATE_LIMIT_UNAVAILABLE', channel }, 'could not check a conversation\'s rate limit; taking the message');
      return undefined;
    }
    if (decision.allowed) return undefined;
    report(channel, conversationKey, decision.count);
    return { status: 'rate-limited', retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)), done: Promise.resolve() };
  };
}

/**
 * Counts and logs a message refused by its conversation's limit (at warn once per conversation
 * and window). The ingress counts the limit itself, in the round trip that stores the message.
 */
export function createConversationLimitReport(deps: Omit<ConversationLimitDeps, 'consume'>): (channel: string, conversationKey: string, count: number) => void {
  const counter = rateLimitedCounter(deps.registry);
  const log = deps.logger.child({ component: 'rate-limit' });
  return (channel, conversationKey, count) => {
    counter.inc({ limit: 'conversation', channel });
    log[count === deps.perMinute + 1 ? 'warn' : 'debug'](
      { code: 'RATE_LIMITED', limit: 'conversation', channel, conversation: conversationKey },
      `a conversation went over ${deps.perMinute} messages a minute; its messages are not answered until the minute is over`,
    );
  };
}
