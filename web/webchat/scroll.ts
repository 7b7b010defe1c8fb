// Scrolling: stay at the newest message unless the customer scrolled up to read; then a
// "New messages" button brings them down.

import { reducedMotion } from '../shared/dom.js';
import { els } from './els.js';

export function nearBottom(): boolean {
  const s = els.scroller;
  return s.scrollHeight - s.scrollTop - s.clientHeight < 120;
}

export function scrollToBottom(smooth = false): void {
  els.scroller.scrollTo({ top: els.scroller.scrollHeight, behavior: smooth && !reducedMotion() ? 'smooth' : 'auto' });
  els.jump.hidden = true;
}

export function afterAppend(stick: boolean): void {
  if (stick) scrollToBottom();
  else els.jump.hidden = false;
}

export function showEmpty(): void {
  els.empty.hidden = els.messages.querySelector('.msg') !== null;
}

export function initScroll(): void {
  // Stay at the newest message while things change size (the input grows, an image loads, a phone
  // keyboard opens), unless the customer scrolled up to read.
  let pinned = true;
  els.scroller.addEventListener('scroll', () => {
    pinned = nearBottom();
    if (pinned) els.jump.hidden = true;
  });
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver(() => {
      if (pinned) els.scroller.scrollTop = els.scroller.scrollHeight;
    });
    observer.observe(els.scroller);
    observer.observe(els.messages);
  }
  els.jump.addEventListener('click', () => scrollToBottom(true));
}
