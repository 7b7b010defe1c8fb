import { normaliserFor, plainRules, type LanguageRules, type Normaliser } from '../normalise.js';
import { dutch } from './nl.js';
import { english } from './en.js';

/**
 * The languages balie has word lists for. A new language adds a file next to these and a line
 * here; languages without rules still work, only without stopwords, stemming and a lexicon.
 */
const BUILT_IN: Readonly<Record<string, LanguageRules>> = { en: english, nl: dutch };

export function rulesFor(language: string): LanguageRules {
  return BUILT_IN[language] ?? plainRules(language);
}

export function builtInLanguages(): string[] {
  return Object.keys(BUILT_IN);
}

/**
 * Normalisers of the other built-in languages: customers mix ("kan ik een afspraak cancelen"), so a
 * word unknown in the FAQ's language may still have a concept in another's lexicon.
 */
export function foreignNormalisers(language: string): Normaliser[] {
  return builtInLanguages()
    .filter((l) => l !== language)
    .map((l) => normaliserFor(rulesFor(l)));
}
