import { rulesFor } from './languages/index.js';
import { createNormaliser, words, type LanguageRules, type Normaliser } from './normalise.js';
import { trigrams } from './similarity.js';
import type { FaqEntry } from './types.js';

export interface VariantIndex {
  terms: Set<string>;
  /** Sum of the idf of its terms: how much meaning the variant holds. */
  weight: number;
  /** Letter trigrams of its content words. */
  grams: Set<string>;
}

export interface EntryIndex {
  entry: FaqEntry;
  /** Every term of every variant and tag. */
  terms: Set<string>;
  tagTerms: Set<string>;
  variants: VariantIndex[];
}

/** Everything precomputed for one language, so a match does no more than look things up. */
export interface LanguageIndex {
  language: string;
  normaliser: Normaliser;
  entries: EntryIndex[];
  /** BM25-style inverse entry frequency; a term no entry has gets `unknownIdf`. */
  idf(term: string): number;
  /** The idf of a term no entry has: the highest there is. */
  unknownIdf: number;
  knows(term: string): boolean;
  /** Shop words and their stems: neither evidence nor unknown. */
  isNeutral(word: string): boolean;
  /** Correctly spelt words (answers, dictionary, shop words), which typo correction leaves alone. */
  isRealWord(word: string): boolean;
  /** Known words with the given first letter and length, with their terms: candidates for typo correction. */
  similarWords(first: string, length: number): ReadonlyArray<{ word: string; terms: string[] }>;
}

/** How much a weak word (see LanguageRules.weak) counts compared with its idf. */
const WEAK_FACTOR = 0.5;

export function buildIndex(language: string, entries: FaqEntry[], shopWords: string[] = [], rules: LanguageRules = rulesFor(language)): LanguageIndex {
  const normaliser = createNormaliser(rules);
  const shop = shopWords.flatMap(words);
  const neutral = new Set([...shop, ...shop.map((w) => normaliser.termsOf(w)).flat()]);
  const isNeutral = (word: string) => neutral.has(word) || neutral.has(normaliser.termsOf(word)[0] ?? word);
  // Shop words say nothing about the question, in the FAQ as little as in a message.
  const analyse = (text: string) => normaliser.analyse(text).filter((t) => !isNeutral(t.surface));
  const analysed = entries.map((entry) => ({
    entry,
    variants: entry.questions.map(analyse),
    tags: entry.tags.flatMap(analyse),
  }));

  const df = new Map<string, number>();
  for (const a of analysed) {
    const terms = new Set([...a.variants.flat(), ...a.tags].flatMap((t) => t.terms));
    for (const term of terms) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const n = entries.length;
  const idfOf = (count: number) => Math.log(1 + (n - count + 0.5) / (count + 0.5));
  const weak = new Set((rules.weak ?? []).flatMap((w) => normaliser.termsOf(w)));
  const idfs = new Map([...df].map(([term, count]) => [term, idfOf(count) * (weak.has(term) ? WEAK_FACTOR : 1)]));
  const unknownIdf = idfOf(0);
  const idf = (term: string) => idfs.get(term) ?? unknownIdf;

  const indexed: EntryIndex[] = analysed.map((a) => ({
    entry: a.entry,
    terms: new Set([...a.variants.flat(), ...a.tags].flatMap((t) => t.terms)),
    tagTerms: new Set(a.tags.flatMap((t) => t.terms)),
    variants: a.variants.map((tokens) => {
      const terms = new Set(tokens.flatMap((t) => t.terms));
      return { terms, weight: [...terms].reduce((sum, t) => sum + idf(t), 0), grams: trigrams(tokens.map((t) => t.surface)) };
    }),
  }));

  const real = new Set([...entries.flatMap((e) => words(`${e.answer} ${Object.values(e.channels).join(' ')}`)), ...(rules.dictionary ?? []).flatMap(words), ...shop]);

  // Keyed by first letter and length: typo correction only compares words that could be close.
  const vocabulary = new Map<string, Array<{ word: string; terms: string[] }>>();
  const seen = new Set<string>();
  const faqWords = entries.flatMap((e) => [...e.questions, ...e.tags].flatMap(words));
  const add = (word: string, terms: string[]) => {
    if (seen.has(word) || /^\d+$/.test(word) || word.length < 3) return;
    seen.add(word);
    const key = `${word[0]}${word.length}`;
    const list = vocabulary.get(key) ?? [];
    list.push({ word, terms });
    vocabulary.set(key, list);
  };
  for (const word of [...faqWords, ...normaliser.knownWords()]) add(word, normaliser.termsOf(word));
  // A misspelt shop word is still a shop word: it corrects to nothing rather than to a lookalike.
  for (const word of shop) add(word, []);

  return {
    language,
    normaliser,
    entries: indexed,
    idf,
    unknownIdf,
    knows: (term) => df.has(term),
    isNeutral,
    isRealWord: (word) => real.has(word) || normaliser.isStopword(word),
    similarWords: (first, length) => vocabulary.get(`${first}${length}`) ?? [],
  };
}

/** The entry as if question `i` were not there: to see where that question would go without itself. */
export function withoutVariant(e: EntryIndex, i: number): EntryIndex {
  const variants = e.variants.filter((_, j) => j !== i);
  return { ...e, variants, terms: new Set([...e.tagTerms, ...variants.flatMap((v) => [...v.terms])]) };
}
