import type { Translator } from '../i18n.js';
import { containsPhrase } from '../triggers.js';

/** What starts a dialog. The router tries registered dialogs in order, after greeting and help and before the FAQ. */
export interface Triggers {
  /**
   * Phrases per language (`{ en: ['return an item'], nl: ['iets retourneren'] }`), or the name of a
   * trigger list in `locales/<lang>.yaml` (`'orderStatus'`), which also covers languages added later.
   * A phrase matches when the message contains it as whole words; case, accents and punctuation do
   * not matter. Phrases of every language count, the conversation's own first.
   */
  phrases?: string | Readonly<Record<string, readonly string[]>>;
  /** Regular expressions tried on the message. Named groups (`(?<orderNumber>\d{6})`) fill the dialog's state. */
  patterns?: readonly RegExp[];
  /** For anything else: true (or state to start with) when `message` should start the dialog. */
  match?: (message: string, language: string) => boolean | Record<string, unknown> | undefined;
}

/** What the router calls for each message: the dialog's start options, or undefined. */
export type TriggerFn = (text: string, language: string) => StartOptions | undefined;

/** Passed to beginDialog: the message that started the dialog and state taken from it. */
export interface StartOptions {
  message: string;
  state: Record<string, unknown>;
}

/**
 * The conversation language's phrases first, then every other language's: a short message such
 * as "quiz" tells little about its language, and a phrase that matches is strong evidence anyway.
 */
export function phrasesFor(t: Translator, phrases: Triggers['phrases'], language: string): string[] {
  if (phrases === undefined) return [];
  const languages = [language, ...new Set([...t.languages, ...(typeof phrases === 'string' ? [] : Object.keys(phrases))])].filter((l, i, all) => all.indexOf(l) === i);
  return languages.flatMap((l) => (typeof phrases === 'string' ? t.phrases(l, phrases) : (phrases[l] ?? [])));
}

export function compileTriggers(t: Translator, triggers: Triggers): TriggerFn {
  return (text, language) => {
    const start = (state: Record<string, unknown> = {}): StartOptions => ({ message: text, state });
    if (containsPhrase(text, phrasesFor(t, triggers.phrases, language))) return start();
    for (const pattern of triggers.patterns ?? []) {
      // A global or sticky pattern keeps lastIndex between calls; a fresh copy does not.
      const match = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).exec(text);
      if (match) return start(Object.fromEntries(Object.entries(match.groups ?? {}).filter(([, v]) => v !== undefined)));
    }
    const custom = triggers.match?.(text, language);
    if (custom) return start(custom === true ? {} : { ...custom });
    return undefined;
  };
}
