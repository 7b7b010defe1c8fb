import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FakeWhatsAppWeb } from '../../support/fake-whatsapp-client.js';

type Model = Record<string, unknown> & { id: { fromMe: boolean; remote: string; id: string; _serialized: string; participant?: string } };

const all = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/whatsapp/messages.json'), 'utf8')) as Record<string, Model | string>;

export type FixtureKind =
  | 'text'
  | 'group-mention'
  | 'group-chatter'
  | 'image'
  | 'document'
  | 'voice'
  | 'audio'
  | 'video'
  | 'sticker'
  | 'location'
  | 'vcard'
  | 'multi-vcard'
  | 'status'
  | 'e2e-notification'
  | 'from-me';

/**
 * A copy of a fixture model with a fresh message id (so tests never collide in the dedupe
 * store), optionally moved to another chat.
 */
export function model(kind: FixtureKind, world: FakeWhatsAppWeb, overrides: Record<string, unknown> & { chatId?: string } = {}): Model {
  const base = structuredClone(all[kind]) as Model;
  if (!base || typeof base !== 'object') throw new Error(`no fixture ${kind}`);
  const { chatId, ...rest } = overrides;
  const remote = chatId ?? base.id.remote;
  const id = world.newId();
  const participant = base.id.participant;
  const fromMe = base.id.fromMe;
  const m: Model = { ...base, ...rest, id: { ...base.id, remote, id, _serialized: `${fromMe}_${remote}_${id}${participant ? `_${participant}` : ''}` } };
  if (!fromMe) m.from = remote;
  else m.to = remote;
  return m;
}
