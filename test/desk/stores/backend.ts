import type { DeskStoreOptions, DeskStores } from '../../../src/desk/stores.js';

/** Two processes' views of one fresh, isolated set of desk stores; in memory (one process) both are the same object. */
export interface DeskStoresPair {
  store: DeskStores;
  peer: DeskStores;
}

/** A backend the desk store contracts run against. */
export interface DeskStoresBackend {
  open(options?: DeskStoreOptions): Promise<DeskStoresPair>;
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Lifetimes short enough to watch something expire in a test, long enough that a busy two-core
 * machine does not expire it early: every wait in the contracts keeps 300 ms or more either side.
 */
export const SHORT_TTL_MS = 1500;
