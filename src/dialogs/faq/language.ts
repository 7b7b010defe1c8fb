import { builtInLanguages, rulesFor } from './languages/index.js';
import { fold, words, type LanguageRules } from './normalise.js';

export interface DetectedLanguage {
  language: string;
  /** 0..1: how sure, given how much evidence the text holds and how one-sided it is. */
  confidence: number;
}

/** Below this much evidence (less than one typical word) the text says too little to tell. */
const MIN_EVIDENCE = 0.6;
/** The winner must hold this share of all evidence, otherwise the text is mixed or ambiguous. */
const MIN_SHARE = 0.6;
/** Letter patterns count less than whole words: they also occur in borrowed words. */
const PATTERN_WEIGHT = 0.35;
/** A word from the language's other lists (stopwords, synonyms, dictionary) that no other language has. */
const VOCABULARY_WEIGHT = 0.6;

/** What detection knows of one language: its very common words, other words only it has, letter patterns. */
export interface LanguageProfile {
  common: ReadonlySet<string>;
  vocabulary: ReadonlySet<string>;
  patterns: LanguageRules['patterns'];
}

function vocabularyOf(rules: LanguageRules): Set<string> {
  return new Set([...rules.stopwords, ...Object.keys(rules.shortForms ?? {}), ...Object.values(rules.lexicon).flat(), ...(rules.dictionary ?? [])].flatMap(words));
}

/** Profiles of the built-in languages, derived once: words two languages share are no evidence. */
const BUILT_IN_PROFILES: ReadonlyMap<string, LanguageProfile> = (() => {
  const vocab = new Map(builtInLanguages().map((l) => [l, vocabularyOf(rulesFor(l))]));
  return new Map(
    builtInLanguages().map((l) => {
      const others = [...vocab].filter(([other]) => other !== l).map(([, v]) => v);
      const own = [...vocab.get(l)!].filter((w) => w.length > 2 && !others.some((o) => o.has(w)));
      const rules = rulesFor(l);
      return [l, { common: new Set(rules.commonWords), vocabulary: new Set(own), patterns: rules.patterns }];
    }),
  );
})();

/** The built-in profile of `language`, or undefined for a language without word lists. */
export function builtInProfile(language: string): LanguageProfile | undefined {
  return BUILT_IN_PROFILES.get(language);
}

function profileFor(language: string, learned?: ReadonlyMap<string, LanguageProfile>): LanguageProfile {
  const builtIn = BUILT_IN_PROFILES.get(language) ?? learned?.get(language);
  if (builtIn) return builtIn;
  const rules = rulesFor(language);
  return { common: new Set(rules.commonWords), vocabulary: new Set(), patterns: rules.patterns };
}

/**
 * Which of `candidates` the text is written in, from common words ("de", "jullie" / "the", "would"),
 * other words only that language's lists have ("retourneren" / "refund"), and letter patterns
 * ("ij", "sch" / "th", "-tion"). Languages without rules are recognised only through `learned`
 * profiles (see learned-language.ts). Undefined when the text
 * is too short or too mixed to tell ("ok", "123", "PayPal").
 */
export function detectLanguage(text: string, candidates: string[], learned?: ReadonlyMap<string, LanguageProfile>): DetectedLanguage | undefined {
  const tokens = words(text);
  if (tokens.length === 0 || candidates.length === 0) return undefined;
  const folded = fold(text);

  const scores = candidates.map((language) => {
    const profile = profileFor(language, learned);
    let score = 0;
    for (const token of tokens) {
      if (profile.common.has(token)) score += 1;
      else if (profile.vocabulary.has(token)) score += VOCABULARY_WEIGHT;
    }
    for (const [pattern, weight] of profile.patterns) score += (folded.match(pattern)?.length ?? 0) * weight * PATTERN_WEIGHT;
    return { language, score };
  });
  scores.sort((a, b) => b.score - a.score || a.language.localeCompare(b.language));
  const [best, second] = scores;
  if (!best || best.score < MIN_EVIDENCE) return undefined;
  const share = best.score / (best.score + (second?.score ?? 0));
  if (share < MIN_SHARE) return undefined;
  // Grows with evidence: one clear word gives about 0.45, two about 0.7, four about 0.9.
  const amount = 1 - Math.exp(-best.score / 1.7);
  return { language: best.language, confidence: Math.round(share * amount * 1000) / 1000 };
}
