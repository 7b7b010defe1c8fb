/** Shared numbers both stores honour, so they behave the same. */

/** A VIP case is queued as if it had waited this much longer (ms). */
export const DEFAULT_VIP_BOOST_MS = 15 * 60_000;

/** How long a customer's last agent is remembered (ms): about half a year. */
export const LAST_AGENT_TTL_MS = 180 * 24 * 60 * 60_000;

/** Recent waits kept for the wait estimate. */
export const RECENT_WAITS_KEPT = 100;

/** Audit entries kept (approximately, on Redis: `XADD MAXLEN ~`). */
export const AUDIT_MAX_LEN = 100_000;

/** Two offers in a row left to expire make an agent `away`. */
export const MISSED_OFFERS_AWAY = 2;

export const TIMER_KINDS = ['offer-expiry', 'customer-idle', 'queue-timeout', 'prefer-expiry', 'agent-idle', 'shift-end', 'unanswered'] as const;

/** Finished cases remembered per customer key, for the agent's context. */
export const HISTORY_KEPT = 20;
