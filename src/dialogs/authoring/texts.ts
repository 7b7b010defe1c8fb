import type { Translator } from '../i18n.js';

/** Values for `{placeholders}` in a text. */
export type Vars = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Something the bot says, in the conversation's language. Either the key of a text in
 * `locales/<lang>.yaml` (`'orderAsk'`), or the text per language inline (`{ en: 'Hi', nl: 'Hoi' }`).
 * A string that is no key is said as written, which suits a bot in one language.
 */
export type Texts = string | Readonly<Record<string, string>>;

/** `{name}` → vars.name; unknown placeholders stay as they are, so a typo shows rather than vanishes. */
export function fill(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (vars[name] !== undefined ? String(vars[name]) : whole)).trimEnd();
}

/**
 * The text in `language`. Inline texts fall back to the default language, then to the first one
 * given, so a conversation in a language the dialog was not written for still gets an answer.
 */
export function resolveText(t: Translator, language: string, texts: Texts, vars: Vars = {}): string {
  if (typeof texts === 'string') return fill(t.t(language, texts), vars);
  const template = texts[language] ?? texts[t.defaultLanguage] ?? Object.values(texts)[0] ?? '';
  return fill(template, vars);
}

/** A string written like a key (`orderAsk`, `returns.reason`): a missing one is a typo, not a text. */
export function looksLikeKey(texts: Texts): texts is string {
  return typeof texts === 'string' && /^[A-Za-z][\w.-]*$/.test(texts);
}

/** Keys used by a dialog that no locale has, for a clear error at start-up instead of a key on screen. */
export function missingKeys(t: Translator, texts: Iterable<Texts | undefined>): string[] {
  const missing = new Set<string>();
  for (const text of texts) {
    if (text === undefined || !looksLikeKey(text)) continue;
    if (!t.languages.some((l) => t.t(l, text) !== text)) missing.add(text);
  }
  return [...missing];
}

/** State values that can stand in a text or be handed to an agent: strings, numbers, booleans. */
export function printable(state: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(state)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
  }
  return out;
}
