// Rendering messages: each transcript entry as a message, in id order, with a date separator
// where the day changes. A message the customer just sent is shown at once (pending) and becomes
// the real entry when its echo arrives.

import { initials, personAvatar, safeImageUrl } from '../shared/avatar.js';
import { showBidiControls, stripBidiControls } from '../shared/bidi.js';
import { externalLink, h } from '../shared/dom.js';
import { showMarkdown } from '../shared/markdown.js';
import { compareIds, roleOf, type Attachment, type Role, type SuggestedAction, type TranscriptEntry } from '../shared/transcript.js';
import { botName, els } from './els.js';
import { followOwner } from './header.js';
import { dayKey, dayLabel, fullFormat, t, timeFormat } from './lang.js';
import { takePending } from './outbox.js';
import { afterAppend, nearBottom, showEmpty } from './scroll.js';
import { chat } from './state.js';
import { refreshSuggestions } from './suggestions.js';
import { hideTyping } from './typing.js';

/** A message element, with the buttons its entry suggested (shown under the latest message only). */
export type MessageElement = HTMLElement & { suggestedActions?: SuggestedAction[] };

/** A message to show: an entry, or a pending customer message (no id yet). */
type Shown = Omit<TranscriptEntry, 'id'> & { id?: string };

function parseTime(value: string | undefined): Date {
  const date = value ? new Date(value) : new Date();
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

export function timeElement(date: Date): HTMLTimeElement {
  const time = h('time', 'msg__time', timeFormat.format(date));
  time.dateTime = date.toISOString();
  time.title = fullFormat.format(date);
  return time;
}

/** The bot's avatar: its initials. */
export function botAvatar(el: HTMLElement): HTMLElement {
  el.textContent = initials(botName);
  return el;
}

export function buildMessage(entry: Shown): MessageElement {
  const role = roleOf(entry);
  const date = parseTime(entry.timestamp);
  const el: MessageElement = h('article', `msg msg--${role}`);
  el.dataset.testid = 'message';
  el.dataset.role = role;
  el.dataset.day = dayKey(date);
  el.dataset.dayLabel = dayLabel(date);
  if (entry.id) el.dataset.entryId = entry.id;

  const body = h('div', 'msg__body');
  const meta = h('div', 'msg__meta');
  if (role === 'customer') {
    meta.append(h('span', 'visually-hidden', `${t('you')}:`));
  } else {
    const name = role === 'agent' ? entry.from?.name || t('agent') : botName;
    const author = h('span', 'msg__author', name);
    author.dir = 'auto';
    author.dataset.testid = 'author';
    const badge = h('span', `badge badge--${role}`, role === 'agent' ? t('agent') : t('bot'));
    meta.append(author, badge, timeElement(date));
    const avatar = role === 'agent' ? personAvatar(entry.from, 'avatar avatar--person') : botAvatar(h('div', 'avatar avatar--bot avatar--sm'));
    avatar.setAttribute('aria-hidden', 'true');
    el.append(avatar);
  }
  body.append(meta);

  const bubble = h('div', 'msg__bubble');
  bubble.title = fullFormat.format(date);
  fillBubble(bubble, entry, role);
  body.append(bubble);

  const attachments = buildAttachments(entry.attachments);
  if (attachments) body.append(attachments);

  if (role === 'customer') {
    const foot = h('div', 'msg__foot');
    foot.append(timeElement(date));
    foot.append(h('span', 'msg__status'));
    body.append(foot);
  }
  if (entry.suggestedActions?.length) el.suggestedActions = entry.suggestedActions;
  el.append(body);
  return el;
}

function fillBubble(bubble: HTMLElement, entry: Shown, role: Role): void {
  const text = typeof entry.text === 'string' ? entry.text : '';
  bubble.hidden = text.trim() === '';
  // Each message is its own bidi paragraph, in the direction of its own words (Arabic, Hebrew).
  bubble.dir = 'auto';
  if (role === 'customer') {
    // What the customer typed is shown as typed: plain text, line breaks kept by CSS.
    bubble.classList.add('msg__bubble--plain');
    bubble.textContent = stripBidiControls(text);
  } else {
    showMarkdown(bubble, text);
  }
}

function buildAttachments(list: Attachment[] | undefined): HTMLElement | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const box = h('div', 'msg__attachments');
  for (const a of list) {
    const url = typeof a?.contentUrl === 'string' && /^https?:\/\//i.test(a.contentUrl) ? a.contentUrl : undefined;
    // A file name is a link's label: a control in it shows, so "factuur\u202Efdp.exe" cannot pass for a PDF.
    const label = a?.name ? showBidiControls(a.name) : t('attachment');
    const image = url && /^image\//.test(a.contentType ?? '') ? safeImageUrl(url) : undefined;
    if (url && image) {
      const link = externalLink('attachment attachment--image', url);
      const img = h('img');
      img.src = image;
      img.alt = label;
      img.loading = 'lazy';
      img.referrerPolicy = 'no-referrer';
      link.append(img);
      box.append(link);
    } else if (url) {
      box.append(externalLink('attachment', url, label));
    } else {
      box.append(h('span', 'attachment', label));
    }
  }
  return box;
}

export function isMessage(node: Element | null | undefined): node is MessageElement {
  return Boolean(node?.classList?.contains('msg'));
}

function previousMessage(el: Element): MessageElement | null {
  let node = el.previousElementSibling;
  while (node && !isMessage(node)) node = node.previousElementSibling;
  return node as MessageElement | null;
}

export function nextMessage(el: Element): MessageElement | null {
  let node = el.nextElementSibling;
  while (node && !isMessage(node)) node = node.nextElementSibling;
  return node as MessageElement | null;
}

/** Keeps a "Today" / date separator before `el` exactly when its day differs from the one before. */
function syncSeparator(el: MessageElement | null): void {
  if (!el) return;
  const prev = previousMessage(el);
  const needed = !prev || prev.dataset.day !== el.dataset.day;
  const existing = el.previousElementSibling?.classList.contains('day') ? el.previousElementSibling : undefined;
  if (needed && !existing) {
    const sep = h('div', 'day');
    sep.setAttribute('role', 'separator');
    sep.append(h('span', 'day__label', el.dataset.dayLabel));
    el.before(sep);
  } else if (!needed && existing) {
    existing.remove();
  }
  // Consecutive messages from the same author sit closer together.
  const sameAuthor = prev && !needed && prev.dataset.role === el.dataset.role && prev.dataset.author === el.dataset.author;
  el.classList.toggle('msg--follow', Boolean(sameAuthor));
}

/** Puts an entry's element in transcript order: by id, and before any still-pending messages. */
export function place(el: MessageElement, id?: string): void {
  // Moving an element that is already shown (a pending message that got its id): tidy up behind it.
  let oldNext: MessageElement | null = null;
  if (el.parentNode === els.messages) {
    oldNext = nextMessage(el);
    if (el.previousElementSibling?.classList.contains('day')) el.previousElementSibling.remove();
  }
  let before: Element | null = null;
  if (id) {
    for (const node of els.messages.children) {
      if (!isMessage(node) || node === el) continue;
      const other = node.dataset.entryId;
      if (!other || compareIds(other, id) > 0) {
        before = node;
        break;
      }
    }
  }
  if (before) {
    const sep = before.previousElementSibling?.classList.contains('day') ? before.previousElementSibling : before;
    els.messages.insertBefore(el, sep);
  } else {
    els.messages.append(el);
  }
  syncSeparator(el);
  syncSeparator(nextMessage(el));
  if (oldNext) syncSeparator(oldNext);
}

export function addEntry(entry: TranscriptEntry): void {
  if (!entry || typeof entry.id !== 'string' || chat.rendered.has(entry.id)) return;
  if (!chat.lastEntryId || compareIds(entry.id, chat.lastEntryId) > 0) chat.lastEntryId = entry.id;
  const stick = nearBottom();
  let el: MessageElement | undefined;
  if (entry.direction === 'in') {
    const item = takePending(entry.text);
    if (item) {
      el = item.el;
      el.dataset.entryId = entry.id;
      delete el.dataset.status;
      el.querySelector('.msg__status')!.textContent = '';
      el.querySelector('.msg__retry')?.remove();
      // The server's clock, not the browser's.
      const date = parseTime(entry.timestamp);
      el.dataset.day = dayKey(date);
      el.dataset.dayLabel = dayLabel(date);
      el.querySelector('.msg__foot time')?.replaceWith(timeElement(date));
      el.querySelector<HTMLElement>('.msg__bubble')!.title = fullFormat.format(date);
    }
  }
  if (!el) el = buildMessage(entry);
  followOwner(entry);
  el.dataset.author = entry.from?.id ?? entry.role;
  chat.rendered.set(entry.id, el);
  place(el, entry.id);
  if (entry.direction === 'out') hideTyping();
  refreshSuggestions();
  showEmpty();
  afterAppend(stick || entry.direction === 'in');
}
