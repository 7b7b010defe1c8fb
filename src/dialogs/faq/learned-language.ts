import type { LocaleFile } from '../i18n.js';
import { builtInProfile, detectLanguage, type DetectedLanguage, type LanguageProfile } from './language.js';
import { builtInLanguages, rulesFor } from './languages/index.js';
import { words } from './normalise.js';
import type { FaqFile } from './types.js';

/** Sentences per language: what a language without word lists is learned from. */
export type LanguageSamples = ReadonlyMap<string, readonly string[]>;

export type LanguageDetector = (text: string, candidates: string[]) => DetectedLanguage | undefined;

/** Every text and trigger phrase of the locales, and every FAQ question, by language. */
export function languageSamples(locales: readonly LocaleFile[], faq: readonly FaqFile[]): Map<string, string[]> {
  const samples = new Map<string, string[]>();
  const add = (language: string, texts: string[]) => samples.set(language, [...(samples.get(language) ?? []), ...texts]);
  for (const l of locales) add(l.language, [...Object.values(l.texts).flatMap((t) => t.split('\n')), ...Object.values(l.triggers).flat()]);
  for (const f of faq)
    add(
      f.language,
      f.entries.flatMap((e) => e.questions),
    );
  return samples;
}

function ruleWords(language: string): Set<string> {
  const rules = rulesFor(language);
  return new Set(
    [...rules.stopwords, ...rules.commonWords, ...Object.keys(rules.shortForms ?? {}), ...Object.values(rules.lexicon).flat(), ...(rules.dictionary ?? [])].flatMap(words),
  );
}

/**
 * Profiles for the sampled languages that have no word lists (a language added with only a locale
 * and an FAQ file): words found in two or more of its sentences count as common words ("ich",
 * "die"), other words only it uses as its vocabulary ("Versandkosten"). Languages with word lists
 * keep their built-in profile, so adding a language changes nothing about how they are detected.
 */
export function learnProfiles(samples: LanguageSamples): Map<string, LanguageProfile> {
  const wordsOf = new Map([...samples].map(([language, texts]) => [language, texts.map((t) => new Set(words(t).filter((w) => !/^\d+$/.test(w))))]));
  const known = new Map<string, Set<string>>();
  for (const language of new Set([...samples.keys(), ...builtInLanguages()])) {
    const own = new Set((wordsOf.get(language) ?? []).flatMap((s) => [...s]));
    if (builtInProfile(language)) for (const w of ruleWords(language)) own.add(w);
    known.set(language, own);
  }
  const profiles = new Map<string, LanguageProfile>();
  for (const [language, sentences] of wordsOf) {
    if (builtInProfile(language)) continue;
    const frequency = new Map<string, number>();
    for (const sentence of sentences) for (const w of sentence) frequency.set(w, (frequency.get(w) ?? 0) + 1);
    const elsewhere = (w: string) => [...known].some(([other, set]) => other !== language && set.has(w));
    const common = [...frequency].filter(([w, n]) => n >= 2 && w.length >= 2).map(([w]) => w);
    const vocabulary = [...frequency.keys()].filter((w) => w.length > 2 && !common.includes(w) && !elsewhere(w));
    profiles.set(language, { common: new Set(common), vocabulary: new Set(vocabulary), patterns: [] });
  }
  return profiles;
}

/** `detectLanguage` that also recognises languages learned from `samples`. */
export function createLanguageDetector(samples: LanguageSamples): LanguageDetector {
  const learned = learnProfiles(samples);
  return (text, candidates) => detectLanguage(text, candidates, learned);
}
