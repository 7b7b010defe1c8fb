// The header says who the customer is talking to: the shop's assistant, or the person who took the
// chat over. The server marks the handoff's notices with `owner` when that changes (a person, or
// null for the bot again); the newest such entry wins, so history and the live stream agree.

import { initials, personAvatar } from '../shared/avatar.js';
import { compareIds, type TranscriptEntry } from '../shared/transcript.js';
import { botName, els } from './els.js';
import { t } from './lang.js';

type Owner = { id?: string; name: string; avatarUrl?: string };

let newest: string | undefined;

/** Follows an entry's `owner` mark, unless a newer entry already set the header. */
export function followOwner(entry: TranscriptEntry): void {
  if (!('owner' in entry) || (newest && compareIds(entry.id, newest) < 0)) return;
  newest = entry.id;
  const owner = entry.owner && typeof entry.owner.name === 'string' && entry.owner.name.trim() ? { ...entry.owner, name: entry.owner.name } : undefined;
  showOwner(owner);
}

/** A new conversation: the assistant again. */
export function resetOwner(): void {
  newest = undefined;
  showOwner(undefined);
}

function showOwner(owner: Owner | undefined): void {
  const header = els.title.closest('header')!;
  const current = document.getElementById('header-avatar')!;
  header.classList.toggle('chat__header--person', Boolean(owner));
  els.title.textContent = owner ? owner.name.trim().split(/\s+/)[0]! : botName;
  els.owner.textContent = owner ? t('fromShop', { shop: botName }) : '';
  els.owner.hidden = !owner;
  const avatar = owner ? personAvatar(owner, 'avatar avatar--person avatar--lg') : document.createElement('div');
  if (!owner) {
    avatar.className = 'avatar avatar--bot avatar--lg';
    avatar.textContent = initials(botName);
  }
  avatar.id = 'header-avatar';
  avatar.setAttribute('aria-hidden', 'true');
  current.replaceWith(avatar);
}
