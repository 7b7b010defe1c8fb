// The context panel: what the bot collected, the transfer note, earlier conversations, linked
// identities and the agents' private notes.

import { stripBidiControls } from '../shared/bidi.js';
import { h, own } from '../shared/dom.js';
import { roleOf } from '../shared/transcript.js';
import { api, apiError, enc } from './api.js';
import { openItem, reloadOpenChat } from './chat.js';
import { els } from './els.js';
import { dateTimeFormat, shortWhen, t } from './lang.js';
import { announce } from './notify.js';
import { agentAvatar, agentById, waitingTime } from './people.js';
import { reportError } from './refresh.js';
import { state } from './state.js';
import type { Note } from './types.js';

export function renderContext(): void {
  const open = state.open;
  const packet = open?.context;
  if (!open || !packet) return;
  const item = openItem() ?? {};
  els.facts.replaceChildren();
  const fact = (label: string, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    const wrap = h('div', 'facts__row');
    wrap.append(h('dt', '', label));
    const dd = h('dd', '');
    if (value instanceof Node) dd.append(value);
    else dd.textContent = String(value);
    wrap.append(dd);
    els.facts.append(wrap);
  };
  fact(t('reason'), t.map('reasons', packet.reason));
  fact(t('languageLabel'), t.map('languages', packet.language));
  fact(t('channel'), t.map('channels', packet.channel));
  if (packet.case?.queuedAt && open.mode !== 'owner') fact(t('waitingSince'), waitingTime(packet.case.queuedAt, { label: false }));
  // After a transfer the case "prefers" its new owner: that is not someone the customer spoke to before.
  if (packet.previousAgent && packet.previousAgent.id !== state.me?.agent.id && packet.reason !== 'transfer') {
    const who = h('span', 'facts__agent');
    who.append(agentAvatar(agentById(packet.previousAgent.id) ?? packet.previousAgent, 'avatar--xs'), own('span', '', packet.previousAgent.name));
    fact(t('previousAgent'), who);
  }
  if (item.vip) fact(t('vip'), '★');

  els.collected.replaceChildren();
  const collected = Object.entries(packet.collected ?? {});
  if (collected.length === 0) {
    els.collected.append(h('div', 'side__empty', t('nothingCollected')));
  } else {
    for (const [key, value] of collected) {
      const row = h('div', 'facts__row');
      row.append(h('dt', '', humanKey(key)), own('dd', 'facts__value', value));
      els.collected.append(row);
    }
  }

  els.noteSection.hidden = !packet.note;
  els.transferNoteText.textContent = stripBidiControls(packet.note ?? '');
  els.transferNoteText.dir = 'auto';

  els.earlier.replaceChildren();
  const earlier = packet.earlierConversations ?? [];
  if (earlier.length === 0) els.earlier.append(h('p', 'side__empty', t('noEarlier')));
  for (const { entry, lastLines } of earlier) {
    const details = h('details', 'earlier');
    const summary = h('summary', '');
    const when = new Date(entry.closedAt);
    summary.append(h('span', '', t('earlierItem', { date: Number.isNaN(when.getTime()) ? '' : dateTimeFormat.format(when), how: t.map('how', entry.how) })));
    if (entry.agentId) summary.append(h('span', 'earlier__who', t('earlierWith', { name: agentById(entry.agentId)?.name ?? entry.agentId })));
    details.append(summary);
    const lines = h('ol', 'earlier__lines');
    for (const line of lastLines ?? []) {
      const role = roleOf(line);
      const li = h('li', `earlier__line earlier__line--${role}`);
      li.append(h('span', 'earlier__role', role === 'customer' ? t('customer') : role === 'agent' ? (line.from?.name ?? t('agent')) : t('bot')));
      li.append(own('span', '', line.text ?? ''));
      lines.append(li);
    }
    details.append(lines);
    els.earlier.append(details);
  }

  els.identities.replaceChildren();
  const others = packet.otherIdentities ?? [];
  if (others.length === 0) els.identities.append(h('li', 'side__empty', t('noIdentities')));
  const supervisor = state.me?.agent.role === 'supervisor';
  for (const id of others) {
    const [channel, ...rest] = String(id).split(':');
    const li = h('li', 'identity');
    li.append(h('span', 'identity__channel', t.map('channels', channel)), own('span', 'identity__id', rest.join(':')));
    if (supervisor) {
      const unlink = h('button', 'btn btn--ghost btn--sm identity__unlink', t('unlink'));
      unlink.type = 'button';
      unlink.setAttribute('aria-label', t('unlinkLabel', { id }));
      unlink.addEventListener('click', () => void unlinkIdentity(id));
      li.append(unlink);
    }
    els.identities.append(li);
  }
  els.linkForm.hidden = !supervisor;
  if (supervisor) renderLinkOptions(open.key);
  renderNotes();
}

/** Recent customers to pick from: the open chats this console knows of, other than this one. */
function renderLinkOptions(openKey: string): void {
  const seen = new Map<string, { customerName?: string; channel?: string }>();
  for (const item of [...state.queue.items, ...state.chats.values(), ...state.others.values(), ...state.offers.values()]) {
    if (item.key !== openKey && !seen.has(item.key)) seen.set(item.key, item);
  }
  els.linkOptions.replaceChildren();
  for (const [key, item] of seen) {
    const option = document.createElement('option');
    option.value = key;
    option.label = [item.customerName, item.channel ? t.map('channels', item.channel) : undefined].filter(Boolean).join(' · ') || key;
    els.linkOptions.append(option);
  }
}

async function unlinkIdentity(id: string): Promise<void> {
  const open = state.open;
  if (!open) return;
  try {
    await api('DELETE', `/chats/${enc(open.key)}/links/${enc(id)}`, {});
    announce(t('unlinked', { id }));
    if (state.open === open) await reloadOpenChat();
  } catch (err) {
    reportError(err);
  }
}

export function initLinking(): void {
  els.linkForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const open = state.open;
    const other = els.linkInput.value.trim();
    els.linkError.textContent = '';
    if (!open) return;
    if (!/^[a-z][a-z0-9-]*:\S+$/.test(other)) {
      els.linkError.textContent = t('linkNeedsKey');
      return;
    }
    try {
      await api('POST', `/chats/${enc(open.key)}/links`, { with: other });
      els.linkInput.value = '';
      announce(t('linked', { id: other }));
      if (state.open === open) await reloadOpenChat();
    } catch (err) {
      const e = apiError(err);
      if (e.status === 400 || e.status === 403 || e.status === 404) els.linkError.textContent = e.message;
      else reportError(err);
    }
  });
}

/** "orderNumber" or "order_number" → "Order number". */
function humanKey(key: string): string {
  const spaced = String(key)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

function renderNotes(): void {
  const notes = state.open?.notes ?? [];
  els.notes.replaceChildren();
  if (notes.length === 0) els.notes.append(h('li', 'side__empty', t('noNotes')));
  for (const note of notes) {
    const li = h('li', 'note');
    const meta = h('div', 'note__meta');
    meta.append(agentAvatar(agentById(note.agentId) ?? { id: note.agentId, name: note.agentName }, 'avatar--xs'));
    meta.append(h('span', 'note__author', note.agentName ?? note.agentId));
    const when = new Date(note.at);
    if (!Number.isNaN(when.getTime())) {
      const time = h('time', 'note__time', shortWhen(when));
      time.dateTime = when.toISOString();
      meta.append(time);
    }
    li.append(meta, own('p', 'note__text', note.text));
    els.notes.append(li);
  }
}

export function initNotes(): void {
  els.noteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const open = state.open;
    const text = els.noteInput.value.trim();
    if (!open || !text) return;
    try {
      const data = await api<{ note?: Note }>('POST', `/chats/${enc(open.key)}/notes`, { text });
      const note = data?.note;
      if (note && !open.notes.some((n) => n.id === note.id)) open.notes.push(note);
      els.noteInput.value = '';
      if (state.open === open) renderNotes();
      announce(t('noteAdded'));
    } catch (err) {
      reportError(err);
    }
  });
}
