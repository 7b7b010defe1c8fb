// Telling the agent: screen-reader announcements, toasts, a chime for a new offer, and the tab title.

import { h, reducedMotion } from '../shared/dom.js';
import { els } from './els.js';
import { t } from './lang.js';
import { state } from './state.js';

export function announce(text: string, urgent = false): void {
  const region = urgent ? els.announceUrgent : els.announcePolite;
  // Clearing first makes screen readers read a repeated text again.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = text;
  }, 60);
}

export function toast(text: string, kind: 'info' | 'warn' | 'error' = 'info'): void {
  const el = h('div', `toast toast--${kind}`, text);
  els.toasts.append(el);
  setTimeout(() => el.classList.add('toast--out'), 4500);
  setTimeout(() => el.remove(), 5000);
}

export function notify(text: string, kind: 'info' | 'warn' | 'error' = 'info', urgent = false): void {
  toast(text, kind);
  announce(text, urgent);
}

let audio: AudioContext | undefined;

function unlockAudio(): void {
  if (audio || typeof AudioContext !== 'function') return;
  try {
    audio = new AudioContext();
  } catch {
    audio = undefined;
  }
}

/** Browsers allow sound only after the user did something on the page. */
export function initAudio(): void {
  document.addEventListener('pointerdown', unlockAudio, { once: true, capture: true });
  document.addEventListener('keydown', unlockAudio, { once: true, capture: true });
}

/** A short two-note chime (no sound file, so nothing to load or to block). */
export function chime(): void {
  if (!audio || reducedMotion()) return;
  try {
    const at = audio.currentTime;
    for (const [i, freq] of [880, 1318.5].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, at + i * 0.16);
      gain.gain.exponentialRampToValueAtTime(0.12, at + i * 0.16 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + i * 0.16 + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start(at + i * 0.16);
      osc.stop(at + i * 0.16 + 0.4);
    }
  } catch {
    // no sound is fine
  }
}

let flashOn = false;

/** Called every second: while an offer waits the title flashes, so it is noticed in another tab. */
export function flashTitle(): void {
  flashOn = state.offers.size > 0 && !flashOn;
  updateTitle();
}

export function updateTitle(): void {
  const unread = [...state.unread.values()].reduce((a, b) => a + b, 0);
  const base = `${unread ? `(${unread}) ` : ''}${t('appTitle')}`;
  document.title = state.offers.size && flashOn ? t('titleFlash', { title: t('appTitle') }) : base;
}
