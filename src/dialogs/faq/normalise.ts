/**
 * Text normalisation for FAQ matching: fold (lower case, no accents, no punctuation), tokenise,
 * join known phrases, drop stopwords, stem and map synonyms to one canonical term.
 *
 * Everything language-specific lives in a `LanguageRules` object (see ./languages/), so a third
 * language only adds its own lists and stemmer; this file knows no language.
 */

export interface LanguageRules {
  /** Two-letter code, as in `faq.<code>.yaml`. */
  code: string;
  /** Words that carry no meaning for matching ("the", "hoi", "please"). Folded forms. */
  stopwords: readonly string[];
  /** Light suffix stripping; must be deterministic and idempotent enough that forms of one word meet. */
  stem(word: string): string;
  /**
   * word → canonical words. Applied to the stem, so all forms of the key match ("deliveries",
   * "delivered" → "shipping"). A key of several words is a phrase, matched before stopwords go.
   */
  synonyms: Readonly<Record<string, string>>;
  /**
   * Words that carry a little meaning but less than their rarity in a small FAQ suggests, like
   * question words ("when", "where"): their terms count half.
   */
  weak?: readonly string[];
  /** Like `synonyms`, but only for this exact (folded) word, not its other forms. */
  exact?: Readonly<Record<string, string>>;
  /**
   * Frequent, correctly spelt words the FAQ may not contain ("weeks", "weken"): they are never
   * "corrected" into a similar FAQ word.
   */
  dictionary?: readonly string[];
  /** Language detection: very common words that are typical for this language. */
  commonWords: readonly string[];
  /** Language detection: letter patterns typical for this language, with a weight. */
  patterns: ReadonlyArray<readonly [RegExp, number]>;
}

/** One word of a message after analysis. `terms` is empty for stopwords. */
export interface Token {
  /** The folded word as typed (or a joined phrase). */
  surface: string;
  /** Canonical stemmed terms it stands for. */
  terms: string[];
}

export interface Normaliser {
  readonly language: string;
  /** Content tokens of `text`: stopwords are dropped, phrases joined. */
  analyse(text: string): Token[];
  /** Terms for one folded word; [] for a stopword. */
  termsOf(word: string): string[];
  isStopword(word: string): boolean;
  /** Every word the rules know (stopwords, synonym keys), folded; for typo correction. */
  knownWords(): string[];
}

/** Lower case, accents removed, apostrophes dropped ("what's" → "whats"), other punctuation → space. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function words(text: string): string[] {
  const folded = fold(text);
  return folded ? folded.split(' ') : [];
}

/** Rules for a language we have no lists for: no stopwords, no stemming, no synonyms. */
export function plainRules(code: string): LanguageRules {
  return { code, stopwords: [], stem: (w) => w, synonyms: {}, commonWords: [], patterns: [] };
}

export function createNormaliser(rules: LanguageRules): Normaliser {
  const stopwords = new Set(rules.stopwords.map(fold));
  const stem = (w: string) => (/^\d+$/.test(w) ? w : rules.stem(w));
  const toTerms = (value: string) => words(value).map(stem);

  const byStem = new Map<string, string[]>();
  const bySurface = new Map<string, string[]>();
  const phrases = new Map<string, string[]>();
  let longestPhrase = 1;
  for (const [key, value] of Object.entries(rules.synonyms)) {
    const keyWords = words(key);
    if (keyWords.length > 1) {
      // Phrases match on stems, so "credit cards" finds "credit card".
      phrases.set(keyWords.map(stem).join(' '), toTerms(value));
      longestPhrase = Math.max(longestPhrase, keyWords.length);
    } else if (keyWords[0]) {
      // The first rule for a stem wins, so lists can put the specific meaning first.
      if (!byStem.has(stem(keyWords[0]))) byStem.set(stem(keyWords[0]), toTerms(value));
    }
  }
  for (const [key, value] of Object.entries(rules.exact ?? {})) {
    const keyWords = words(key);
    if (keyWords.length === 1 && keyWords[0]) bySurface.set(keyWords[0], toTerms(value));
  }

  const termsOf = (word: string): string[] => {
    if (stopwords.has(word)) return [];
    const exact = bySurface.get(word);
    if (exact) return exact;
    const s = stem(word);
    return byStem.get(s) ?? [s];
  };

  const analyse = (text: string): Token[] => {
    const ws = words(text);
    const stems = longestPhrase > 1 ? ws.map(stem) : ws;
    const tokens: Token[] = [];
    for (let i = 0; i < ws.length; ) {
      let matched = false;
      for (let n = Math.min(longestPhrase, ws.length - i); n > 1; n--) {
        const phrase = stems.slice(i, i + n).join(' ');
        const terms = phrases.get(phrase);
        if (terms) {
          tokens.push({ surface: ws.slice(i, i + n).join(''), terms });
          i += n;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      const word = ws[i++]!;
      if (!stopwords.has(word)) tokens.push({ surface: word, terms: termsOf(word) });
    }
    return tokens;
  };

  const known = [...new Set([...stopwords, ...Object.keys(rules.synonyms).flatMap(words), ...Object.keys(rules.exact ?? {}).flatMap(words)])];

  return {
    language: rules.code,
    analyse,
    termsOf,
    isStopword: (word) => stopwords.has(word),
    knownWords: () => known,
  };
}

/** Shared stemming helper: the word without `suffix` when enough of it stays. */
export function stripSuffix(word: string, suffix: string, minStem: number): string | undefined {
  return word.length - suffix.length >= minStem && word.endsWith(suffix) ? word.slice(0, -suffix.length) : undefined;
}
