// Start-up and fetching the lists again. The event stream only says *that* something happened;
// after a reconnect everything is fetched again, so a missed event costs nothing.

import { initInbox } from './inbox.js';
import { debounce } from '../shared/debounce.js';
import { api, apiError } from './api.js';
import { markOpenClosed, modeFor, openChat, reloadOpenChat, renderChatHead } from './chat.js';
import { els } from './els.js';
import { openEvents, setConnected } from './events.js';
import { t } from './lang.js';
import { renderMyChats } from './my-chats.js';
import { announce, chime, toast } from './notify.js';
import { renderOffers } from './offers.js';
import { displayName } from './people.js';
import { checkedPresence, renderMe, renderPresence } from './presence.js';
import { renderQueue } from './queue.js';
import { showSignIn } from './signin.js';
import { serverNow, state } from './state.js';
import type { Agent, ChatItem, Me, Offer } from './types.js';

export async function boot(): Promise<void> {
  let me: Me | undefined;
  try {
    me = await api<Me>('GET', '/me', undefined, { signIn: true });
  } catch (thrown) {
    const err = apiError(thrown);
    if (err.status === 401) return showSignIn();
    if (err.status === 503) return showSignIn(t('signInUnavailable', { message: err.message }));
    if (err.status === 404) return showSignIn(t('signInUnavailable', { message: t('noDeskApi') }));
    if (err.status === 0) return showSignIn(t('signInOffline'));
    return showSignIn(t('error', { message: err.message }));
  }
  state.me = me;
  els.signin.hidden = true;
  els.app.hidden = false;
  document.body.classList.remove('is-loading');
  renderMe();
  renderPresence();
  await refreshAll();
  openEvents();
  checkedPresence()?.focus();
  void initInbox();
}

export async function refreshAll(): Promise<void> {
  await Promise.all([refreshChats(), refreshQueue(), refreshAgents(), refreshMe()]);
  // The lists name colleagues: draw them again now that the agents are known.
  renderMyChats();
  if (state.open) await reloadOpenChat();
}

async function refreshMe(): Promise<void> {
  try {
    state.me = await api<Me>('GET', '/me');
    renderMe();
    renderPresence();
  } catch (err) {
    reportError(err);
  }
}

export async function refreshChats(): Promise<void> {
  let data: { offers?: Offer[]; chats?: ChatItem[]; others?: ChatItem[] } | undefined;
  try {
    data = await api('GET', '/chats');
  } catch (err) {
    return reportError(err);
  }
  const offers = new Map((data?.offers ?? []).map((o) => [o.key, o]));
  const fresh = [...offers.values()].filter((o) => !state.announced.has(o.key));
  state.offers = offers;
  state.chats = new Map((data?.chats ?? []).map((c) => [c.key, { ...c, since: serverNow() - (c.waitingSeconds ?? 0) * 1000 }]));
  // Supervisors: colleagues' chats (empty for everyone else).
  state.others = new Map((data?.others ?? []).map((c) => [c.key, c]));
  for (const key of state.announced) if (!offers.has(key)) state.announced.delete(key);
  for (const key of [...state.unread.keys()]) if (!state.chats.has(key) && !offers.has(key)) state.unread.delete(key);
  renderOffers();
  renderMyChats();
  // Nothing on screen: show the newest offer's conversation at once (focus stays where it is).
  const roomy = window.matchMedia?.('(min-width: 760px)').matches;
  const newest = fresh[fresh.length - 1];
  if (newest && !state.open && roomy) void openChat(newest.key, { focus: false });
  for (const offer of fresh) {
    state.announced.add(offer.key);
    const seconds = Math.max(0, Math.round((offer.deadline - serverNow()) / 1000));
    announce(t('offerAnnounce', { name: displayName(offer), reason: t.map('reasons', offer.reason), seconds }), true);
    chime();
  }
  // The chat on screen may have changed hands (accepted elsewhere, expired, transferred).
  if (state.open && state.open.mode !== 'closed') {
    const mode = modeFor(state.open.key);
    if (mode !== state.open.mode) {
      if (mode) {
        state.open.mode = mode;
        renderChatHead();
      } else if (state.me?.agent.role !== 'supervisor') {
        markOpenClosed();
      }
    }
  }
}

export async function refreshQueue(): Promise<void> {
  try {
    const data = await api<{ length?: number; items?: ChatItem[] }>('GET', '/queue');
    const now = serverNow();
    state.queue = { length: data?.length ?? 0, items: (data?.items ?? []).map((i) => ({ ...i, since: now - (i.waitingSeconds ?? 0) * 1000 })) };
    renderQueue();
  } catch (err) {
    reportError(err);
  }
}

export async function refreshAgents(): Promise<void> {
  try {
    const data = await api<{ agents?: Agent[] }>('GET', '/agents');
    state.agents = data?.agents ?? [];
  } catch (err) {
    reportError(err);
  }
}

export function reportError(thrown: unknown): void {
  const err = apiError(thrown);
  if (err.status === 401) return;
  if (err.status === 0 && err.code === 'NETWORK') return setConnected(false);
  toast(t('error', { message: err.message }), 'error');
}

// Several events in a burst (queue changes) cost one fetch.
export const refreshQueueSoon = debounce(refreshQueue, 150);
export const refreshChatsSoon = debounce(refreshChats, 80);
