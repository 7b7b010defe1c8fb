// Ticking clocks and countdowns: one timer for the whole page.

import { els } from './els.js';
import { t } from './lang.js';
import { announce, flashTitle } from './notify.js';
import { clock, displayName } from './people.js';
import { serverNow, state } from './state.js';

const lastUrgent = new Set<string>();

export function tick(): void {
  const now = serverNow();
  for (const el of document.querySelectorAll<HTMLElement>('[data-since]')) {
    const value = el.querySelector('.ticker__value') ?? el;
    value.textContent = clock((now - Number(el.dataset.since)) / 1000);
  }
  for (const el of document.querySelectorAll<HTMLElement>('.offer__timer[data-deadline]')) {
    const left = Math.max(0, Number(el.dataset.deadline) - now);
    const seconds = Math.ceil(left / 1000);
    const count = el.querySelector<HTMLElement>('.offer__count')!;
    count.textContent = t('secondsLeft', { seconds });
    count.setAttribute('aria-label', t('secondsLeftLong', { seconds }));
    el.querySelector<HTMLElement>('.offer__fill')!.style.setProperty('--left', String(Math.min(1, left / Number(el.dataset.total))));
    el.classList.toggle('offer__timer--urgent', urgent(seconds, Number(el.dataset.total)));
  }
  // Screen readers hear the countdown once more near its end, not every second.
  for (const offer of state.offers.values()) {
    const seconds = Math.ceil((offer.deadline - now) / 1000);
    if (seconds <= 10 && seconds > 0 && !lastUrgent.has(offer.key)) {
      lastUrgent.add(offer.key);
      announce(t('offerSoon', { name: displayName(offer), seconds }), true);
    }
  }
  for (const key of lastUrgent) if (!state.offers.has(key)) lastUrgent.delete(key);
  if (state.open?.mode === 'offer') {
    const offer = state.offers.get(state.open.key);
    const seconds = offer ? Math.max(0, Math.ceil((offer.deadline - now) / 1000)) : 0;
    els.chatCountdown.textContent = offer ? t('secondsLeft', { seconds }) : '';
    els.chatCountdown.classList.toggle('countdown--urgent', Boolean(offer) && urgent(seconds, offer!.deadline - (offer!.offeredAt ?? now)));
  }
  flashTitle();
}

/** Red only near the end: the last 10 seconds, or the last fifth of a long offer. */
function urgent(seconds: number, totalMs: number): boolean {
  return seconds <= Math.max(10, Math.round(totalMs / 5000));
}

export function startTicker(): void {
  setInterval(tick, 1000);
}
