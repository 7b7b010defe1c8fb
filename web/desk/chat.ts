// The chat on screen: opening it, its header and actions, and keeping its transcript current.

import { debounce } from '../shared/debounce.js';
import { own } from '../shared/dom.js';
import { isEntry, type TranscriptEntry } from '../shared/transcript.js';
import { api, apiError, enc } from './api.js';
import { clearFiles } from './attachments.js';
import { renderContext } from './context.js';
import { els } from './els.js';
import { t } from './lang.js';
import { renderMyChats } from './my-chats.js';
import { acceptOffer, declineOffer } from './offers.js';
import { agentById, customerAvatar, displayName, metaLine, vipMark } from './people.js';
import { checkedPresence } from './presence.js';
import { reportError } from './refresh.js';
import { state } from './state.js';
import { tick } from './ticker.js';
import { addEntry } from './transcript.js';
import type { ChatItem, ChatMode, ChatPacket } from './types.js';

export function modeFor(key: string): ChatMode | undefined {
  if (state.chats.has(key)) return 'owner';
  if (state.offers.has(key)) return 'offer';
  if (state.others.has(key)) return 'watch';
  return undefined;
}

export async function openChat(key: string, { focusReply = false, focus = true } = {}): Promise<void> {
  const same = state.open?.key === key;
  if (!same || !state.open) {
    state.open = { key, mode: modeFor(key) ?? 'closed', context: undefined, notes: [], entries: new Map(), lastId: undefined };
    els.log.replaceChildren();
    els.notes.replaceChildren();
    clearFiles();
    els.reply.value = '';
    els.composerStatus.textContent = '';
  } else {
    state.open.mode = modeFor(key) ?? state.open.mode;
  }
  state.unread.delete(key);
  els.placeholder.hidden = true;
  els.chat.hidden = false;
  els.context.hidden = false;
  els.app.dataset.view = 'chat';
  els.app.dataset.chat = 'open';
  renderMyChats();
  renderChatHead();
  await reloadOpenChat();
  if (state.open?.key !== key || !focus) return;
  if (focusReply && state.open.mode === 'owner') els.reply.focus();
  else if (state.open.mode === 'offer') els.chatAccept.focus();
  else els.conversation.focus();
}

export async function reloadOpenChat(): Promise<void> {
  const open = state.open;
  if (!open || open.mode === 'closed') return;
  let packet: ChatPacket | undefined;
  try {
    packet = await api<ChatPacket>('GET', `/chats/${enc(open.key)}`);
  } catch (thrown) {
    const err = apiError(thrown);
    if (err.status === 403 || err.status === 404) return markOpenClosed();
    return reportError(thrown);
  }
  if (state.open !== open) return;
  open.context = packet;
  open.notes = packet?.notes ?? [];
  for (const entry of packet?.transcript ?? []) addEntry(entry);
  renderChatHead();
  renderContext();
  await catchUpTranscript();
}

export async function catchUpTranscript(): Promise<void> {
  const open = state.open;
  if (!open || open.mode === 'closed') return;
  const query = open.lastId ? `?after=${enc(open.lastId)}` : '';
  try {
    const data = await api<{ entries?: TranscriptEntry[] }>('GET', `/chats/${enc(open.key)}/transcript${query}`);
    if (state.open !== open) return;
    for (const entry of data?.entries ?? []) if (isEntry(entry)) addEntry(entry);
  } catch (thrown) {
    const err = apiError(thrown);
    if (err.status === 403 || err.status === 404) return;
    reportError(thrown);
  }
}
export const catchUpSoon = debounce(catchUpTranscript, 60);

/** The open chat as a list item: from my chats, my offers, or what the server told about it. */
export function openItem(): Partial<ChatItem> | undefined {
  const open = state.open;
  if (!open) return undefined;
  const c = open.context;
  return (
    state.chats.get(open.key) ??
    state.offers.get(open.key) ??
    state.others.get(open.key) ??
    (c && { key: open.key, customerName: c.customerName, customerLabel: c.customerLabel, reason: c.reason, language: c.language, channel: c.channel, vip: c.case?.vip })
  );
}

export function renderChatHead(): void {
  const open = state.open;
  if (!open) return;
  const item = openItem() ?? { key: open.key };
  const name = displayName(item);
  els.chatTitle.replaceChildren(own('span', '', name));
  if (item.vip) els.chatTitle.append(' ', vipMark());
  els.chatSub.textContent = metaLine(item);
  const avatar = customerAvatar(item, 'avatar--md');
  els.chatAvatar.replaceWith(avatar);
  els.chatAvatar = avatar;
  els.chatAvatar.id = 'chat-avatar';
  els.log.setAttribute('aria-label', t('conversationWith', { name }));
  els.replyLabel.textContent = t('replyTo', { name });
  const owner = open.mode === 'owner';
  els.chatActions.hidden = !owner;
  els.offerActions.hidden = open.mode !== 'offer';
  els.composer.hidden = !owner;
  els.locked.hidden = owner;
  els.locked.textContent = open.mode === 'offer' ? t('previewOnly') : open.mode === 'watch' ? watchText(item) : t('closedChat');
  els.chatAccept.setAttribute('aria-label', t('acceptLabel', { name }));
  els.chatDecline.setAttribute('aria-label', t('declineLabel', { name }));
  els.details.setAttribute('aria-expanded', String(els.app.dataset.context === 'open'));
  tick();
}

/** Whose chat a supervisor is reading. */
function watchText(item: Partial<ChatItem>): string {
  if (item.agentId) return t('watchWith', { name: agentById(item.agentId)?.name ?? item.agentId });
  return t('watchOffered', { name: agentById(item.offeredTo ?? '')?.name ?? item.offeredTo ?? '' });
}

export function markOpenClosed(): void {
  if (!state.open) return;
  state.open.mode = 'closed';
  renderChatHead();
}

export function closeChatView(): void {
  state.open = undefined;
  els.chat.hidden = true;
  els.context.hidden = true;
  els.placeholder.hidden = false;
  els.app.dataset.view = 'list';
  delete els.app.dataset.chat;
  delete els.app.dataset.context;
  renderMyChats();
}

/** After a chat left my hands: show the next one, or the list. */
export function afterChatLeft(): void {
  closeChatView();
  const next = els.myChats.querySelector<HTMLElement>('[data-action="open"]') ?? els.offerList.querySelector<HTMLElement>('[data-action="accept"]');
  if (next) next.focus();
  else {
    els.placeholderTitle.setAttribute('tabindex', '-1');
    els.placeholderTitle.focus();
  }
}

function toggleContext(open = els.app.dataset.context !== 'open'): void {
  if (open) els.app.dataset.context = 'open';
  else delete els.app.dataset.context;
  els.details.setAttribute('aria-expanded', String(open));
  const heading = els.context.querySelector('h2');
  if (open) {
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  } else els.details.focus();
}

export function initChat(): void {
  els.back.addEventListener('click', () => {
    const key = state.open?.key;
    els.app.dataset.view = 'list';
    delete els.app.dataset.context;
    const row =
      key &&
      (els.myChats.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] button`) ?? els.offerList.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] button`));
    (row || checkedPresence())?.focus();
  });
  els.details.addEventListener('click', () => toggleContext());
  els.contextClose.addEventListener('click', () => toggleContext(false));
  els.chatAccept.addEventListener('click', () => state.open && acceptOffer(state.open.key));
  els.chatDecline.addEventListener('click', () => state.open && declineOffer(state.open.key));
}
