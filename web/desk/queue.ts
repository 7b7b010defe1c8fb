// The queue: everyone waiting for a person; take one yourself.

import { h, own } from '../shared/dom.js';
import { api, apiError, enc } from './api.js';
import { openChat } from './chat.js';
import { els } from './els.js';
import { t } from './lang.js';
import { notify } from './notify.js';
import { agentById, displayName, keepFocus, metaLine, vipMark, waitingTime } from './people.js';
import { refreshChats, refreshQueue } from './refresh.js';
import { serverNow, state } from './state.js';
import type { ChatItem } from './types.js';

export function renderQueue(): void {
  const items = state.queue.items;
  keepFocus(els.queue, () => {
    els.queue.replaceChildren();
    for (const item of items) els.queue.append(queueRow(item));
  });
  els.queueCount.textContent = state.queue.length ? String(state.queue.length) : '';
  els.queueEmpty.hidden = items.length > 0;
}

function queueRow(item: ChatItem): HTMLLIElement {
  const li = h('li', 'queue-row');
  li.dataset.key = item.key;
  if (item.vip) li.classList.add('queue-row--vip');
  const head = h('div', 'queue-row__head');
  head.append(own('span', 'queue-row__name', displayName(item)));
  if (item.vip) head.append(vipMark());
  head.append(waitingTime(item.since ?? serverNow()));
  li.append(head);
  li.append(h('div', 'queue-row__meta', metaLine(item)));
  if (item.offeredTo)
    li.append(h('div', 'queue-row__meta', t('offered', { name: item.offeredTo === state.me?.agent.id ? t('you') : (agentById(item.offeredTo)?.name ?? item.offeredTo) })));
  if (item.state === 'queued') {
    const take = h('button', 'btn btn--secondary btn--sm queue-row__take', t('take'));
    take.type = 'button';
    take.dataset.action = 'take';
    take.setAttribute('aria-label', t('takeLabel', { name: displayName(item) }));
    take.disabled = state.me?.presence === 'offline';
    take.addEventListener('click', () => claim(item.key));
    li.append(take);
  }
  return li;
}

async function claim(key: string): Promise<void> {
  try {
    await api('POST', `/chats/${enc(key)}/claim`, {});
  } catch (err) {
    notify(t('error', { message: apiError(err).message }), 'error');
    await Promise.all([refreshQueue(), refreshChats()]);
    return;
  }
  await Promise.all([refreshQueue(), refreshChats()]);
  await openChat(key, { focusReply: true });
}
