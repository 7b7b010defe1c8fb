/**
 * The clock the WhatsApp adapter schedules with (reconnect backoff, lease renewal, send retries).
 * Injected so tests can step through a backoff without waiting for it.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export function realTimers(): Timers {
  return {
    setTimeout(fn, ms) {
      const handle = setTimeout(fn, ms);
      // A pending reconnect or lease retry must not keep a stopping process alive.
      handle.unref();
      return handle;
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    now: () => Date.now(),
  };
}

export function sleep(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, ms));
}
