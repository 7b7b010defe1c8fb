// The open chat's transcript: every entry as a message, in id order.

import { agentAvatar, customerAvatar, agentById, displayName, realName } from './people.js';
import { h, externalLink, own } from '../shared/dom.js';
import { safeLinkUrl } from '../shared/avatar.js';
import { showBidiControls, stripBidiControls } from '../shared/bidi.js';
import { showMarkdown } from '../shared/markdown.js';
import { compareIds, roleOf, type TranscriptEntry } from '../shared/transcript.js';
import { openItem } from './chat.js';
import { els } from './els.js';
import { shortWhen, t } from './lang.js';
import { state } from './state.js';

const BOT_ICON = 'M12 3v4M9 13h.01M15 13h.01';

export function addEntry(entry: TranscriptEntry): void {
  const open = state.open;
  if (!open || !entry || typeof entry.id !== 'string' || open.entries.has(entry.id)) return;
  open.entries.set(entry.id, entry);
  if (!open.lastId || compareIds(entry.id, open.lastId) > 0) open.lastId = entry.id;
  const stick = nearBottom();
  const el = buildEntry(entry);
  // In id order (a catch-up may deliver an older entry after a newer one).
  let before: Element | null = null;
  for (const node of els.log.children) {
    const id = (node as HTMLElement).dataset.entryId;
    if (id && compareIds(id, entry.id) > 0) {
      before = node;
      break;
    }
  }
  els.log.insertBefore(el, before);
  if (stick || roleOf(entry) === 'agent') els.log.scrollTop = els.log.scrollHeight;
}

function nearBottom(): boolean {
  return els.log.scrollHeight - els.log.scrollTop - els.log.clientHeight < 80;
}

/** The bot's avatar: a small robot drawn with DOM calls (no markup string). */
function botAvatar(): HTMLDivElement {
  const avatar = h('div', 'avatar avatar--bot avatar--sm');
  avatar.setAttribute('aria-hidden', 'true');
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 24 24', width: '16', height: '16', focusable: 'false' })) svg.setAttribute(k, v);
  const rect = document.createElementNS(NS, 'rect');
  for (const [k, v] of Object.entries({ x: '4', y: '7', width: '16', height: '12', rx: '4', fill: 'none', stroke: 'currentColor', 'stroke-width': '2' })) rect.setAttribute(k, v);
  const path = document.createElementNS(NS, 'path');
  for (const [k, v] of Object.entries({ d: BOT_ICON, stroke: 'currentColor', 'stroke-width': '2.4', 'stroke-linecap': 'round' })) path.setAttribute(k, v);
  svg.append(rect, path);
  avatar.append(svg);
  return avatar;
}

function buildEntry(entry: TranscriptEntry): HTMLElement {
  const role = roleOf(entry);
  const el = h('article', `msg msg--${role}`);
  el.dataset.entryId = entry.id;
  el.dataset.role = role;
  const date = new Date(entry.timestamp ?? '');
  const valid = !Number.isNaN(date.getTime());
  const mine = role === 'agent' && entry.from?.id === state.me?.agent.id;
  if (mine) el.classList.add('msg--mine');

  let author: string;
  let avatar: HTMLElement;
  if (role === 'customer') {
    const item = openItem() ?? {};
    // A quoted first question labels the chat in lists; as the author of every line it would only repeat it.
    const label = item.customerLabel?.startsWith('“') ? undefined : item.customerLabel;
    author = realName(entry.from?.name) ?? displayName({ ...item, customerLabel: label });
    avatar = customerAvatar({ key: state.open?.key, customerName: entry.from?.name || item.customerName }, 'avatar--sm');
  } else if (role === 'agent') {
    const known = agentById(entry.from?.id);
    const agent = { ...known, ...entry.from };
    if (!entry.from?.avatarUrl) agent.avatarUrl = known?.avatarUrl;
    author = agent.name || t('agent');
    avatar = agentAvatar(agent, 'avatar--sm');
  } else {
    author = t('bot');
    avatar = botAvatar();
  }
  el.append(avatar);

  const body = h('div', 'msg__body');
  const meta = h('div', 'msg__meta');
  meta.append(own('span', 'msg__author', author));
  meta.append(h('span', `badge badge--${role}`, role === 'customer' ? t('customer') : role === 'agent' ? (mine ? t('you') : t('agent')) : t('bot')));
  if (valid) {
    const time = h('time', 'msg__time', shortWhen(date));
    time.dateTime = date.toISOString();
    meta.append(time);
  }
  body.append(meta);

  const text = typeof entry.text === 'string' ? entry.text : '';
  if (text.trim()) {
    // Each message is its own bidi paragraph, in the direction of its own words.
    const bubble = own('div', 'msg__bubble');
    if (role === 'customer') {
      bubble.classList.add('msg__bubble--plain');
      bubble.textContent = stripBidiControls(text);
    } else {
      showMarkdown(bubble, text);
    }
    body.append(bubble);
  }
  if (Array.isArray(entry.attachments) && entry.attachments.length) {
    const files = h('div', 'msg__files');
    for (const a of entry.attachments) {
      const url = safeLinkUrl(a?.contentUrl);
      // A file name is a link's label: a control in it shows, so "factuur\u202Efdp.exe" cannot pass for a PDF.
      const label = a?.name ? showBidiControls(a.name) : a?.contentType || t('attachment');
      files.append(url ? externalLink('file-chip', url, label) : h('span', 'file-chip', label));
    }
    body.append(files);
  }
  if (Array.isArray(entry.suggestedActions) && entry.suggestedActions.length) {
    const chips = h('div', 'msg__choices');
    for (const action of entry.suggestedActions) chips.append(h('span', 'choice', action.title));
    body.append(chips);
  }
  el.append(body);
  return el;
}

export function rerenderLog(): void {
  const open = state.open;
  if (!open) return;
  els.log.replaceChildren(...[...open.entries.values()].sort((a, b) => compareIds(a.id, b.id)).map(buildEntry));
  els.log.scrollTop = els.log.scrollHeight;
}
