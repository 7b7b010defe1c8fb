/**
 * Runs jobs of one conversation one after another, and jobs of different conversations in
 * parallel. This is the seam for cross-process ordering: a Redis-leased implementation can take
 * this one's place without the ingress noticing.
 */
export interface TurnScheduler {
  /** Queues `job` behind earlier jobs of `conversationKey`; resolves or rejects with the job. */
  schedule(conversationKey: string, job: () => Promise<void>): Promise<void>;
  /** Jobs queued or running. */
  readonly pending: number;
  /** Resolves when every queued job has finished. */
  drain(): Promise<void>;
}

export function createSerialScheduler(): TurnScheduler {
  const tails = new Map<string, Promise<void>>();
  let pending = 0;
  let idle: (() => void)[] = [];

  return {
    get pending() {
      return pending;
    },
    schedule(conversationKey, job) {
      pending++;
      const previous = tails.get(conversationKey) ?? Promise.resolve();
      const run = previous.then(job);
      // The chain must go on after a failed job, and must not hold on to finished conversations.
      const tail = run.then(
        () => undefined,
        () => undefined,
      );
      tails.set(conversationKey, tail);
      void tail.then(() => {
        if (tails.get(conversationKey) === tail) tails.delete(conversationKey);
        if (--pending === 0) {
          const waiters = idle;
          idle = [];
          waiters.forEach((w) => w());
        }
      });
      return run;
    },
    drain() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
  };
}
