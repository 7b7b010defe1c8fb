// Live events (/api/desk/events): each one only says *that* something happened, and the console
// fetches what changed. After a reconnect everything is fetched again.

import { backoff, connectionBanner, eventData } from '../shared/http.js';
import { api, apiError } from './api.js';
import { catchUpSoon, markOpenClosed } from './chat.js';
import { els } from './els.js';
import { t, whyText } from './lang.js';
import { bumpUnread } from './my-chats.js';
import { announce, notify } from './notify.js';
import { displayName } from './people.js';
import { renderPresence } from './presence.js';
import { refreshAgents, refreshAll, refreshChatsSoon, refreshQueueSoon } from './refresh.js';
import { sessionEnded } from './signin.js';
import { state } from './state.js';
import type { DeskEvent } from './types.js';
import { onUnanswered } from './unanswered.js';

const EVENTS_URL = '/api/desk/events';
const BANNER_DELAY_MS = 1500;

let source: EventSource | undefined;
/** Whether the current stream was open before (so its next `ready` is a reconnect). */
let wasOpen = false;
let failures = 0;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

const banner = connectionBanner({ banner: els.banner, text: els.bannerText }, BANNER_DELAY_MS);

export function setConnected(connected: boolean): void {
  banner(connected, () => t('reconnecting'));
}

export function closeEvents(): void {
  clearTimeout(reconnectTimer);
  source?.close();
  source = undefined;
}

export function openEvents(reconnecting = false): void {
  closeEvents();
  const es = new EventSource(EVENTS_URL);
  source = es;
  wasOpen = reconnecting;
  es.addEventListener('ready', () => {
    if (source !== es) return;
    const again = failures > 0 || wasOpen;
    wasOpen = true;
    failures = 0;
    setConnected(true);
    // Whatever happened while we were away: fetch it all again.
    if (again) void refreshAll();
  });
  // The session ended (signed out on another device, expired): back to the sign-in form.
  es.addEventListener('signed-out', () => {
    if (source !== es) return;
    closeEvents();
    if (state.me) sessionEnded();
  });
  es.addEventListener('message', (event) => {
    if (source !== es) return;
    const data = eventData(event);
    if (typeof data === 'object' && data !== null) onDeskEvent(data as DeskEvent);
  });
  es.addEventListener('error', () => {
    if (source !== es) return;
    setConnected(false);
    if (es.readyState === EventSource.CONNECTING) {
      // The browser retries by itself; the next `ready` refreshes everything.
      wasOpen = true;
      return;
    }
    // CLOSED: refused (signed out?) or an error page. Find out which, then try again.
    closeEvents();
    failures++;
    reconnectTimer = setTimeout(
      async () => {
        try {
          await api('GET', '/me');
        } catch (err) {
          if (apiError(err).status === 401) return;
        }
        if (state.me) openEvents(true);
      },
      backoff(failures, false),
    );
  });
}

function onDeskEvent(event: DeskEvent): void {
  const me = state.me?.agent.id;
  const key = event.key ?? '';
  switch (event.type) {
    case 'offer':
      refreshChatsSoon();
      refreshQueueSoon();
      break;
    case 'offer-withdrawn': {
      const offer = state.offers.get(key);
      if (offer && event.agentId === me) {
        const why = whyText(event.why);
        notify(why ? t('offerGone', { name: displayName(offer), why }) : t('offerGoneNoWhy', { name: displayName(offer) }), 'warn', true);
      }
      if (state.open?.key === key && state.open.mode === 'offer') markOpenClosed();
      refreshChatsSoon();
      break;
    }
    case 'assigned':
      refreshChatsSoon();
      break;
    case 'closed': {
      // Closed by this console (resolve, hand back): the action tells the agent itself.
      const item = state.leaving.has(key) ? undefined : state.chats.get(key);
      if (item && event.agentId === me && state.open?.key !== key) notify(t('chatClosed', { name: displayName(item), how: t.map('how', event.how) }));
      if (state.open?.key === key && event.agentId === me) {
        if (state.open.mode === 'owner' && item) notify(t('chatClosed', { name: displayName(item), how: t.map('how', event.how) }));
        markOpenClosed();
      }
      state.chats.delete(key);
      refreshChatsSoon();
      break;
    }
    case 'customer-message': {
      const mine = state.chats.has(key) || state.offers.has(key);
      if (!mine) {
        if (state.open?.key === key && state.open.mode === 'watch') catchUpSoon();
        refreshQueueSoon();
        break;
      }
      const item = state.chats.get(key) ?? state.offers.get(key);
      if (state.open?.key === key) {
        catchUpSoon();
        if (document.hidden) bumpUnread(key);
        if (event.text) announce(t('newMessageFrom', { name: displayName(item), text: event.text }));
      } else {
        bumpUnread(key);
        announce(t('newMessageIn', { name: displayName(item) }));
      }
      break;
    }
    case 'agent-message':
      if (state.open?.key === key) catchUpSoon();
      break;
    case 'queue-changed':
    case 'opened':
      refreshQueueSoon();
      // A supervisor's list of colleagues' chats changes with the queue (offers made, taken, lapsed).
      if (state.me?.agent.role === 'supervisor') refreshChatsSoon();
      break;
    case 'transferred':
      if (event.toAgentId === me || event.fromAgentId === me) refreshChatsSoon();
      refreshQueueSoon();
      break;
    case 'presence':
      if (event.agentId === me && state.me && event.presence) {
        if (state.me.presence !== event.presence && event.why) {
          const why = whyText(event.why);
          notify(why ? t('presenceWhy', { presence: t(event.presence), why }) : t('presenceSet', { presence: t(event.presence) }), 'warn', true);
        }
        state.me.presence = event.presence;
        renderPresence();
      }
      void refreshAgents();
      break;
    case 'agent-idle': {
      if (event.agentId !== me) break;
      const item = state.chats.get(key);
      if (item) notify(t('agentIdle', { name: displayName(item), minutes: Math.round((event.waitingSeconds ?? 0) / 60) }), 'warn');
      break;
    }
    case 'unanswered':
      onUnanswered(event);
      break;
    default:
      break;
  }
}
