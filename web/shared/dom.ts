// Building the page's DOM: every text goes in as text, never as HTML.

import { stripBidiControls } from './bidi.js';

/** An element the page's HTML must have; a missing one is a bug worth a loud error. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

/**
 * An element with a class and a text. Every text shown through h() loses its bidi overrides:
 * names, labels and messages come from other people, and an override in them would reverse
 * what the reader sees.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: unknown): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined && text !== null) el.textContent = stripBidiControls(text);
  return el;
}

/** Someone else's words, isolated: a right-to-left name or message keeps to its own box. */
export function own<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: unknown): HTMLElementTagNameMap[K] {
  const el = h(tag, className, text);
  el.dir = 'auto';
  return el;
}

/** A link that opens in a new tab and tells the other site nothing about this page. */
export function externalLink(className: string, url: string, text?: unknown): HTMLAnchorElement {
  const link = h('a', className, text);
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  return link;
}

/** Whether the user asked for less motion. */
export function reducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** Grows a textarea with its text, up to `max` pixels. */
export function autoGrow(input: HTMLTextAreaElement, max: number): void {
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, max)}px`;
}

/** Enter sends, Shift+Enter is a new line, and an IME composing a word keeps its Enter. */
export function isSendKey(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229;
}
