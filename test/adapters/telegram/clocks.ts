import { stoppedError, type Clock } from '../../../src/adapters/telegram/clock.js';

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

/** Virtual time that moves only when the test says so. */
export class ManualClock implements Clock {
  private t = 0;
  private timers: { at: number; resolve(): void }[] = [];

  now(): number {
    return this.t;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(stoppedError());
      const timer = { at: this.t + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          reject(stoppedError());
        },
        { once: true },
      );
    });
  }

  /** Lets waiting work run, firing timers in time order up to now + ms. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.resolve();
    }
    this.t = target;
    await settle();
  }
}

/** Virtual time that jumps ahead by whatever is slept, at once; records each sleep. */
export class InstantClock implements Clock {
  private t = 0;
  readonly sleeps: number[] = [];

  now(): number {
    return this.t;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw stoppedError();
    this.sleeps.push(ms);
    this.t += ms;
    await new Promise((r) => setImmediate(r));
  }
}
