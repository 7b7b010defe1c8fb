/** How an adapter retries a platform call that failed for a passing reason (network, 5xx, a reconnecting session). */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The first wait; doubled after each failure up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The wait before try `retry + 1` (retry 0 is the first retry): base, 2×base, 4×base… capped. */
export function backoffMs(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
}
