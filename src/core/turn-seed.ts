import type { StoreItems } from 'botbuilder-core';
import type { TurnScope, TurnSeed } from './storage/turn-scope.js';

/** The next message of a burst starts from what this turn read and wrote: no second read. */
export function nextSeed(scope: TurnScope, written: StoreItems, conflicted: boolean, raw: Map<string, string | null> | undefined): TurnSeed {
  if (conflicted) return { state: {}, known: [], raw: raw ?? new Map() };
  const state: StoreItems = {};
  const known: string[] = [];
  for (const key of scope.known) {
    if (scope.pendingDeletes.has(key)) {
      known.push(key);
    } else if (key in scope.pending) {
      if (written[key]) {
        state[key] = written[key];
        known.push(key);
      }
    } else {
      if (scope.loaded[key]) state[key] = scope.loaded[key];
      known.push(key);
    }
  }
  for (const key of Object.keys(written)) {
    if (!known.includes(key)) {
      state[key] = written[key];
      known.push(key);
    }
  }
  return { state, known, raw: raw ?? new Map() };
}
