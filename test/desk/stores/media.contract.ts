import { describe, expect, it } from 'vitest';
import { MEDIA_ID } from '../../../src/desk/api/media.js';
import { SHORT_TTL_MS, sleep, type DeskStoresBackend } from './backend.js';

/** Every byte value, then a stretch of pseudo-random bytes: what a photo or a PDF looks like to a store. */
function fileBytes(size: number): Buffer {
  const data = Buffer.alloc(size);
  let x = 2463534242;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = i < 256 ? i : x & 0xff;
  }
  return data;
}

/** What a customer notices of a file an agent sent: it opens as sent, at a link nobody can guess, for a while. */
export function mediaStoreContract(name: string, backend: DeskStoresBackend): void {
  describe(`${name} desk media store contract`, () => {
    it('gives back the file as it was put, with its type and name, in every process', async () => {
      const { store, peer } = await backend.open();
      const data = fileBytes(1024 * 1024);
      const id = await store.media.put({ contentType: 'application/pdf', name: 'factuur 2024-031.pdf', data });
      const got = await peer.media.get(id);
      expect(got?.contentType).toBe('application/pdf');
      expect(got?.name).toBe('factuur 2024-031.pdf');
      expect(got && Buffer.compare(got.data, data)).toBe(0);
    });

    it('names each file with an unguessable, URL-safe id, a new one every time', async () => {
      const { store, peer } = await backend.open();
      const data = fileBytes(300);
      const first = await store.media.put({ contentType: 'image/png', name: 'photo.png', data });
      const second = await store.media.put({ contentType: 'image/png', name: 'photo.png', data });
      expect(first).toMatch(MEDIA_ID);
      expect(second).toMatch(MEDIA_ID);
      expect(first).not.toBe(second);
      expect((await peer.media.get(second))?.name).toBe('photo.png');
    });

    it('has nothing under an id it did not hand out', async () => {
      const { store } = await backend.open();
      expect(await store.media.get('A'.repeat(32))).toBeUndefined();
    });

    it('lets a file go when its time is up', async () => {
      const { store, peer } = await backend.open({ mediaTtlMs: SHORT_TTL_MS });
      const id = await store.media.put({ contentType: 'image/jpeg', name: 'receipt.jpg', data: fileBytes(2048) });
      await sleep(SHORT_TTL_MS / 2);
      expect((await peer.media.get(id))?.contentType).toBe('image/jpeg');
      await sleep(SHORT_TTL_MS / 2 + 400);
      expect(await peer.media.get(id)).toBeUndefined();
      expect(await store.media.get(id)).toBeUndefined();
    });
  });
}
