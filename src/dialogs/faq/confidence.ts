/**
 * How likely the best entry is the right answer, from evidence that means the same whatever the
 * FAQ's size: how well the best entry explains the message, its lead over the runner-up, how much
 * of what the message is about (its topic words) the best entry covers, and how much of the message
 * the FAQ knows at all. A logistic model; its weights are fitted on the tuning businesses
 * (`npx tsx scripts/faq/tune.ts`), never on the held-out ones.
 */
export interface Evidence {
  /** The best entry's score, 0..1. */
  best: number;
  /** Its lead over the runner-up. */
  gap: number;
  /** Share of the message's topic words (not "how much", "sell", …) the best entry covers; 1 when it has none. */
  topic: number;
  /** Share of the message (by weight) that some entry of the FAQ knows. */
  known: number;
  /** How much topic the best entry covers, in words (weights summed, at most 2). */
  covered: number;
  /** How much topic it leaves unexplained, in words (at most 2). */
  missing: number;
  /** How well the best entry explains the message's weightiest topic word, 0..1 (1 when it has none). */
  head: number;
  /**
   * 1 when the message is short and the best entry knows nothing of its weightiest topic word: "write
   * me a poem" is about a poem, however well "write" matches the newsletter. (A long message carries
   * enough other evidence, and its weightiest word is often just context.) Else 0.
   */
  unexplained: number;
}

export type ConfidenceModel = { bias: number } & { [K in keyof Evidence]: number };

/**
 * Fitted by scripts/faq/tune.ts on the tuning businesses and the demo shop (2026-12-03, refitted after
 * the general intents and the broader lexicon families); the bias includes the threshold (0.45, the
 * highest-scoring one that keeps the demo shop's figures) so 0.5 is the default cut.
 */
export const DEFAULT_MODEL: ConfidenceModel = { bias: -3.01, best: 3.14, gap: 4.02, topic: 0.08, known: 0.97, covered: 0.81, missing: 0, head: 0.33, unexplained: -0.03 };

export function confidenceOf(e: Evidence, m: ConfidenceModel = DEFAULT_MODEL): number {
  const z =
    m.bias +
    m.best * e.best +
    m.gap * e.gap +
    m.topic * e.topic +
    m.known * e.known +
    m.covered * e.covered +
    m.missing * e.missing +
    m.head * e.head +
    m.unexplained * e.unexplained;
  return 1 / (1 + Math.exp(-z));
}
