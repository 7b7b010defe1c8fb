import type { StoreItems } from 'botbuilder-core';
import type { StateStorage } from './state-storage.js';
import { TurnScope, TurnScopes } from './turn-scope.js';

/**
 * botbuilder's ConversationState and UserState each read and write storage on their own: three or
 * four round trips per turn. Inside `runTurn`, this wrapper reads every key the turn will need in
 * one call the first time any of them is asked for (or not at all when the ingress read them with
 * the message), and holds writes until the turn ends. Under the ingress the writes go out with the
 * turn's commit (state, inbox ack and lease in one script); on its own the wrapper writes them in
 * one call at the end. Outside a turn it passes through.
 */
export class TurnBatchingStorage implements StateStorage {
  constructor(
    private readonly inner: StateStorage,
    readonly scopes: TurnScopes = new TurnScopes(),
  ) {}

  get kind(): StateStorage['kind'] {
    return this.inner.kind;
  }

  /** Runs `fn` as one turn that will touch `keys`; writes the turn's changes before resolving (or leaves them to the ingress's commit). */
  async runTurn<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const outer = this.scopes.current();
    if (outer) {
      for (const key of keys) outer.declared.add(key);
      try {
        return await fn();
      } catch (err) {
        outer.discardState();
        throw err;
      }
    }
    const turn = new TurnScope('');
    for (const key of keys) turn.declared.add(key);
    const result = await this.scopes.run(turn, fn);
    await this.flush(turn);
    return result;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const turn = this.scopes.current();
    if (!turn || !keys.every((k) => turn.declared.has(k) || turn.known.has(k))) return this.inner.read(keys);
    if (keys.some((k) => !turn.known.has(k))) await this.load(turn);
    const out: StoreItems = {};
    for (const key of keys) {
      if (turn.pendingDeletes.has(key)) continue;
      const item = turn.pending[key] ?? turn.loaded[key];
      if (item) out[key] = structuredClone(item);
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const turn = this.scopes.current();
    if (!turn) return this.inner.write(changes);
    for (const [key, item] of Object.entries(changes)) {
      turn.pendingDeletes.delete(key);
      // A snapshot: what was saved is what gets written, even if the object changes later.
      turn.pending[key] = structuredClone(item);
    }
  }

  async delete(keys: string[]): Promise<void> {
    const turn = this.scopes.current();
    if (!turn) return this.inner.delete(keys);
    for (const key of keys) {
      delete turn.pending[key];
      turn.pendingDeletes.add(key);
    }
  }

  /** One read for every declared key nobody has read yet; concurrent readers share it. */
  private async load(turn: TurnScope): Promise<void> {
    while (true) {
      const missing = [...turn.declared].filter((k) => !turn.known.has(k));
      if (missing.length === 0) return;
      if (!turn.loading) {
        turn.loading = this.inner.read(missing).then(
          (items) => {
            Object.assign(turn.loaded, items);
            for (const key of missing) turn.known.add(key);
            turn.loading = undefined;
          },
          (err: unknown) => {
            turn.loading = undefined;
            throw err;
          },
        );
      }
      await turn.loading;
    }
  }

  private async flush(turn: TurnScope): Promise<void> {
    if (turn.pendingDeletes.size) await this.inner.delete([...turn.pendingDeletes]);
    if (Object.keys(turn.pending).length) await this.inner.write(turn.pending);
  }
}
