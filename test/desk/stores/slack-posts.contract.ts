import { describe, expect, it } from 'vitest';
import type { DeskPost } from '../../../src/desk/slack/store.js';
import type { DeskStoresBackend } from './backend.js';

const post = (over: Partial<DeskPost> = {}): DeskPost => ({
  key: 'telegram:42',
  openedAt: 1_712_000_000_000,
  channel: 'C0DESK',
  ts: '1712000000.000100',
  version: 3,
  state: 'offered',
  offeredTo: 'anna',
  noteBy: 'bram',
  head: JSON.stringify([{ type: 'section', text: { type: 'mrkdwn', text: '*Jan* asks about order 1234' } }]),
  ...over,
});

/**
 * What agents notice of the Slack desk's posts, whichever balie process Slack or the handoff calls:
 * one post per handoff, its thread leads to its chat, and it is redrawn by one process at a time.
 */
export function slackPostsStoreContract(name: string, backend: DeskStoresBackend): void {
  describe(`${name} Slack desk posts store contract`, () => {
    it('lets exactly one process post a handoff, even when all ask at once', async () => {
      const { store, peer } = await backend.open();
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? peer : store).slackPosts.claimPost('telegram:42', 1000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.slackPosts.claimPost('telegram:42', 1000)).toBe(false);
      expect(await peer.slackPosts.claimPost('telegram:42', 1000)).toBe(false);
    });

    it('posts a later handoff of the same conversation again, and other conversations independently', async () => {
      const { store, peer } = await backend.open();
      expect(await store.slackPosts.claimPost('telegram:42', 1000)).toBe(true);
      expect(await peer.slackPosts.claimPost('telegram:42', 2000)).toBe(true);
      expect(await peer.slackPosts.claimPost('telegram:43', 1000)).toBe(true);
    });

    it('keeps a saved post whole, and finds its chat from its thread, in every process', async () => {
      const { store, peer } = await backend.open();
      const saved = post({ state: 'active', agentId: 'anna', offeredTo: undefined, controlsTs: '1712000000.000200', closedHow: undefined });
      await store.slackPosts.savePost(saved);
      expect(await peer.slackPosts.post('telegram:42')).toEqual(saved);
      expect(await peer.slackPosts.byThread(saved.ts)).toEqual({ key: 'telegram:42', openedAt: saved.openedAt });
    });

    it('knows no post and no thread it was not told of', async () => {
      const { store } = await backend.open();
      expect(await store.slackPosts.post('telegram:404')).toBeUndefined();
      expect(await store.slackPosts.byThread('1712000000.999999')).toBeUndefined();
    });

    it('replaces the post of an earlier handoff of the conversation, while the old thread still leads to the chat', async () => {
      const { store, peer } = await backend.open();
      await store.slackPosts.savePost(post({ agentId: 'anna', controlsTs: '1712000000.000200' }));
      const next = post({ openedAt: 1_712_000_900_000, ts: '1712000900.000100', version: 0, state: 'queued', offeredTo: undefined, noteBy: undefined });
      await peer.slackPosts.savePost(next);
      // Nothing of the old post (its owner, its controls) lingers in the new one.
      expect(await store.slackPosts.post('telegram:42')).toEqual(next);
      expect(await store.slackPosts.byThread('1712000000.000100')).toEqual({ key: 'telegram:42', openedAt: 1_712_000_000_000 });
      expect(await store.slackPosts.byThread('1712000900.000100')).toEqual({ key: 'telegram:42', openedAt: 1_712_000_900_000 });
    });

    it('updates the fields it is given, and forgets the owner, the offer and the controls when told to', async () => {
      const { store, peer } = await backend.open();
      await store.slackPosts.savePost(post({ state: 'active', agentId: 'anna', controlsTs: '1712000000.000200' }));
      await peer.slackPosts.update('telegram:42', {
        state: 'closed',
        version: -1,
        closedHow: 'resolved',
        closedBy: 'anna',
        agentId: undefined,
        offeredTo: undefined,
        controlsTs: undefined,
      });
      const updated = await store.slackPosts.post('telegram:42');
      expect(updated).toEqual({
        ...post(),
        state: 'closed',
        version: -1,
        closedHow: 'resolved',
        closedBy: 'anna',
        agentId: undefined,
        offeredTo: undefined,
        controlsTs: undefined,
      });
      expect(updated?.agentId).toBeUndefined();
      expect(updated?.controlsTs).toBeUndefined();
    });

    it('makes no post out of an update to one that was never saved', async () => {
      const { store } = await backend.open();
      await store.slackPosts.update('telegram:77', { state: 'queued', version: 1 });
      expect(await store.slackPosts.post('telegram:77')).toBeUndefined();
    });

    it('tells whoever redraws that a post changed, once', async () => {
      const { store, peer } = await backend.open();
      expect(await store.slackPosts.isDirty('telegram:42')).toBe(false);
      await store.slackPosts.markDirty('telegram:42');
      await store.slackPosts.markDirty('telegram:42');
      expect(await peer.slackPosts.isDirty('telegram:42')).toBe(true);
      expect(await peer.slackPosts.isDirty('telegram:43')).toBe(false);
      expect(await peer.slackPosts.takeDirty('telegram:42')).toBe(true);
      expect(await store.slackPosts.takeDirty('telegram:42')).toBe(false);
      expect(await store.slackPosts.isDirty('telegram:42')).toBe(false);
    });

    it('lets one process at a time redraw a post', async () => {
      const { store, peer } = await backend.open();
      const release = await store.slackPosts.lock('telegram:42', 10_000);
      expect(release).toBeTypeOf('function');
      expect(await peer.slackPosts.lock('telegram:42', 10_000)).toBeUndefined();
      // Another post is not held up.
      const other = await peer.slackPosts.lock('telegram:43', 10_000);
      expect(other).toBeTypeOf('function');
      await release!();
      const next = await peer.slackPosts.lock('telegram:42', 10_000);
      expect(next).toBeTypeOf('function');
      await next!();
      await other!();
    });
  });
}
