// My chats: the ones I own, with unread counts.

import { h, own } from '../shared/dom.js';
import { openChat } from './chat.js';
import { els } from './els.js';
import { t } from './lang.js';
import { updateTitle } from './notify.js';
import { agentById, customerAvatar, displayName, keepFocus, metaLine, vipMark } from './people.js';
import { state } from './state.js';
import type { ChatItem } from './types.js';

export function renderMyChats(): void {
  const list = [...state.chats.values()];
  keepFocus(els.myChats, () => {
    els.myChats.replaceChildren();
    for (const item of list) els.myChats.append(chatRow(item));
  });
  els.mineCount.textContent = list.length ? String(list.length) : '';
  els.mineEmpty.hidden = list.length > 0;
  els.mineEmpty.textContent = state.me?.presence === 'online' ? t('noChatsOnline') : t('noChats');
  renderTeamChats();
  updateTitle();
}

/** Supervisors: colleagues' chats, each with whose it is; opening one shows it read only. */
function renderTeamChats(): void {
  const list = [...state.others.values()];
  keepFocus(els.teamChats, () => {
    els.teamChats.replaceChildren();
    for (const item of list) els.teamChats.append(chatRow(item));
  });
  els.teamCount.textContent = list.length ? String(list.length) : '';
  els.teamSection.hidden = list.length === 0;
}

function chatRow(item: ChatItem): HTMLLIElement {
  const li = h('li', 'chat-row');
  li.dataset.key = item.key;
  const button = h('button', 'chat-row__button');
  button.type = 'button';
  button.dataset.action = 'open';
  if (state.open?.key === item.key) button.setAttribute('aria-current', 'true');
  button.addEventListener('click', () => void openChat(item.key, { focusReply: true }));
  button.append(customerAvatar(item, 'avatar--sm'));
  const main = h('span', 'chat-row__main');
  const top = h('span', 'chat-row__top');
  top.append(own('span', 'chat-row__name', displayName(item)));
  if (item.vip) top.append(vipMark());
  main.append(top);
  main.append(h('span', 'chat-row__meta', metaLine(item)));
  if (state.me?.agent.role === 'supervisor' && item.agentId && item.agentId !== state.me.agent.id) {
    main.append(h('span', 'chat-row__meta', t('assigned', { name: agentById(item.agentId)?.name ?? item.agentId })));
  } else if (item.state === 'offered' && item.offeredTo && item.offeredTo !== state.me?.agent.id) {
    main.append(h('span', 'chat-row__meta', t('offered', { name: agentById(item.offeredTo)?.name ?? item.offeredTo })));
  }
  button.append(main);
  const unread = state.unread.get(item.key) ?? 0;
  if (unread) {
    const badge = h('span', 'unread', String(unread));
    badge.setAttribute('aria-label', t('unread', { n: unread }));
    button.append(badge);
  }
  li.append(button);
  return li;
}

export function bumpUnread(key: string): void {
  state.unread.set(key, (state.unread.get(key) ?? 0) + 1);
  renderMyChats();
}

/** Back in the tab: what was unread in the open chat is read now. */
export function initUnread(): void {
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && state.open) {
      state.unread.delete(state.open.key);
      renderMyChats();
    }
  });
}
