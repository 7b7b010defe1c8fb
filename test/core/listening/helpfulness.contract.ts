import { describe, expect, it } from 'vitest';
import type { FaqHelpfulnessStore } from '../../../src/core/listening/types.js';

/** Two processes' views of one fresh store; in memory both are the same object. */
export interface HelpfulnessBackend {
  open(): Promise<{ store: FaqHelpfulnessStore; peer: FaqHelpfulnessStore }>;
}

/** What every helpfulness store must do, in memory and on Redis. */
export function faqHelpfulnessContract(name: string, backend: HelpfulnessBackend): void {
  describe(`${name} FAQ helpfulness store`, () => {
    it('starts empty', async () => {
      const { store } = await backend.open();
      expect(await store.list()).toEqual([]);
    });

    it('counts yes and no per entry, across processes, the least helpful first', async () => {
      const { store, peer } = await backend.open();
      await store.record('opening-hours', true);
      await peer.record('opening-hours', true);
      await store.record('opening-hours', false);
      await peer.record('shipping-costs', false);
      await store.record('returns', true);
      expect(await peer.list()).toEqual([
        { entryId: 'shipping-costs', yes: 0, no: 1 },
        { entryId: 'opening-hours', yes: 2, no: 1 },
        { entryId: 'returns', yes: 1, no: 0 },
      ]);
    });

    it('loses no count when two processes record at once', async () => {
      const { store, peer } = await backend.open();
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : peer).record('warranty', i % 3 !== 0)));
      const [row] = await store.list();
      expect(row).toEqual({ entryId: 'warranty', yes: 13, no: 7 });
    });

    it('keeps entry ids with a colon whole', async () => {
      const { store } = await backend.open();
      await store.record('a:b', false);
      expect(await store.list()).toEqual([{ entryId: 'a:b', yes: 0, no: 1 }]);
    });
  });
}
