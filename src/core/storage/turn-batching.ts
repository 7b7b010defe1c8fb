import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreItems } from 'botbuilder';
import type { StateStorage } from './state-storage.js';

interface TurnScope {
  keys: string[];
  loaded?: Promise<StoreItems>;
  pending: StoreItems;
  pendingDeletes: Set<string>;
}

/**
 * botbuilder's ConversationState and UserState each read and write storage on their own: three or
 * four round trips per turn. Inside `runTurn`, this wrapper reads every key the turn will need in
 * one call the first time any of them is asked for, and holds writes until the turn ends, then
 * writes them together in one call (one Lua script on Redis). Outside a turn it passes through.
 */
export class TurnBatchingStorage implements StateStorage {
  private readonly scope = new AsyncLocalStorage<TurnScope>();

  constructor(private readonly inner: StateStorage) {}

  get kind(): StateStorage['kind'] {
    return this.inner.kind;
  }

  /** Runs `fn` as one turn that will touch `keys`; flushes the turn's writes before resolving. */
  async runTurn<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const turn: TurnScope = { keys, pending: {}, pendingDeletes: new Set() };
    const result = await this.scope.run(turn, fn);
    await this.flush(turn);
    return result;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const turn = this.scope.getStore();
    if (!turn || !keys.every((k) => turn.keys.includes(k))) return this.inner.read(keys);
    turn.loaded ??= this.inner.read(turn.keys);
    const loaded = await turn.loaded;
    const out: StoreItems = {};
    for (const key of keys) {
      if (turn.pendingDeletes.has(key)) continue;
      const item = turn.pending[key] ?? loaded[key];
      if (item) out[key] = structuredClone(item);
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const turn = this.scope.getStore();
    if (!turn) return this.inner.write(changes);
    for (const [key, item] of Object.entries(changes)) {
      turn.pendingDeletes.delete(key);
      // A snapshot: what was saved is what gets written, even if the object changes later.
      turn.pending[key] = structuredClone(item);
    }
  }

  async delete(keys: string[]): Promise<void> {
    const turn = this.scope.getStore();
    if (!turn) return this.inner.delete(keys);
    for (const key of keys) {
      delete turn.pending[key];
      turn.pendingDeletes.add(key);
    }
  }

  private async flush(turn: TurnScope): Promise<void> {
    if (turn.pendingDeletes.size) await this.inner.delete([...turn.pendingDeletes]);
    if (Object.keys(turn.pending).length) await this.inner.write(turn.pending);
  }
}
