import { SHOP_WORD, type LanguageIndex } from './faq-index.js';
import { QUESTION_CONCEPTS } from './lexicon/index.js';
import type { Token } from './normalise.js';
import { editDistance } from './similarity.js';

/** One meaningful piece of a message, with the terms it may stand for. */
export interface QueryToken {
  surface: string;
  /** Terms and how sure each is (1 for a typed stem, less for a concept or a typo's correction). */
  terms: ReadonlyArray<readonly [term: string, strength: number]>;
  /** How much the token says about which entry is meant, 0..1; unknown words count too. */
  weight: number;
  /** False when no entry of the FAQ knows anything the token stands for. */
  known: boolean;
  /**
   * True when the token names what the message is about, false when it only asks about it ("how
   * much", "sell", "allowed": see QUESTION_CONCEPTS).
   */
  topic: boolean;
}

export interface TermFactors {
  /** A word found through its lexicon concept rather than its own stem. */
  concept: number;
  /** A word reached through a typo correction or a compound split is less certain than a typed one. */
  typo: number;
  compound: number;
  /**
   * How much a word the FAQ does not know weighs against every entry, next to 1 for a word only one
   * entry has. Below 1 because customers add words no FAQ has ("my sister's"); above 0 because a
   * message made mostly of such words ("who wins the world cup") is not about the business.
   */
  unknown: number;
  /** A number says little about what is asked ("over 50 euros") but still is not explained. */
  number: number;
  /** How alike in letters (trigram Dice) an FAQ word must be to stand in for an unknown word. */
  alike: number;
}

export const DEFAULT_FACTORS: TermFactors = { concept: 0.7, typo: 0.85, compound: 0.9, unknown: 1, number: 0.2, alike: 0.55 };

export interface Query {
  tokens: QueryToken[];
  /** Every term of the message, for checking which words of a phrasing it covers. */
  terms: ReadonlySet<string>;
  /** The message's content tokens as the normaliser read them, each as all its terms. */
  raw: string[][];
}

export function analyseQuery(index: LanguageIndex, text: string, factors: TermFactors = DEFAULT_FACTORS): Query {
  const tokens = index.normaliser.analyse(text);
  const out: QueryToken[] = [];
  const seen = new Set<string>();
  const push = (token: QueryToken | QueryToken[] | undefined) => {
    if (Array.isArray(token)) {
      for (const t of token) push(t);
      return;
    }
    // A word typed twice counts once.
    if (!token || seen.has(token.surface)) return;
    seen.add(token.surface);
    out.push(token);
  };
  for (const token of tokens) {
    if (index.isNeutral(token.surface)) {
      // A shop word counts a little where an entry has it, and is never unknown.
      const shop = known(index, token.surface, termsOf(token, 1, factors));
      if (shop) push({ ...shop, weight: shop.weight * SHOP_WORD, topic: false });
      continue;
    }
    const typed = termsOf(token, 1, factors);
    const isKnown = typed.some(([t]) => index.knows(t));
    // A joined separable verb the FAQ does not have was not meant ("kan ik ... af": no "afkan").
    if (token.optional) {
      if (isKnown) push(resolve(index, token, factors));
      continue;
    }
    // A word of the lexicon ("vrijdag") is itself, not "vrij" + "dag".
    const parts = (index.compounds && token.concepts.length === 0) || !isKnown ? index.split(token.surface) : undefined;
    // An unknown word of which only the last part is known is read below, with its unknown head.
    if (parts && (parts.length > 1 || (parts.length === 1 && isKnown))) {
      // A compound is its parts, each weighed on its own ("annuleringskosten": cancelling and cost);
      // the whole word still matches where the FAQ writes it too.
      for (const part of parts.filter((p) => !index.isNeutral(p.surface)))
        push(known(index, `${token.surface}:${part.surface}`, [...typed, ...termsOf(part, factors.compound, factors)]) ?? resolve(index, part, factors));
      continue;
    }
    push(resolve(index, token, factors));
  }
  const terms = new Set<string>();
  for (const t of out) for (const [term] of t.terms) terms.add(term);
  return { tokens: out, terms, raw: tokens.filter((t) => !t.optional && !index.isNeutral(t.surface)).map((t) => [...t.stems, ...t.concepts]) };
}

function resolve(index: LanguageIndex, token: Token, f: TermFactors): QueryToken | QueryToken[] | undefined {
  const typed = termsOf(token, 1, f);
  const direct = known(index, token.surface, typed);
  if (direct) return direct;
  // A phrase of stopwords the FAQ has no concept of ("have to", "may i") says nothing.
  if (token.stems.length === 0) return undefined;
  if (isNumber(token.surface)) return { surface: token.surface, terms: [], weight: f.unknown * f.number, known: false, topic: false };
  if (!index.isRealWord(token.surface)) {
    const corrected = correctTypo(index, token.surface);
    // A misspelt shop word is still a shop word.
    if (corrected && corrected.stems.length === 0 && corrected.concepts.length === 0) return undefined;
    const viaTypo = corrected && known(index, token.surface, termsOf(corrected, f.typo, f));
    if (viaTypo) return viaTypo;
  }
  for (const other of index.foreign) {
    const viaOther = known(
      index,
      token.surface,
      other.conceptsOf(token.surface).map((c) => [c, f.concept] as const),
    );
    if (viaOther) return viaOther;
  }
  // A compound with one known part: that part is evidence, the rest stays unknown ("kinderkapsel").
  const partly = index.splitPartly(token.surface);
  const viaPart = partly && known(index, token.surface, termsOf(partly.known, f.compound, f));
  if (partly && viaPart) {
    const part = index.isNeutral(partly.known.surface) ? { ...viaPart, weight: viaPart.weight * SHOP_WORD, topic: false } : viaPart;
    return [part, { surface: `${token.surface}:${partly.unknown.surface}`, terms: termsOf(partly.unknown, 1, f), weight: f.unknown, known: false, topic: true }];
  }
  // Letters in common with an FAQ word ("bridesmaids" and "bride", "married" and "marriage").
  const alike = index.alike(token.surface);
  if (alike && alike.likeness >= f.alike) {
    const viaLetters = known(index, token.surface, termsOf(alike.token, f.typo * alike.likeness, f));
    if (viaLetters) return viaLetters;
  }
  // Unknown, but only asking ("aanvragen" where the FAQ says "bestellen"): not what the message is about.
  return { surface: token.surface, terms: typed, weight: f.unknown, known: false, topic: !asks(token.concepts) };
}

/** "12", "7pm", "22u", "3rd": a number, a time or a rank. */
const isNumber = (word: string) => /^\d+(?:am|pm|h|u|e|st|nd|rd|th)?$/.test(word);

/** True when the word has concepts and each only asks about a topic (QUESTION_CONCEPTS). */
const asks = (concepts: readonly string[]) => concepts.length > 0 && concepts.every((c) => QUESTION_CONCEPTS.has(c));

function termsOf(token: Token, strength: number, f: TermFactors): Array<readonly [string, number]> {
  return [...token.stems.map((s) => [s, strength] as const), ...token.concepts.map((c) => [c, strength * f.concept] as const)];
}

/** The token with the terms some entry has, or undefined when no entry has any of them. */
function known(index: LanguageIndex, surface: string, terms: Array<readonly [string, number]>): QueryToken | undefined {
  const useful = terms.filter(([t]) => index.knows(t));
  if (useful.length === 0) return undefined;
  const weight = useful.reduce((max, [t]) => Math.max(max, index.weight(t)), 0);
  return { surface, terms: useful, weight, known: true, topic: !asks(terms.filter(([t]) => t.startsWith('@')).map(([t]) => t)) };
}

/**
 * The closest known word within Damerau-Levenshtein distance 1 (words of 5+ letters) or 2 (8+),
 * with the same first letter, preferring words the FAQ knows. Undefined when nothing is close.
 */
export function correctTypo(index: LanguageIndex, word: string): Token | undefined {
  // Four-letter words are too often another real word one letter away ("kook" and "koop").
  const max = word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0;
  if (max === 0) return undefined;
  let best: (Candidate & { token: Token }) | undefined;
  for (let len = Math.max(3, word.length - max); len <= word.length + max; len++) {
    // People rarely get the first letter wrong; requiring it keeps "sing" from becoming "ring".
    for (const candidate of index.similarWords(word[0]!, len)) {
      const distance = editDistance(word, candidate.word, max);
      if (distance > max) continue;
      const isKnown = [...candidate.token.stems, ...candidate.token.concepts].some((t) => index.knows(t));
      const rank = { word: candidate.word, distance, known: isKnown, sameLength: candidate.word.length === word.length };
      if (!best || closer(rank, best)) {
        best = { ...candidate, ...rank };
      }
    }
  }
  return best?.token;
}

interface Candidate {
  word: string;
  distance: number;
  known: boolean;
  sameLength: boolean;
}

/** Fewer edits; then a word the FAQ knows; then a swap over a dropped letter ("contarct" → "contract", not "contact"). */
function closer(a: Candidate, b: Candidate): boolean {
  if (a.distance !== b.distance) return a.distance < b.distance;
  if (a.known !== b.known) return a.known;
  if (a.sameLength !== b.sameLength) return a.sameLength;
  return a.word < b.word;
}
