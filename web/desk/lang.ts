// The console's language: the words, and dates and times in that language. Switching it
// re-renders the page (see main.ts).

import { applyTranslations, initialLanguage, translator, type Translator } from '../shared/i18n.js';
import { readStorage, writeStorage } from '../shared/storage.js';
import { els } from './els.js';
import { LANGUAGES, STRINGS } from './strings.js';

const LANG_KEY = 'balie.desk.lang';

export let lang = initialLanguage(LANGUAGES, readStorage(LANG_KEY), navigator.languages?.length ? navigator.languages : [navigator.language]);
export let t: Translator = translator(STRINGS, lang);
export let timeFormat = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
export let dateTimeFormat = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Switches the words and formats, and fills the page's static texts. */
export function useLanguage(next: string, remember: boolean): void {
  lang = next;
  t = translator(STRINGS, lang);
  if (remember) writeStorage(LANG_KEY, lang);
  timeFormat = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  dateTimeFormat = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  document.documentElement.lang = lang;
  applyTranslations(document, t);
  for (const select of document.querySelectorAll<HTMLSelectElement>('.lang-select')) select.value = lang;
  els.reply.placeholder = t('replyPlaceholder');
  els.noteInput.placeholder = t('notePlaceholder');
  els.transferNote.placeholder = t('transferNotePlaceholder');
}

/** The server's reason for an event, in the console's language; undefined when it is not one we know (never the raw English text). */
export function whyText(why: string | undefined): string | undefined {
  if (!why) return undefined;
  const text = t.map('why', why);
  return text === why ? undefined : text;
}

/** A time today, or a day and time before. */
export function shortWhen(date: Date): string {
  return isToday(date) ? timeFormat.format(date) : dateTimeFormat.format(date);
}

export function isToday(date: Date): boolean {
  const now = new Date();
  return date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
}
