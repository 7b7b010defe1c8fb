// The web chat speaks the browser's language (Dutch or English); dates and times follow its locale.

import { applyTranslations, initialLanguage, translator } from '../shared/i18n.js';
import { els } from './els.js';
import { STRINGS } from './strings.js';

/** The browser's locale, when it is a well-formed tag; also sent to the server with each message. */
export const browserLocale = typeof navigator.language === 'string' && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(navigator.language) ? navigator.language : undefined;
export const lang = initialLanguage(['en', 'nl'], undefined, browserLocale ? [browserLocale] : []);
export const t = translator(STRINGS, lang);
export const timeFormat = new Intl.DateTimeFormat(browserLocale ?? lang, { hour: '2-digit', minute: '2-digit' });
export const fullFormat = new Intl.DateTimeFormat(browserLocale ?? lang, { dateStyle: 'full', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(browserLocale ?? lang, { weekday: 'long', day: 'numeric', month: 'long' });

export function applyStrings(): void {
  document.documentElement.lang = lang;
  applyTranslations(document, t);
  els.send.setAttribute('aria-label', t('send'));
  els.send.title = t('send');
  els.emptyTitle.textContent = t('emptyTitle');
}

export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** "Today", "Yesterday" or the date. */
export function dayLabel(date: Date): string {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(date) === dayKey(today)) return t('today');
  if (dayKey(date) === dayKey(yesterday)) return t('yesterday');
  return dayFormat.format(date);
}
