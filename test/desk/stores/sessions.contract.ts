import { describe, expect, it } from 'vitest';
import { SHORT_TTL_MS, sleep, type DeskStoresBackend } from './backend.js';

/** What an agent notices of their sessions: signed in everywhere, signed out everywhere, and not forever. */
export function sessionStoreContract(name: string, backend: DeskStoresBackend): void {
  describe(`${name} desk session store contract`, () => {
    it('knows the agent of a new session, in every process', async () => {
      const { store, peer } = await backend.open();
      const session = await store.sessions.create('anna');
      expect(await peer.sessions.touch(session)).toBe('anna');
      expect(await peer.sessions.alive(session)).toBe('anna');
      expect(await store.sessions.alive(session)).toBe('anna');
    });

    it('hands out a different, unguessable session each time, and knows no other', async () => {
      const { store } = await backend.open();
      const first = await store.sessions.create('anna');
      const second = await store.sessions.create('anna');
      expect(first).not.toBe(second);
      // 32 random bytes, URL-safe: fits a cookie and cannot be guessed.
      expect(first).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(await store.sessions.touch('not-a-session')).toBeUndefined();
      expect(await store.sessions.alive(first.slice(0, -1))).toBeUndefined();
    });

    it('signs out everywhere, and only that session', async () => {
      const { store, peer } = await backend.open();
      const laptop = await store.sessions.create('anna');
      const phone = await store.sessions.create('anna');
      await store.sessions.end(laptop);
      expect(await peer.sessions.touch(laptop)).toBeUndefined();
      expect(await peer.sessions.alive(laptop)).toBeUndefined();
      expect(await peer.sessions.alive(phone)).toBe('anna');
      // Signing out twice (two tabs) is no error.
      await expect(peer.sessions.end(laptop)).resolves.toBeUndefined();
    });

    it('ends a session nobody uses for its lifetime', async () => {
      const { store, peer } = await backend.open({ sessionTtlMs: SHORT_TTL_MS });
      const session = await store.sessions.create('anna');
      await sleep(SHORT_TTL_MS + 400);
      expect(await peer.sessions.alive(session)).toBeUndefined();
      expect(await peer.sessions.touch(session)).toBeUndefined();
    });

    it('keeps a session alive while the agent uses it (touch), but not while a stream only watches it (alive)', async () => {
      const { store, peer } = await backend.open({ sessionTtlMs: SHORT_TTL_MS });
      const used = await store.sessions.create('anna');
      const watched = await store.sessions.create('bram');
      await sleep(SHORT_TTL_MS / 2);
      expect(await peer.sessions.touch(used)).toBe('anna');
      expect(await peer.sessions.alive(watched)).toBe('bram');
      // Past the first lifetime: only the touched session was renewed.
      await sleep(SHORT_TTL_MS / 2 + 300);
      expect(await store.sessions.alive(used)).toBe('anna');
      expect(await store.sessions.alive(watched)).toBeUndefined();
      // Touching an ended session does not bring it back.
      expect(await store.sessions.touch(watched)).toBeUndefined();
    });
  });
}
