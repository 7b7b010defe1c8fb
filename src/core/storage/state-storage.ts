import type { Storage, StoreItems } from 'botbuilder-core';
import { BalieError } from '../errors.js';

/**
 * The botbuilder `Storage` contract as balie's stores implement it (checked by one contract suite):
 * - `read` returns only the keys that exist;
 * - `write` is all-or-nothing: if any item carries an eTag that no longer matches the stored one,
 *   nothing is written and a `STORAGE_CONFLICT` error is thrown; an item without an eTag or with
 *   `'*'` overwrites; after a write each item object carries its new eTag, so a second save in the
 *   same turn does not conflict with the first;
 * - `delete` removes keys, missing ones are ignored.
 */
export interface StateStorage extends Storage {
  readonly kind: 'memory' | 'redis';
}

export function conflictError(keys: string[]): BalieError {
  return new BalieError('STORAGE_CONFLICT', `state was changed by someone else since it was read (eTag conflict on ${keys.join(', ')})`);
}

export function assertKeys(keys: string[] | undefined): asserts keys is string[] {
  if (!Array.isArray(keys)) throw new BalieError('BAD_REQUEST', 'storage keys must be an array of strings');
}

export function assertChanges(changes: StoreItems | undefined): asserts changes is StoreItems {
  if (!changes || typeof changes !== 'object') throw new BalieError('BAD_REQUEST', 'storage changes must be an object');
}

/** An eTag that asks for a compare-and-set, or undefined for "overwrite". */
export function expectedEtag(item: { eTag?: string } | undefined): string | undefined {
  const tag = item?.eTag;
  return tag && tag !== '*' ? tag : undefined;
}
