import { confidenceOf, DEFAULT_MODEL, type ConfidenceModel, type Evidence } from './confidence.js';
import { detectLanguage } from './language.js';
import { buildIndex, type EntryIndex, type LanguageIndex } from './faq-index.js';
import { analyseQuery, DEFAULT_FACTORS, type Query, type TermFactors } from './query.js';
import { words } from './normalise.js';
import { intentLikeness } from './intents/inherit.js';
import type { FaqFile, FaqMatch, FaqMatcher, FaqResult } from './types.js';

export interface FaqMatcherOptions {
  /** Minimum confidence (0..1) for an answer; see FaqResult.confidence. */
  threshold?: number;
  /** Advanced: the weights of the signals, for calibrating on an eval set. */
  scoring?: Partial<Scoring>;
  /** Advanced: the confidence model, for calibrating on an eval set. */
  model?: ConfidenceModel;
}

/**
 * score = (1 − precision) · coverage + precision · phrasing
 *
 * Coverage asks "how much of the message does this entry explain?": every meaningful word of the
 * message, weighted by how much it says (rare in the FAQ: more; unknown to the FAQ: it counts
 * against every entry), matched in the entry's questions (fully) or its answer (`answer`). Phrasing
 * asks the other way round: how much of the entry's closest question the message covers, which
 * prefers "price of a filling" over "price of a check-up" when both mention price.
 */
export interface Scoring extends TermFactors {
  /** How much a word found only in the entry's answer counts, next to 1 in its questions. */
  answer: number;
  /** How much a word the entry only has through a general intent it inherits counts (intents/). */
  inherit: number;
  /** How much it adds to an entry's score that the message reads like a general intent the entry has. */
  intent: number;
  precision: number;
}

export const DEFAULT_SCORING: Scoring = { ...DEFAULT_FACTORS, answer: 0.75, inherit: 0.5, intent: 0.1, precision: 0.2 };

/** Answer when the calibrated confidence is at least this. */
export const DEFAULT_THRESHOLD = 0.5;

/** One entry scored for one message, with what the confidence model needs. */
export interface ScoredEntry extends FaqMatch {
  /** Share of the message's topic words this entry covers (1 when the message has none). */
  topic: number;
  /** Topic covered and left unexplained, in words (token weights summed). */
  covered: number;
  missing: number;
  /** How well it explains the message's weightiest topic word (1 when there is none). */
  head: number;
}

/** Up to this many meaningful words, a message is short (see Evidence.unexplained). */
const SHORT_MESSAGE = 3;

export interface Ranking {
  ranked: ScoredEntry[];
  /** How many meaningful words the message has. */
  words: number;
  /** Share of the message (by weight) that some entry knows. */
  known: number;
  /** True when the message's weightiest topic word is one no entry knows (see `decide`). */
  strangeHead: boolean;
}

export function createFaqMatcher(files: FaqFile[], options: FaqMatcherOptions = {}): FaqMatcher {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const scoring: Scoring = { ...DEFAULT_SCORING, ...options.scoring };
  const model = options.model ?? DEFAULT_MODEL;
  // Files of one language share one index (and so one weighting); the index is built once, here.
  const indexes = new Map<string, LanguageIndex>();
  for (const language of new Set(files.map((f) => f.language))) {
    const ofLanguage = files.filter((f) => f.language === language);
    indexes.set(
      language,
      buildIndex(
        language,
        ofLanguage.flatMap((f) => f.entries),
        ofLanguage.flatMap((f) => f.shopWords ?? []),
      ),
    );
  }
  const languages = [...indexes.keys()];

  const pickIndex = (text: string, language: string): LanguageIndex | undefined => {
    const exact = indexes.get(language);
    if (exact) return exact;
    // No FAQ in the conversation's language: answer from the FAQ the message is written in, or any.
    const detected = detectLanguage(text, languages);
    return indexes.get(detected?.language ?? languages[0] ?? '');
  };
  const matchIn = (index: LanguageIndex, text: string) => decide(rank(index, text, scoring), threshold, model);

  return {
    languages: () => [...languages],
    match(text: string, language: string): FaqResult {
      const index = pickIndex(text, language);
      if (!index) return { confident: false, confidence: 0, candidates: [] };
      return matchIn(index, text);
    },
    bestLanguage(text: string): string | undefined {
      // A message is in the language whose FAQ answers it and whose words it uses: both FAQs may
      // answer "opening hrs" (a Dutch FAQ knows "opening" too), but only English writes "hrs".
      const typed = words(text);
      const answers = languages
        .map((l) => {
          const index = indexes.get(l)!;
          return { language: l, result: matchIn(index, text), words: typed.filter((w) => index.isRealWord(w)).length };
        })
        .filter((a) => a.result.confident)
        .sort((a, b) => b.words - a.words || b.result.confidence - a.result.confidence);
      const [first, second] = answers;
      if (!first) return undefined;
      if (second && second.words === first.words && first.result.confidence - second.result.confidence < 0.1) return undefined;
      return first.language;
    },
  };
}

/** All entries of `index` (or the given subset) scored for `text`, best first; ties keep file order. */
export function rank(index: LanguageIndex, text: string, scoring: Scoring = DEFAULT_SCORING, entries: EntryIndex[] = index.entries): Ranking {
  const query = analyseQuery(index, text, scoring);
  const intents = scoring.intent > 0 ? intentLikeness(query.raw, index.profiles) : new Map<string, number>();
  let total = 0;
  let knownWeight = 0;
  let headWeight = 0;
  let strangeHead = false;
  for (const t of query.tokens) {
    total += t.weight;
    if (t.known) knownWeight += t.weight;
    // As in scoreEntry: ties go to a word the FAQ does not know.
    if (t.topic && (t.weight > headWeight || (t.weight === headWeight && !t.known))) {
      headWeight = t.weight;
      strangeHead = !t.known;
    }
  }
  if (knownWeight === 0) return { ranked: [], known: 0, words: query.tokens.length, strangeHead };
  const ranked = entries
    .map((e, order) => ({ scored: scoreEntry(e, query, scoring, intents), order }))
    .sort((a, b) => b.scored.score - a.scored.score || a.order - b.order)
    .map((r) => r.scored);
  return { ranked, known: knownWeight / total, words: query.tokens.length, strangeHead };
}

/** The FAQ's entries ranked for `text` (see `rank`), without the evidence. */
export function rankEntries(index: LanguageIndex, text: string, scoring: Scoring = DEFAULT_SCORING, entries: EntryIndex[] = index.entries): FaqMatch[] {
  return rank(index, text, scoring, entries).ranked.map((r) => ({ entry: r.entry, score: r.score }));
}

/** The evidence for the best entry of a ranking. */
export function evidenceOf(ranking: Ranking): Evidence | undefined {
  const [best, second] = ranking.ranked;
  if (!best || best.score <= 0) return undefined;
  const unexplained = ranking.words <= SHORT_MESSAGE && best.head === 0 ? 1 : 0;
  return {
    best: best.score,
    gap: best.score - (second?.score ?? 0),
    topic: best.topic,
    known: ranking.known,
    covered: Math.min(2, best.covered),
    missing: Math.min(2, best.missing),
    head: best.head,
    unexplained,
  };
}

/** Confident when the calibrated confidence in the best entry reaches `threshold`. */
export function decide(ranking: Ranking, threshold = DEFAULT_THRESHOLD, model: ConfidenceModel = DEFAULT_MODEL): FaqResult {
  const candidates = ranking.ranked
    .slice(0, 3)
    .filter((m) => m.score > 0)
    .map((m) => ({ entry: m.entry, score: m.score }));
  const evidence = evidenceOf(ranking);
  const confidence = evidence ? Math.round(confidenceOf(evidence, model) * 1e4) / 1e4 : 0;
  // A short message about something the FAQ has no word for is not for the FAQ: "write me a poem" is
  // about a poem, however well "write" matches the newsletter. (The model weighs the milder case, a
  // main word that the FAQ knows but the best entry does not: see Evidence.unexplained.)
  const aboutIt = isAbout(ranking);
  return { best: candidates[0], confident: aboutIt && confidence >= threshold, confidence: aboutIt ? confidence : Math.min(confidence, threshold / 2), candidates };
}

/**
 * False for a short message whose weightiest topic word no entry knows, unless the best entry still
 * covers more than half of what it is about ("prijs dameskapsel": the ladies, not the unknown
 * "kapsel"). "Schrijf een gedicht": "schrijf" is in the FAQ, the poem is not, and it is half.
 */
export function isAbout(ranking: Ranking): boolean {
  const topic = ranking.ranked[0]?.topic ?? 0;
  return !(ranking.strangeHead && ranking.words <= SHORT_MESSAGE && topic <= 0.5);
}

function scoreEntry(e: EntryIndex, query: Query, w: Scoring, intents: ReadonlyMap<string, number>): ScoredEntry {
  let total = 0;
  let covered = 0;
  let topicTotal = 0;
  let topicCovered = 0;
  let headWeight = 0;
  let head = 1;
  for (const token of query.tokens) {
    let best = 0;
    for (const [term, strength] of token.terms) {
      const found = e.question.has(term)
        ? strength
        : e.parts.has(term)
          ? strength * w.compound
          : e.answer.has(term)
            ? strength * w.answer
            : e.inherited.has(term)
              ? strength * w.inherit
              : 0;
      if (found > best) best = found;
    }
    total += token.weight;
    covered += token.weight * best;
    if (token.topic) {
      topicTotal += token.weight;
      topicCovered += token.weight * best;
      // Ties go to a word the FAQ does not know: "poem" is what "write a poem" is about.
      if (token.weight > headWeight || (token.weight === headWeight && !token.known)) {
        headWeight = token.weight;
        head = best;
      }
    }
  }
  const topic = topicTotal > 0 ? topicCovered / topicTotal : 1;
  const topics = { topic, covered: topicCovered, missing: topicTotal - topicCovered, head };
  if (total === 0 || covered === 0) return { entry: e.entry, score: 0, ...topics };
  const coverage = covered / total;

  let phrasing = 0;
  for (const v of e.variants) {
    if (v.weight === 0) continue;
    let shared = 0;
    for (const t of v.tokens) if (t.terms.some((term) => query.terms.has(term))) shared += t.weight;
    if (shared / v.weight > phrasing) phrasing = shared / v.weight;
  }
  let intent = 0;
  for (const name of e.intents) intent = Math.max(intent, intents.get(name) ?? 0);
  const score = (1 - w.precision) * coverage + w.precision * phrasing + w.intent * intent;
  return { entry: e.entry, score: Math.round(score * 1e4) / 1e4, ...topics };
}
