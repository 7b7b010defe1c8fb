import { detectLanguage } from './language.js';
import { buildIndex, type EntryIndex, type LanguageIndex } from './faq-index.js';
import { dice } from './similarity.js';
import { analyseQuery, DEFAULT_FACTORS, type QueryTerm, type TermFactors } from './query.js';
import type { FaqFile, FaqMatch, FaqMatcher, FaqResult } from './types.js';

export interface FaqMatcherOptions {
  /** Minimum score (0..1) for a confident answer. */
  threshold?: number;
  /** Minimum lead of the best entry over the runner-up for a confident answer. */
  margin?: number;
  /** Advanced: the weights of the signals, for calibrating on an eval set. */
  scoring?: Partial<Scoring>;
}

/**
 * score = coverage^coverageExponent × (1 − variant − trigram + variant·F + trigram·T)
 *
 * Coverage asks "is every meaningful word of the message explained by this entry?" (weighted by
 * idf); it gates the score, which is what makes the bot abstain on "how much does a house cost".
 * F is the best question variant's F-score against the message: it prefers the entry whose own
 * phrasing is closest. T is letter-trigram similarity to the closest variant, for what word matching
 * misses (compounds, typos beyond the edit distance). The factors (see TermFactors) say how much
 * an unknown word, a number, a typo-corrected or a compound-split word counts.
 */
export interface Scoring extends TermFactors {
  coverageExponent: number;
  variant: number;
  trigram: number;
}

export const DEFAULT_SCORING: Scoring = { coverageExponent: 1, variant: 0.4, trigram: 0.1, ...DEFAULT_FACTORS };

/** Calibrated on test/dialogs/faq/eval.*.yaml (see `npm run eval:faq`). */
export const DEFAULT_THRESHOLD = 0.35;
export const DEFAULT_MARGIN = 0.02;

export function createFaqMatcher(files: FaqFile[], options: FaqMatcherOptions = {}): FaqMatcher {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const margin = options.margin ?? DEFAULT_MARGIN;
  const scoring: Scoring = { ...DEFAULT_SCORING, ...options.scoring };
  // Files of one language share one index (and so one idf); the index is built once, here.
  const indexes = new Map<string, LanguageIndex>();
  for (const language of new Set(files.map((f) => f.language))) {
    const ofLanguage = files.filter((f) => f.language === language);
    indexes.set(language, buildIndex(language, ofLanguage.flatMap((f) => f.entries), ofLanguage.flatMap((f) => f.shopWords ?? [])));
  }
  const languages = [...indexes.keys()];

  const pickIndex = (text: string, language: string): LanguageIndex | undefined => {
    const exact = indexes.get(language);
    if (exact) return exact;
    // No FAQ in the conversation's language: answer from the FAQ the message is written in, or any.
    const detected = detectLanguage(text, languages);
    return indexes.get(detected?.language ?? languages[0] ?? '');
  };

  return {
    languages: () => [...languages],
    match(text: string, language: string): FaqResult {
      const index = pickIndex(text, language);
      if (!index) return { confident: false, candidates: [] };
      return decide(rankEntries(index, text, scoring), threshold, margin);
    },
  };
}

/** All entries of `index` (or the given subset) scored for `text`, best first; ties keep file order. */
export function rankEntries(index: LanguageIndex, text: string, scoring: Scoring = DEFAULT_SCORING, entries: EntryIndex[] = index.entries): FaqMatch[] {
  const query = analyseQuery(index, text, scoring);
  if (query.terms.length === 0) return [];
  return entries
    .map((e, order) => ({ match: { entry: e.entry, score: scoreEntry(index, e, query.terms, query.grams, scoring) }, order }))
    .sort((a, b) => b.match.score - a.match.score || a.order - b.order)
    .map((r) => r.match);
}

/** Confident when the best entry scores at least `threshold` and leads the runner-up by `margin`. */
export function decide(ranked: FaqMatch[], threshold = DEFAULT_THRESHOLD, margin = DEFAULT_MARGIN): FaqResult {
  const candidates = ranked.slice(0, 3).filter((m) => m.score > 0);
  const best = candidates[0];
  const runnerUp = candidates[1]?.score ?? 0;
  const confident = !!best && best.score >= threshold && best.score - runnerUp >= margin;
  return { best, confident, candidates };
}

function scoreEntry(index: LanguageIndex, e: EntryIndex, terms: QueryTerm[], grams: Set<string>, w: Scoring): number {
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return 0;
  let covered = 0;
  for (const t of terms) if (t.term && e.terms.has(t.term)) covered += t.weight;
  const coverage = covered / total;
  // The score is a product with coverage: an entry that explains nothing of the message scores 0.
  if (coverage === 0) return 0;

  let bestVariant = 0;
  let bestTrigram = 0;
  for (const v of e.variants) {
    let shared = 0;
    let sharedIdf = 0;
    for (const t of terms) {
      if (t.term && v.terms.has(t.term)) {
        shared += t.weight;
        sharedIdf += index.idf(t.term);
      }
    }
    const recall = shared / total;
    const precision = v.weight > 0 ? sharedIdf / v.weight : 0;
    const f = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
    if (f > bestVariant) bestVariant = f;
    const tri = dice(grams, v.grams);
    if (tri > bestTrigram) bestTrigram = tri;
  }
  const score = Math.pow(coverage, w.coverageExponent) * (1 - w.variant - w.trigram + w.variant * bestVariant + w.trigram * bestTrigram);
  return Math.round(score * 1e4) / 1e4;
}
