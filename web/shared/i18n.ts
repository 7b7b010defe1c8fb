// Both pages' words: a table per language, English as the fallback, and the page's static
// texts marked with data-i18n attributes.

import { stripBidiControls } from './bidi.js';

export type Strings = Record<string, string | Record<string, string>>;

export interface Translator {
  (key: string, vars?: Record<string, unknown>): string;
  /** A word from a group (reasons, channels, …), or the value itself. */
  map(group: string, value: unknown): string;
  readonly lang: string;
}

/** A translator for one language: t('key', { vars }) and t.map('reasons', value). A missing key falls back to English, then to the key. */
export function translator(table: Record<string, Strings>, lang: string): Translator {
  const strings = table[lang] ?? table.en!;
  const fallback = table.en ?? {};
  const word = (key: string): string => {
    const value = strings[key] ?? fallback[key];
    return typeof value === 'string' ? value : key;
  };
  // Names filled into a sentence lose their bidi controls, so someone's name cannot reverse it.
  const t = ((key: string, vars: Record<string, unknown> = {}) => word(key).replace(/\{(\w+)\}/g, (_, name: string) => stripBidiControls(String(vars[name] ?? '')))) as Translator;
  t.map = (group, value) => {
    const pick = (s: Strings) => {
      const g = s[group];
      return typeof g === 'object' ? g[String(value)] : undefined;
    };
    return pick(strings) ?? pick(fallback) ?? String(value ?? '');
  };
  Object.defineProperty(t, 'lang', { value: lang });
  return t;
}

/** The language to start in: a remembered choice, else the browser's, else English. */
export function initialLanguage(languages: readonly string[], saved: string | undefined, navigatorLanguages: readonly string[] | undefined): string {
  if (saved && languages.includes(saved)) return saved;
  for (const tag of navigatorLanguages ?? []) {
    const base = String(tag).toLowerCase().split('-')[0]!;
    if (languages.includes(base)) return base;
  }
  return 'en';
}

/** Fills the page's marked texts: data-i18n (text), data-i18n-placeholder and data-i18n-aria-label. */
export function applyTranslations(root: ParentNode, t: Translator): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n!);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder!));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel!));
}
