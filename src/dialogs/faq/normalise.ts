/**
 * Text analysis for FAQ matching: fold (lower case, no accents, no punctuation), tokenise, expand
 * texting short forms, join the lexicon's phrases, drop stopwords, stem (Snowball stemmers from
 * @orama/stemmers) and look up each word's concepts in the customer-service lexicon.
 *
 * Everything language-specific lives in a `LanguageRules` object (see ./languages/), so a third
 * language only adds its own lists, stemmer and lexicon; this file knows no language.
 */
import type { Lexicon } from './lexicon/types.js';

export interface LanguageRules {
  /** Two-letter code, as in `faq.<code>.yaml`. */
  code: string;
  /** Words that carry no meaning for matching ("the", "hoi", "please"). Folded forms. */
  stopwords: readonly string[];
  /** Brings the forms of one word together ("deliveries", "delivered" → "deliv"). */
  stem(word: string): string;
  /** Other stems a word's stem may stand for ("bezorgd" is also "bezorg"), matched as well. */
  stemVariants?(stem: string): string[];
  /**
   * True where people write compounds as one word and make up their own (Dutch "huurfiets"): every
   * word is also read as its parts. Otherwise only a word the FAQ does not know is split.
   */
  compounds?: boolean;
  /** Concepts and the words customers use for them (see ./lexicon/). */
  lexicon: Lexicon;
  /** Texting forms and their full words ("hrs" → "hours", "wnr" → "wanneer"), applied before anything else. */
  shortForms?: Readonly<Record<string, string>>;
  /**
   * Frequent, correctly spelt words the FAQ may not contain ("weeks", "weken"): they are never
   * "corrected" into a similar FAQ word.
   */
  dictionary?: readonly string[];
  /**
   * Separable verbs (Dutch "zeg ... op" for "opzeggen"): a clause ending in one of `particles` also
   * yields the particle joined to its verb, the first word that is not one of `openers` (question
   * words and subject pronouns: the verb comes second in a main clause).
   */
  separable?: { particles: readonly string[]; openers: readonly string[] };
  /** Language detection: very common words that are typical for this language. */
  commonWords: readonly string[];
  /** Language detection: letter patterns typical for this language, with a weight. */
  patterns: ReadonlyArray<readonly [RegExp, number]>;
}

/** One meaningful piece of a message after analysis. */
export interface Token {
  /** The folded word as typed (a joined phrase has no spaces). */
  surface: string;
  /** The stems of its words. */
  stems: string[];
  /** The lexicon concepts it stands for, as `@concept` terms. */
  concepts: string[];
  /** A reading the text may not mean (a joined separable verb): dropped where the FAQ does not know it. */
  optional?: boolean;
}

export interface Normaliser {
  readonly language: string;
  /** Content tokens of `text`: stopwords are dropped, short forms expanded, phrases joined. */
  analyse(text: string): Token[];
  /** Stem of one folded word (cached). */
  stem(word: string): string;
  /** The stem and its variants (see LanguageRules.stemVariants). */
  stemsOf(word: string): string[];
  /** `@concept` terms of one folded word; [] when the lexicon does not know it. */
  conceptsOf(word: string): string[];
  isStopword(word: string): boolean;
  /** Single words of the lexicon, stopwords and short forms, folded: the language's own vocabulary. */
  knownWords(): string[];
}

/**
 * Lower case, accents removed, apostrophes dropped ("what's" → "whats"), a letter hyphened to a word
 * joined to it ("e-bike" → "ebike", "e-mail" → "email"), other punctuation → space.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/(?<![\p{L}\p{N}])(\p{L})-(?=\p{L})/gu, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function words(text: string): string[] {
  const folded = fold(text);
  return folded ? folded.split(' ') : [];
}

/** Rules for a language we have no lists for: no stopwords, no stemming, no lexicon. */
export function plainRules(code: string): LanguageRules {
  return { code, stopwords: [], stem: (w) => w, lexicon: {}, commonWords: [], patterns: [] };
}

/** The lexicon's concept for chat phrases that say nothing ("quick question"). */
const FILLER = '@filler';

/** Customers type anything; a cache of every word ever seen would grow without end. */
const STEM_CACHE_LIMIT = 20_000;

const isNumber = (w: string) => /^\d+$/.test(w);

/**
 * The normaliser of `rules`, made once per rules object: building one stems the whole lexicon, and
 * every FAQ index, its foreign-language fallbacks and `check:faq` need the same few.
 */
const made = new WeakMap<LanguageRules, Normaliser>();
export function normaliserFor(rules: LanguageRules): Normaliser {
  let normaliser = made.get(rules);
  if (!normaliser) {
    normaliser = createNormaliser(rules);
    made.set(rules, normaliser);
  }
  return normaliser;
}

export function createNormaliser(rules: LanguageRules): Normaliser {
  const stopwords = new Set(rules.stopwords.map(fold));
  const cache = new Map<string, string>();
  const stem = (w: string): string => {
    let s = cache.get(w);
    if (s === undefined) {
      s = isNumber(w) || w.length <= 2 ? w : rules.stem(w);
      if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
      cache.set(w, s);
    }
    return s;
  };
  const variantCache = new Map<string, string[]>();
  const stemsOf = (w: string): string[] => {
    let list = variantCache.get(w);
    if (!list) {
      const s = stem(w);
      list = [s, ...(rules.stemVariants?.(s) ?? [])];
      if (variantCache.size >= STEM_CACHE_LIMIT) variantCache.clear();
      variantCache.set(w, list);
    }
    return list;
  };
  const shortForms = new Map(Object.entries(rules.shortForms ?? {}).map(([k, v]) => [fold(k), words(v)]));

  // Single words by stem and by surface; phrases by their words' stems joined with a space.
  const byStem = new Map<string, Set<string>>();
  const bySurface = new Map<string, Set<string>>();
  const phrases = new Map<string, Set<string>>();
  let longestPhrase = 1;
  const put = (map: Map<string, Set<string>>, key: string, concept: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(concept);
    map.set(key, set);
  };
  // In a phrase a stopword must be typed as it is: "te laten" is not "te laat", though "laten" and
  // "laat" share a stem. Other words match on their stems.
  const keyOf = (w: string) => (stopwords.has(w) ? `=${w}` : stem(w));
  for (const [name, entries] of Object.entries(rules.lexicon)) {
    const concept = `@${name}`;
    for (const entry of entries) {
      // "=pasen": this word only, not every word with its stem ("pas", just, is not Easter).
      const exact = entry.startsWith('=');
      const ws = words(entry);
      if (ws.length > 1) {
        put(phrases, ws.map(keyOf).join(' '), concept);
        longestPhrase = Math.max(longestPhrase, ws.length);
      } else if (ws[0]) {
        put(bySurface, ws[0], concept);
        // A stopword's stem says nothing ("how"); the lexicon's stopwords count only in phrases.
        if (!stopwords.has(ws[0]) && !exact) put(byStem, stem(ws[0]), concept);
      }
    }
  }

  const conceptsOf = (word: string): string[] => {
    const a = bySurface.get(word);
    const b = byStem.get(stem(word));
    if (!a) return b ? [...b] : [];
    if (!b) return [...a];
    return [...new Set([...a, ...b])];
  };

  const particles = new Set(rules.separable?.particles ?? []);
  const openers = new Set(rules.separable?.openers ?? []);
  /** "Hoe zeg ik mijn contract op?": "opzeg", as if "opzeggen" were typed. */
  const separated = (text: string): Token[] => {
    if (particles.size === 0) return [];
    const out: Token[] = [];
    for (const clause of text.split(/[.,;:!?\n]+/)) {
      const ws = words(clause).flatMap((w) => shortForms.get(w) ?? [w]);
      const particle = ws[ws.length - 1];
      if (ws.length < 3 || !particle || !particles.has(particle)) continue;
      const verb = ws.slice(0, -1).find((w) => !openers.has(w));
      if (!verb || particles.has(verb) || isNumber(verb)) continue;
      const joined = `${particle}${verb}`;
      out.push({ surface: joined, stems: stemsOf(joined), concepts: conceptsOf(joined), optional: true });
    }
    return out;
  };

  const analyse = (text: string): Token[] => {
    const ws = words(text).flatMap((w) => shortForms.get(w) ?? [w]);
    const keys = ws.map(keyOf);
    const tokens: Token[] = [];
    for (let i = 0; i < ws.length;) {
      let matched = false;
      for (let n = Math.min(longestPhrase, ws.length - i); n > 1; n--) {
        const concepts = phrases.get(keys.slice(i, i + n).join(' '));
        if (!concepts) continue;
        // The phrase means its concept, and its content words are still themselves: "pay later" is
        // about paying and about later. A phrase of stopwords only ("how much") is one token.
        // A filler ("quick question", "alvast bedankt") announces a question and says nothing about it.
        if (!concepts.has(FILLER)) {
          const content = ws.slice(i, i + n).filter((w) => !stopwords.has(w));
          if (content.length === 0) tokens.push({ surface: ws.slice(i, i + n).join(''), stems: [], concepts: [...concepts] });
          // Each word keeps its stem but takes the phrase's meaning: in "send back", "send" is not delivery.
          for (const w of content) tokens.push({ surface: w, stems: stemsOf(w), concepts: [...concepts] });
        }
        i += n;
        matched = true;
        break;
      }
      if (matched) continue;
      const word = ws[i]!;
      i++;
      if (stopwords.has(word)) continue;
      tokens.push({ surface: word, stems: stemsOf(word), concepts: conceptsOf(word) });
    }
    tokens.push(...separated(text));
    return tokens;
  };

  const known = [
    ...new Set([
      ...stopwords,
      ...shortForms.keys(),
      ...Object.values(rules.lexicon)
        .flat()
        .flatMap((e) => {
          const ws = words(e);
          return ws.length === 1 ? ws : [];
        }),
    ]),
  ];

  return {
    language: rules.code,
    analyse,
    stem,
    stemsOf,
    conceptsOf,
    isStopword: (word) => stopwords.has(word),
    knownWords: () => known,
  };
}
