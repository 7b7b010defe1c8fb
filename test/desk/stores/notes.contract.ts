import { describe, expect, it } from 'vitest';
import type { DeskStoresBackend } from './backend.js';

const note = (key: string, text: string, agentId = 'anna') => ({ key, agentId, agentName: agentId === 'anna' ? 'Anna de Vries' : 'Bram', text });

/** What colleagues notice of private notes: they come back in the order written, on their own chat only. */
export function notesStoreContract(name: string, backend: DeskStoresBackend): void {
  describe(`${name} desk notes store contract`, () => {
    it('gives each note an id and a time, and shows it in every process', async () => {
      const { store, peer } = await backend.open();
      const before = Date.now();
      const added = await store.notes.add(note('telegram:42', 'wants a refund, not a voucher'));
      expect(added).toMatchObject(note('telegram:42', 'wants a refund, not a voucher'));
      expect(added.id).toMatch(/\S/);
      expect(Date.parse(added.at)).toBeGreaterThanOrEqual(before - 1000);
      expect(await peer.notes.list('telegram:42')).toEqual([added]);
    });

    it('lists the notes of a chat in the order they were written, whoever wrote them', async () => {
      const { store, peer } = await backend.open();
      const first = await store.notes.add(note('whatsapp:31612345678', 'called back at 14:00'));
      const second = await peer.notes.add(note('whatsapp:31612345678', 'parcel found in the depot', 'bram'));
      const third = await store.notes.add(note('whatsapp:31612345678', 'sent the new tracking code'));
      const listed = await peer.notes.list('whatsapp:31612345678');
      expect(listed.map((n) => n.text)).toEqual(['called back at 14:00', 'parcel found in the depot', 'sent the new tracking code']);
      expect(listed.map((n) => n.id)).toEqual([first.id, second.id, third.id]);
      expect(new Set(listed.map((n) => n.id)).size).toBe(3);
      expect(listed[1]).toMatchObject({ agentId: 'bram', agentName: 'Bram' });
    });

    it('shows a chat only its own notes', async () => {
      const { store, peer } = await backend.open();
      await store.notes.add(note('telegram:1', 'for chat one'));
      await store.notes.add(note('telegram:10', 'for chat ten'));
      await store.notes.add(note('slack:D1:1712345678.000100', 'for the Slack chat'));
      expect((await peer.notes.list('telegram:1')).map((n) => n.text)).toEqual(['for chat one']);
      expect((await peer.notes.list('telegram:10')).map((n) => n.text)).toEqual(['for chat ten']);
      expect((await peer.notes.list('slack:D1:1712345678.000100')).map((n) => n.text)).toEqual(['for the Slack chat']);
      expect(await peer.notes.list('telegram:2')).toEqual([]);
    });

    it('does not change a note once written, whatever a reader does with its copy', async () => {
      const { store, peer } = await backend.open();
      await store.notes.add(note('telegram:7', 'the original words'));
      const [copy] = await peer.notes.list('telegram:7');
      copy!.text = 'edited by a reader';
      expect((await store.notes.list('telegram:7'))[0]!.text).toBe('the original words');
    });

    it('keeps the latest 200 notes of a chat, oldest dropped first', async () => {
      const { store, peer } = await backend.open();
      for (let i = 1; i <= 205; i++) await store.notes.add(note('telegram:busy', `note ${i}`));
      const listed = await peer.notes.list('telegram:busy');
      expect(listed).toHaveLength(200);
      expect(listed[0]!.text).toBe('note 6');
      expect(listed.at(-1)!.text).toBe('note 205');
    });
  });
}
