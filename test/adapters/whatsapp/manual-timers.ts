import type { Timers } from '../../../src/adapters/whatsapp/timers.js';

/** Timers that only fire when the test says so, with a clock that only moves when told. */
export class ManualTimers implements Timers {
  private clock = 1_700_000_000_000;
  private nextId = 1;
  private readonly pending = new Map<number, { fn: () => void; at: number; ms: number }>();

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { fn, at: this.clock + ms, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  now(): number {
    return this.clock;
  }

  /** The delays of the timers waiting now, in the order they were set. */
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }

  /** Moves the clock to the earliest timer and fires it; returns its delay. */
  fireNext(): number {
    const [id, timer] = [...this.pending.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
    if (id === undefined || !timer) throw new Error('no timer is waiting');
    this.pending.delete(id);
    this.clock = Math.max(this.clock, timer.at);
    timer.fn();
    return timer.ms;
  }
}
