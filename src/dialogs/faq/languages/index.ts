import { plainRules, type LanguageRules } from '../normalise.js';
import { dutch } from './nl.js';
import { english } from './en.js';

/**
 * The languages balie has word lists for. A new language adds a file next to these and a line
 * here; languages without rules still work, only without stopwords, stemming and synonyms.
 */
const BUILT_IN: Readonly<Record<string, LanguageRules>> = { en: english, nl: dutch };

export function rulesFor(language: string): LanguageRules {
  return BUILT_IN[language] ?? plainRules(language);
}

export function builtInLanguages(): string[] {
  return Object.keys(BUILT_IN);
}
