import type { LanguageIndex } from './faq-index.js';
import { editDistance, trigrams } from './similarity.js';

/** One meaningful piece of a message; `term` is undefined for a word the FAQ does not know. */
export interface QueryTerm {
  term?: string;
  weight: number;
}

export interface Query {
  terms: QueryTerm[];
  grams: Set<string>;
}

export interface TermFactors {
  /**
   * How much a word the FAQ does not know counts against a match, relative to the rarest known
   * term. Below 1 because customers add words no FAQ has ("my sister's"); above 0 because a message
   * made mostly of such words ("who wins the world cup") is not about the shop.
   */
  unknown: number;
  /** A number says little about what is asked ("over 50 euros") but still is not explained. */
  number: number;
  /** Terms reached through a typo or a compound split are less certain than typed ones. */
  typo: number;
  compound: number;
}

export const DEFAULT_FACTORS: TermFactors = { unknown: 0.85, number: 0.3, typo: 0.8, compound: 0.9 };

export function analyseQuery(index: LanguageIndex, text: string, factors: TermFactors = DEFAULT_FACTORS): Query {
  const tokens = index.normaliser.analyse(text).filter((t) => !index.isNeutral(t.surface));
  const terms = new Map<string, number>();
  const unknown: QueryTerm[] = [];
  const unknownWeight = index.unknownIdf * factors.unknown;
  // A term counts once, however often it is typed, with the most certain way it was reached.
  const add = (term: string, factor: number) => {
    if (index.knows(term)) terms.set(term, Math.max(terms.get(term) ?? 0, index.idf(term) * factor));
    else unknown.push({ weight: unknownWeight });
  };

  for (const token of tokens) {
    if (token.terms.some((t) => index.knows(t))) {
      for (const t of token.terms) add(t, 1);
      continue;
    }
    if (/^\d+$/.test(token.surface)) {
      unknown.push({ weight: unknownWeight * factors.number });
      continue;
    }
    const split = splitCompound(index, token.surface);
    if (split) {
      for (const t of split) add(t, factors.compound);
      continue;
    }
    const corrected = index.isRealWord(token.surface) ? undefined : correctTypo(index, token.surface);
    if (corrected) {
      for (const t of corrected) add(t, factors.typo);
      continue;
    }
    unknown.push({ weight: unknownWeight });
  }
  return {
    terms: [...[...terms].map(([term, weight]) => ({ term, weight })), ...unknown],
    grams: trigrams(tokens.map((t) => t.surface)),
  };
}

/**
 * The terms of the closest known word within Damerau-Levenshtein distance 1 (words of 4+ letters)
 * or 2 (8+), with the same first letter. [] when the closest word is a stopword or shop word (a
 * misspelt "wanneer" means nothing); undefined when nothing is close.
 */
export function correctTypo(index: LanguageIndex, word: string): string[] | undefined {
  const max = word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
  if (max === 0) return undefined;
  let best: { word: string; terms: string[]; distance: number; known: boolean } | undefined;
  for (let len = Math.max(4, word.length - max); len <= word.length + max; len++) {
    // People rarely get the first letter wrong; requiring it keeps "sing" from becoming "ring".
    for (const candidate of index.similarWords(word[0]!, len)) {
      const distance = editDistance(word, candidate.word, max);
      if (distance > max) continue;
      const known = candidate.terms.length === 0 || candidate.terms.some((t) => index.knows(t));
      if (!best || distance < best.distance || (distance === best.distance && known && !best.known) || (distance === best.distance && known === best.known && candidate.word < best.word)) {
        best = { ...candidate, distance, known };
      }
    }
  }
  if (!best || !best.known) return undefined;
  return best.terms;
}

const MAX_COMPOUND_LENGTH = 60;

/** "verzendkosten" → "verzend" + "kosten" when both parts are words the FAQ knows (with a linking s/e). */
export function splitCompound(index: LanguageIndex, word: string): string[] | undefined {
  // Trying every split point stems both halves each time: quadratic in the word's length. No
  // compound a customer types is longer than this; a 50,000-letter "word" held the event loop for seconds.
  if (word.length < 7 || word.length > MAX_COMPOUND_LENGTH) return undefined;
  for (let i = 3; i <= word.length - 3; i++) {
    const head = word.slice(0, i);
    for (const link of ['', 's', 'e', 'en']) {
      const rest = word.slice(i);
      if (link && !rest.startsWith(link)) continue;
      const tail = rest.slice(link.length);
      if (tail.length < 3) continue;
      const headTerms = index.normaliser.termsOf(head);
      const tailTerms = index.normaliser.termsOf(tail);
      if (headTerms.length && tailTerms.length && headTerms.every((t) => index.knows(t)) && tailTerms.every((t) => index.knows(t))) {
        return [...headTerms, ...tailTerms];
      }
    }
  }
  return undefined;
}
