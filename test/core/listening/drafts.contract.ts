import { describe, expect, it } from 'vitest';
import type { NewTeachDraft, TeachDraftStore } from '../../../src/core/listening/drafts.js';
import { RESOLVED_KEEP_MS } from '../../../src/core/listening/drafts.js';

/** Two processes' views of one fresh store (in memory both are the same object), on a clock the test moves. */
export interface TeachDraftsBackend {
  open(now: () => number): Promise<{ drafts: TeachDraftStore; peer: TeachDraftStore }>;
}

const draft = (question: string, extra: Partial<NewTeachDraft> = {}): NewTeachDraft => ({
  conversation: 'webchat:a',
  language: 'en',
  question,
  reply: 'Yes, we repair e-bikes on Saturdays.',
  teaching: { kind: 'phrasing', entryId: 'warranty', language: 'en', question },
  missing: [],
  by: 'sanne',
  ...extra,
});

/** What every store of drafts taught from a handoff must do, in memory and on Redis. */
export function teachDraftsContract(name: string, backend: TeachDraftsBackend): void {
  describe(`${name} teaching drafts`, () => {
    it('keeps drafts for every process, oldest first, until one caller takes each out', async () => {
      let clock = 1_000_000;
      const { drafts, peer } = await backend.open(() => clock);
      const first = await drafts.add(draft('Do you repair e-bikes?'));
      clock += 1000;
      const second = await peer.add(draft('Can I pay by invoice?', { by: 'bram', missing: ['nl'] }));
      expect(first).toMatchObject({ at: 1_000_000, by: 'sanne', question: 'Do you repair e-bikes?' });
      expect(first.id).not.toBe(second.id);
      expect((await peer.list()).map((d) => d.question)).toEqual(['Do you repair e-bikes?', 'Can I pay by invoice?']);
      expect(await peer.get(second.id)).toEqual(second);
      expect(await drafts.get('no-such-draft')).toBeUndefined();
      const taken = await Promise.all([drafts.remove(first.id), peer.remove(first.id)]);
      expect(taken.filter(Boolean)).toHaveLength(1);
      expect((await drafts.list()).map((d) => d.id)).toEqual([second.id]);
    });

    it('remembers who resolved a chat, for a week', async () => {
      let clock = 5_000_000;
      const { drafts, peer } = await backend.open(() => clock);
      expect(await drafts.resolutionOf('webchat:a')).toBeUndefined();
      await drafts.resolved({ conversation: 'webchat:a', agentId: 'sanne', reason: 'not-understood', language: 'nl', at: clock });
      expect(await peer.resolutionOf('webchat:a')).toEqual({ conversation: 'webchat:a', agentId: 'sanne', reason: 'not-understood', language: 'nl', at: clock });
      expect(await peer.resolutionOf('webchat:b')).toBeUndefined();
      clock += RESOLVED_KEEP_MS + 1;
      // Redis expires it by its own clock; the memory store by the injected one.
      if (name === 'memory') expect(await drafts.resolutionOf('webchat:a')).toBeUndefined();
    });
  });
}
