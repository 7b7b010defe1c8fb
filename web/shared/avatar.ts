// Avatars: a person's picture when it is safe to load, else their initials on a colour of their own.

import { h } from './dom.js';

export interface Person {
  id?: string;
  name?: string;
  avatarUrl?: string;
}

/** "Sanne de Vries" → "SV"; nothing usable → "?". */
export function initials(name: unknown): string {
  const words = String(name ?? '')
    .split(/\s+/)
    .map((w) => w.match(/[\p{L}\p{N}]/u)?.[0])
    .filter((c): c is string => Boolean(c));
  if (words.length === 0) return '?';
  return (words.length === 1 ? words[0]! : words[0]! + words[words.length - 1]!).toUpperCase();
}

/** A stable hue (0–359) for a name or id, so one person keeps one colour. */
export function hue(text: unknown): number {
  let n = 0;
  for (const ch of String(text)) n = (n * 31 + ch.codePointAt(0)!) % 360;
  return n;
}

/** An image URL the page may load: https, or a path on this server (not "//host"). */
export function safeImageUrl(url: unknown): string | undefined {
  return typeof url === 'string' && (/^https:\/\//i.test(url) || /^\/(?!\/)/.test(url)) ? url : undefined;
}

/** A link the page may show: http(s), or a path on this server. */
export function safeLinkUrl(url: unknown): string | undefined {
  return typeof url === 'string' && (/^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url)) ? url : undefined;
}

/** A person's avatar: their picture, falling back to initials when there is none or it fails to load. */
export function personAvatar(person: Person | undefined, className: string): HTMLDivElement {
  const box = h('div', className);
  box.setAttribute('aria-hidden', 'true');
  const fallback = () => {
    box.replaceChildren(document.createTextNode(initials(person?.name || '?')));
    box.style.setProperty('--hue', String(hue(person?.id ?? person?.name ?? '')));
    box.classList.add('avatar--initials');
  };
  const url = safeImageUrl(person?.avatarUrl);
  if (url) {
    const img = h('img');
    img.alt = '';
    img.decoding = 'async';
    img.referrerPolicy = 'no-referrer';
    img.addEventListener('error', fallback, { once: true });
    img.src = url;
    box.append(img);
  } else fallback();
  return box;
}
