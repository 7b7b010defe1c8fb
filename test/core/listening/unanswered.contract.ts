import { describe, expect, it } from 'vitest';
import type { InboxRetention, UnansweredAsked, UnansweredInbox } from '../../../src/core/listening/types.js';

/** Two processes' views of one fresh inbox; in memory both are the same object. */
export interface UnansweredBackend {
  open(retention?: Partial<InboxRetention>): Promise<{ inbox: UnansweredInbox; peer: UnansweredInbox }>;
}

const asked = (text: string, conversation: string, extra: Partial<UnansweredAsked> = {}): UnansweredAsked => ({
  text,
  language: 'en',
  channel: 'webchat',
  conversation,
  reason: 'abstained',
  ...extra,
});

/** What every unanswered-question inbox must do, in memory and on Redis. */
export function unansweredInboxContract(name: string, backend: UnansweredBackend): void {
  describe(`${name} unanswered-question inbox`, () => {
    it('groups paraphrases into one row with a count, first and last asked, channels and conversations', async () => {
      const { inbox, peer } = await backend.open();
      const first = Date.now() - 5000;
      await inbox.record(asked('Do you repair e-bikes?', 'webchat:a', { at: first }));
      const row = await peer.record(asked('can you repair my e-bike', 'telegram:7', { channel: 'telegram', at: first + 1000, reason: 'not-helpful' }));
      expect(row).toMatchObject({
        text: 'Do you repair e-bikes?',
        count: 2,
        firstAt: first,
        lastAt: first + 1000,
        channels: ['webchat', 'telegram'],
        conversations: ['telegram:7', 'webchat:a'],
      });
      expect(row.reasons).toEqual({ abstained: 1, 'not-helpful': 1 });
      expect(row.phrasings).toEqual(['can you repair my e-bike']);
      await inbox.record(asked('Do you sell bike locks?', 'webchat:b'));
      const list = await peer.list();
      expect(list.map((r) => [r.text, r.count])).toEqual([
        ['Do you repair e-bikes?', 2],
        ['Do you sell bike locks?', 1],
      ]);
      expect(await inbox.get(row.id)).toMatchObject({ count: 2 });
    });

    it('keeps the FAQ entries whose answers did not help, newest first, once each', async () => {
      const { inbox, peer } = await backend.open();
      const first = await inbox.record(asked('Do you repair e-bikes?', 'webchat:a'));
      expect(first.entries).toBeUndefined();
      await peer.record(asked('do you repair e-bikes', 'webchat:b', { reason: 'not-helpful', entryId: 'warranty' }));
      await inbox.record(asked('Do you repair e-bikes?', 'webchat:c', { reason: 'not-helpful', entryId: 'returns' }));
      const row = await peer.record(asked('Do you repair e-bikes?', 'webchat:d', { reason: 'not-helpful', entryId: 'warranty' }));
      expect(row.entries).toEqual(['warranty', 'returns']);
      expect((await inbox.get(row.id))?.entries).toEqual(['warranty', 'returns']);
      const fresh = await inbox.record(asked('What are your opening hours?', 'webchat:e', { reason: 'not-helpful', entryId: 'opening-hours' }));
      expect(fresh.entries).toEqual(['opening-hours']);
    });

    it('keeps languages apart and filters by language', async () => {
      const { inbox } = await backend.open();
      await inbox.record(asked('repareren jullie e-bikes', 'webchat:a', { language: 'nl' }));
      await inbox.record(asked('repareren jullie e-bikes', 'webchat:a', { language: 'en' }));
      expect((await inbox.list()).length).toBe(2);
      expect((await inbox.list({ language: 'nl' })).map((r) => r.language)).toEqual(['nl']);
    });

    it('stores no phone numbers or e-mail addresses', async () => {
      const { inbox } = await backend.open();
      const row = await inbox.record(asked('call me on +31 6 12345678 or mail anna.bakker@example.nl about the e-bike', 'webchat:a'));
      expect(row.text).not.toMatch(/12345678|anna\.bakker|example\.nl/);
      expect(row.text).toContain('[phone]');
      expect(row.text).toContain('[email]');
    });

    it('forgets questions older than keepDays and keeps at most maxQuestions, the least recently asked going first', async () => {
      const { inbox, peer } = await backend.open({ keepDays: 1, maxQuestions: 2 });
      const now = Date.now();
      await inbox.record(asked('do you sell bike locks', 'webchat:a', { at: now - 2 * 86_400_000 }));
      await inbox.record(asked('what is your parking policy', 'webchat:b', { at: now - 1000 }));
      expect((await peer.list()).map((r) => r.text)).toEqual(['what is your parking policy']);
      await inbox.record(asked('can I bring my dog into the shop', 'webchat:c', { at: now - 500 }));
      await inbox.record(asked('do you rent out bicycles', 'webchat:d', { at: now }));
      expect((await peer.list()).map((r) => r.text).sort()).toEqual(['can I bring my dog into the shop', 'do you rent out bicycles']);
    });

    it('removes a row (taught or ignored)', async () => {
      const { inbox, peer } = await backend.open();
      const row = await inbox.record(asked('do you rent out bicycles', 'webchat:a'));
      expect(await peer.remove(row.id)).toBe(true);
      expect(await peer.remove(row.id)).toBe(false);
      expect(await inbox.get(row.id)).toBeUndefined();
      expect(await inbox.list()).toEqual([]);
    });
  });
}
