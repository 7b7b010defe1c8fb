import type { StoreItems } from 'botbuilder-core';
import { createEtagFactory } from './etag.js';
import { assertChanges, assertKeys, conflictError, expectedEtag, type StateStorage } from './state-storage.js';

/** In-process state: one process, nothing survives a restart. Values are kept as JSON so callers
 * can never mutate stored state by holding on to an object they read. */
export class MemoryStateStorage implements StateStorage {
  readonly kind = 'memory' as const;
  private readonly items = new Map<string, { eTag: string; json: string }>();
  private readonly nextEtag = createEtagFactory();

  async read(keys: string[]): Promise<StoreItems> {
    assertKeys(keys);
    const out: StoreItems = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (item) out[key] = { ...JSON.parse(item.json), eTag: item.eTag };
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    assertChanges(changes);
    const keys = Object.keys(changes);
    const conflicts = keys.filter((key) => {
      const expected = expectedEtag(changes[key]);
      const current = this.items.get(key);
      return expected !== undefined && current !== undefined && current.eTag !== expected;
    });
    if (conflicts.length) throw conflictError(conflicts);
    for (const key of keys) {
      const item = changes[key];
      const eTag = this.nextEtag();
      const { eTag: _old, ...value } = item ?? {};
      this.items.set(key, { eTag, json: JSON.stringify(value) });
      if (item && typeof item === 'object') item.eTag = eTag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    assertKeys(keys);
    for (const key of keys) this.items.delete(key);
  }

  get size(): number {
    return this.items.size;
  }
}
