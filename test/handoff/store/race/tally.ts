import type { Transition } from '../../../../src/handoff/types.js';

/** Counts of what the race attempted and how the store answered. */
export class Tally {
  readonly attempted: Record<string, number> = {};
  readonly succeeded: Record<string, number> = {};
  readonly refused: Record<string, number> = {};
  /** Races where more than one contender won: must stay empty. */
  readonly doubleWins: string[] = [];

  async run(op: string, call: Promise<Transition>): Promise<Transition> {
    this.attempted[op] = (this.attempted[op] ?? 0) + 1;
    const result = await call;
    if (result.ok) this.succeeded[op] = (this.succeeded[op] ?? 0) + 1;
    else this.refused[result.reason] = (this.refused[result.reason] ?? 0) + 1;
    return result;
  }

  /** Runs contenders at once; at most one may win. */
  async race(what: string, calls: Promise<Transition>[]): Promise<Transition[]> {
    const results = await Promise.all(calls);
    if (results.filter((r) => r.ok).length > 1) this.doubleWins.push(what);
    return results;
  }

  total(counts: Record<string, number>): number {
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lets workers be paused at a step boundary, so checkpoints see a quiet store. */
export class Gate {
  private paused?: { promise: Promise<void>; resolve: () => void };
  private inFlight = 0;
  private idle?: () => void;

  async enter(): Promise<void> {
    while (this.paused) await this.paused.promise;
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.idle?.();
  }

  async pause(): Promise<void> {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.paused = { promise, resolve };
    if (this.inFlight > 0) await new Promise<void>((r) => (this.idle = r));
    this.idle = undefined;
  }

  resume(): void {
    const p = this.paused;
    this.paused = undefined;
    p?.resolve();
  }
}
