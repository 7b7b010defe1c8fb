import type { Registry } from 'prom-client';
import { rateLimitedCounter } from './http-limits.js';
import type { Logger } from './logger.js';

/**
 * The per-conversation limit on customer messages, on every channel, after the platform's signature
 * was checked: the ingress counts it in the round trip that stores the message (src/core/ingress.ts).
 */

/** What `receive()` answers for a message over its conversation's limit: no turn, nothing stored. */
export interface RateLimited {
  status: 'rate-limited';
  retryAfterSeconds: number;
  done: Promise<void>;
}

export interface ConversationLimitDeps {
  /** Messages per conversation per minute. */
  perMinute: number;
  registry: Registry;
  logger: Logger;
}

/**
 * Counts and logs a message refused by its conversation's limit (at warn once per conversation
 * and window). The ingress counts the limit itself, in the round trip that stores the message.
 */
export function createConversationLimitReport(deps: ConversationLimitDeps): (channel: string, conversationKey: string, count: number) => void {
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
