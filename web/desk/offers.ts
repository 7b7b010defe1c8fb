// Offers: a chat offered to me, with a countdown; accept or decline it.

import { h, own } from '../shared/dom.js';
import { api, apiError, enc } from './api.js';
import { closeChatView, openChat } from './chat.js';
import { els } from './els.js';
import { t } from './lang.js';
import { announce, notify, updateTitle } from './notify.js';
import { cssId, customerAvatar, displayName, keepFocus, metaLine, vipMark } from './people.js';
import { checkedPresence } from './presence.js';
import { refreshChats, reportError } from './refresh.js';
import { serverNow, state } from './state.js';
import { tick } from './ticker.js';
import type { Offer } from './types.js';

export function renderOffers(): void {
  keepFocus(els.offerList, () => {
    els.offerList.replaceChildren();
    for (const offer of state.offers.values()) els.offerList.append(offerCard(offer));
  });
  els.offers.hidden = state.offers.size === 0;
  tick();
  updateTitle();
}

function offerCard(offer: Offer): HTMLLIElement {
  const name = displayName(offer);
  const li = h('li', 'offer');
  li.dataset.key = offer.key;
  li.setAttribute('aria-labelledby', `offer-${cssId(offer.key)}`);
  const top = h('div', 'offer__top');
  top.append(customerAvatar(offer, 'avatar--sm'));
  const title = h('div', 'offer__title');
  // The name opens the conversation before deciding (a preview; replying needs Accept).
  const nameEl = own('button', 'offer__name', name);
  nameEl.type = 'button';
  nameEl.id = `offer-${cssId(offer.key)}`;
  nameEl.title = t('preview');
  nameEl.dataset.action = 'preview';
  nameEl.addEventListener('click', () => openChat(offer.key));
  title.append(nameEl);
  if (offer.vip) title.append(vipMark());
  title.append(h('span', 'offer__meta', metaLine(offer)));
  top.append(title);
  li.append(top);

  const timer = h('div', 'offer__timer');
  timer.dataset.deadline = String(offer.deadline);
  timer.dataset.total = String(Math.max(1, offer.deadline - (offer.offeredAt ?? serverNow())));
  const bar = h('div', 'offer__bar');
  bar.append(h('div', 'offer__fill'));
  bar.setAttribute('aria-hidden', 'true');
  const count = h('span', 'offer__count');
  count.setAttribute('role', 'timer');
  count.setAttribute('aria-live', 'off');
  timer.append(bar, count);
  li.append(timer);

  const buttons = h('div', 'offer__buttons');
  const decline = h('button', 'btn btn--secondary btn--sm', t('decline'));
  decline.type = 'button';
  decline.dataset.action = 'decline';
  decline.setAttribute('aria-label', t('declineLabel', { name }));
  decline.addEventListener('click', () => declineOffer(offer.key));
  const accept = h('button', 'btn btn--accept btn--sm', t('accept'));
  accept.type = 'button';
  accept.dataset.action = 'accept';
  accept.setAttribute('aria-label', t('acceptLabel', { name }));
  accept.addEventListener('click', () => acceptOffer(offer.key));
  buttons.append(decline, accept);
  li.append(buttons);
  return li;
}

export async function acceptOffer(key: string): Promise<void> {
  const offer = state.offers.get(key);
  try {
    await api('POST', `/chats/${enc(key)}/accept`, {});
  } catch (err) {
    notify(t('error', { message: apiError(err).message }), 'error', true);
    await refreshChats();
    return;
  }
  state.offers.delete(key);
  state.announced.delete(key);
  announce(t('assignedToYou', { name: displayName(offer ?? { key }) }));
  await refreshChats();
  await openChat(key, { focusReply: true });
}

export async function declineOffer(key: string): Promise<void> {
  try {
    await api('POST', `/chats/${enc(key)}/decline`, {});
  } catch (err) {
    reportError(err);
  }
  state.offers.delete(key);
  if (state.open?.key === key) closeChatView();
  renderOffers();
  await refreshChats();
  (els.offerList.querySelector<HTMLElement>('[data-action="accept"]') ?? els.myChats.querySelector<HTMLElement>('[data-action="open"]') ?? checkedPresence())?.focus();
}
