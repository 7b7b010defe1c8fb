import { rulesFor, foreignNormalisers } from './languages/index.js';
import { normaliserFor, words, type LanguageRules, type Normaliser, type Token } from './normalise.js';
import { splitCompound, splitPartly } from './compounds.js';
import { dice, trigrams } from './similarity.js';
import { inheritedTerms, intentProfiles, type IntentProfile } from './intents/inherit.js';
import type { FaqEntry } from './types.js';

/** A term is a stem or an `@concept`; a token of an FAQ text stands for several. */
export interface IndexedToken {
  terms: string[];
  /** How much the token says, 0..1 (see LanguageIndex.weight). */
  weight: number;
}

export interface VariantIndex {
  tokens: IndexedToken[];
  /** Sum of its tokens' weights: how much meaning the phrasing holds. */
  weight: number;
}

export interface EntryIndex {
  entry: FaqEntry;
  /** Terms of the questions and tags: what the owner says the entry is about. */
  question: Set<string>;
  /** Terms of the parts of the questions' compounds ("terugbetaald": "terug", "betaald"): a little weaker. */
  parts: Set<string>;
  /** Terms of the tags alone, kept for `withoutVariant`. */
  tagTerms: Set<string>;
  /** Terms of the answer that the questions do not have: evidence, weaker. */
  answer: Set<string>;
  /** Common terms of the general intents the entry's questions clearly are (intents/): weaker still. */
  inherited: Set<string>;
  /** Those intents' names, for explaining a match. */
  intents: string[];
  variants: VariantIndex[];
}

/** Everything precomputed for one language's FAQ, so a match does no more than look things up. */
export interface LanguageIndex {
  language: string;
  normaliser: Normaliser;
  /** Other languages' normalisers: an English word in a Dutch message still has a concept. */
  foreign: readonly Normaliser[];
  entries: EntryIndex[];
  /**
   * How much a term tells which entry is meant, 0..1: 1 for a term of one entry, less the more
   * entries share it (BM25's idf over the entries, divided by its maximum). A word in every entry
   * tells little, so an owner need not list the words of the trade as `shopWords`.
   */
  weight(term: string): number;
  /** True when some entry has the term, in its questions or its answer. */
  knows(term: string): boolean;
  /** Shop words: light evidence where the FAQ has them, never unknown. */
  isNeutral(word: string): boolean;
  /** Correctly spelt words (FAQ, answers, lexicon, dictionary), which typo correction leaves alone. */
  isRealWord(word: string): boolean;
  /** Known words with the given first letter and length, with their tokens: candidates for typo correction. */
  similarWords(first: string, length: number): ReadonlyArray<{ word: string; token: Token }>;
  /** A word (surface) of the FAQ or the lexicon, for splitting compounds. */
  isPart(word: string): boolean;
  /** The FAQ's word most alike in letters (trigram Dice), with its likeness, for a word nothing else explains. */
  alike(word: string): { token: Token; likeness: number } | undefined;
  /** The meaningful parts of a compound (shop words left out), or undefined when it is none. */
  split(word: string): Token[] | undefined;
  /** A compound with one known part, for a word nothing else explains (see splitPartly); only where `compounds`. */
  splitPartly(word: string): { known: Token; unknown: Token } | undefined;
  /** True when every word is also read as its parts (LanguageRules.compounds). */
  compounds: boolean;
  /** The language's general intents (intents/), for reading a message as one. */
  profiles: IntentProfile[];
}

/** How much a shop word weighs next to another word equally rare in the FAQ. */
export const SHOP_WORD = 0.3;

/** An answer word counts as half an entry when counting how many entries share a term. */
const ANSWER_DF = 0.5;
/** So does a word inherited from a general intent. */
const INHERITED_DF = 0.5;
/** How closely one of an entry's questions must read like an intent's phrasing to inherit it. */
export const INHERIT_LIKENESS = 0.6;

/** The terms a token stands for, and those of its parts when it is a compound ("spoedafspraak"). */
function termsOf(token: Token, split: (w: string) => Token[] | undefined, always: boolean): { own: string[]; parts: string[] } {
  const own = [...new Set([...token.stems, ...token.concepts])];
  const parts = always || token.concepts.length === 0 ? (split(token.surface) ?? []).flatMap((p) => [...p.stems, ...p.concepts]) : [];
  return { own, parts: [...new Set(parts)].filter((t) => !own.includes(t)) };
}

export function buildIndex(language: string, entries: FaqEntry[], shopWords: string[] = [], rules: LanguageRules = rulesFor(language)): LanguageIndex {
  const normaliser = normaliserFor(rules);
  const foreign = foreignNormalisers(language);
  const shop = shopWords.flatMap(words);
  const neutralStems = new Set(shop.map((w) => normaliser.stem(w)));
  const isNeutral = (word: string) => neutralStems.has(normaliser.stem(word)) && normaliser.conceptsOf(word).length === 0;
  // Shop words stay in the index: they say little ("bike" in every entry of a bike shop), but where
  // only one entry has one ("tent" for camping prices) it still tells the entries apart.
  const analyse = (text: string) => normaliser.analyse(text);

  // Words that may be parts of a compound: the FAQ's own and the lexicon's.
  const faqWords = entries.flatMap((e) => [...e.questions, ...e.tags, e.answer, ...Object.values(e.channels)].flatMap((text) => words(text ?? '')));
  const parts = new Set([...faqWords, ...normaliser.knownWords()].filter((w) => w.length >= 3 && !normaliser.isStopword(w)));
  const isPart = (w: string) => parts.has(w);
  // A shop word inside a compound ("huurfiets") says as little as on its own.
  const split = (w: string) => splitCompound(w, isPart, normaliser);

  const always = rules.compounds === true;
  const profiles = intentProfiles(normaliser);
  const analysed = entries.map((entry) => {
    // Tags are words that point to the entry, not phrasings: they add terms, not a question to resemble.
    const variants = entry.questions.map((q) => analyse(q).map((t) => ({ ...termsOf(t, split, always), shop: isNeutral(t.surface) })));
    const tags = entry.tags.flatMap((tag) => analyse(tag).map((t) => termsOf(t, split, always)));
    const answerText = [entry.answer, ...Object.values(entry.channels)].join('\n');
    const answer = analyse(answerText).flatMap((t) => {
      const { own, parts } = termsOf(t, split, always);
      return [...own, ...parts];
    });
    const tagTerms = new Set(tags.flatMap((t) => t.own));
    const question = new Set([...variants.flat().flatMap((t) => t.own), ...tagTerms]);
    const parts = new Set([...variants.flat(), ...tags].flatMap((t) => t.parts).filter((t) => !question.has(t)));
    const answerTerms = new Set(answer.filter((t) => !question.has(t) && !parts.has(t)));
    const own = variants.map((v) => v.filter((t) => !t.shop).map((t) => t.own));
    const { intents, terms } = inheritedTerms(own, profiles, INHERIT_LIKENESS);
    const inherited = new Set([...terms].filter((t) => !question.has(t) && !parts.has(t) && !answerTerms.has(t)));
    return { entry, variants, question, tagTerms, parts, answer: answerTerms, inherited, intents };
  });

  const df = new Map<string, number>();
  for (const a of analysed) {
    for (const t of [...a.question, ...a.parts]) df.set(t, (df.get(t) ?? 0) + 1);
    for (const t of a.answer) df.set(t, (df.get(t) ?? 0) + ANSWER_DF);
    for (const t of a.inherited) df.set(t, (df.get(t) ?? 0) + INHERITED_DF);
  }
  const n = entries.length;
  const idf = (count: number) => Math.log(1 + (n - count + 0.5) / (count + 0.5));
  // A term of exactly one entry weighs 1; shared terms less, an answer-only term a little more.
  const top = idf(1);
  const weights = new Map([...df].map(([term, count]) => [term, top > 0 ? Math.min(1, idf(count) / top) : 0]));
  const weight = (term: string) => weights.get(term) ?? 1;
  const tokenWeight = (terms: string[]) => terms.reduce((max, t) => Math.max(max, weights.get(t) ?? 0), 0);

  const indexed: EntryIndex[] = analysed.map((a) => ({
    entry: a.entry,
    question: a.question,
    parts: a.parts,
    tagTerms: a.tagTerms,
    answer: a.answer,
    inherited: a.inherited,
    intents: a.intents,
    variants: a.variants.map((tokens) => {
      const its = tokens.map(({ own, parts, shop }) => {
        const terms = [...own, ...parts];
        return { terms, weight: tokenWeight(terms) * (shop ? SHOP_WORD : 1) };
      });
      return { tokens: its, weight: its.reduce((sum, t) => sum + t.weight, 0) };
    }),
  }));

  const real = new Set([...faqWords, ...(rules.dictionary ?? []).flatMap(words), ...shop, ...normaliser.knownWords()]);

  // Keyed by first letter and length: typo correction only compares words that could be close.
  const vocabulary = new Map<string, Array<{ word: string; token: Token }>>();
  const seen = new Set<string>();
  const add = (word: string, token: Token) => {
    if (seen.has(word) || /^\d+$/.test(word) || word.length < 3 || normaliser.isStopword(word)) return;
    seen.add(word);
    const key = `${word[0]}${word.length}`;
    const list = vocabulary.get(key) ?? [];
    list.push({ word, token });
    vocabulary.set(key, list);
  };
  for (const word of new Set([...faqWords, ...normaliser.knownWords()])) add(word, { surface: word, stems: normaliser.stemsOf(word), concepts: normaliser.conceptsOf(word) });
  // A misspelt shop word is still a shop word: it corrects to nothing rather than to a lookalike.
  for (const word of shop) add(word, { surface: word, stems: [], concepts: [] });

  // Trigrams of the FAQ's own longer words: the last resort for a word no rule explains.
  const lettered = [...new Set(faqWords)].filter((w) => w.length >= 5 && !/^\d+$/.test(w) && !normaliser.isStopword(w)).map((word) => ({ word, grams: trigrams([word]) }));
  const alike = (word: string) => {
    if (word.length < 6) return undefined;
    const grams = trigrams([word]);
    let best: { word: string; likeness: number } | undefined;
    for (const candidate of lettered) {
      // Words that share letters but not their start are rarely the same word ("tower", "flower").
      if (candidate.word[0] !== word[0]) continue;
      const likeness = dice(grams, candidate.grams);
      if (!best || likeness > best.likeness) best = { word: candidate.word, likeness };
    }
    if (!best) return undefined;
    return { token: { surface: best.word, stems: normaliser.stemsOf(best.word), concepts: normaliser.conceptsOf(best.word) }, likeness: best.likeness };
  };

  return {
    language,
    normaliser,
    alike,
    foreign,
    entries: indexed,
    weight,
    knows: (term) => df.has(term),
    isNeutral,
    isRealWord: (word) => real.has(word) || normaliser.isStopword(word),
    similarWords: (first, length) => vocabulary.get(`${first}${length}`) ?? [],
    isPart,
    split,
    splitPartly: (w) => (always ? splitPartly(w, isPart, normaliser) : undefined),
    compounds: rules.compounds === true,
    profiles,
  };
}

/** The entry as if question `i` were not there: to see where that question would go without itself. */
export function withoutVariant(e: EntryIndex, i: number): EntryIndex {
  const variants = e.variants.filter((_, j) => j !== i);
  const question = new Set([...variants.flatMap((v) => v.tokens.flatMap((t) => t.terms)), ...e.tagTerms]);
  return { ...e, variants, question, parts: new Set([...e.parts].filter((t) => !question.has(t))), answer: new Set([...e.answer].filter((t) => !question.has(t))) };
}
