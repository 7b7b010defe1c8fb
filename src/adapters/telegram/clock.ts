import { BalieError } from '../../core/errors.js';

/** Time as the Telegram adapter sees it; tests pass a virtual clock so pacing and retries need no real waits. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with SHUTTING_DOWN as soon as `signal` aborts, leaving no timer behind. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function stoppedError(what = 'waiting'): BalieError {
  return new BalieError('SHUTTING_DOWN', `the telegram adapter stopped while ${what}`);
}

export function createSystemClock(): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(stoppedError());
        const onAbort = () => {
          clearTimeout(timer);
          reject(stoppedError());
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
