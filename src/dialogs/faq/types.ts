/** One question-and-answer pair from a `faq.<language>.yaml` file. */
export interface FaqEntry {
  /** kebab-case, unique within its file and the same across languages. */
  id: string;
  /** The ways a customer asks it; the matcher indexes all of them. */
  questions: string[];
  /** Answer text in balie markdown. */
  answer: string;
  /** Answers for one channel (webchat, telegram, slack, whatsapp) that replace `answer` there. */
  channels: Partial<Record<string, string>>;
  /** Extra words that point to this entry. */
  tags: string[];
  /** 1-based line of the entry in its file, so problems can point at it. */
  line: number;
}

export interface FaqFile {
  language: string;
  /** Display name of the file, e.g. `faq.nl.yaml`. */
  file: string;
  entries: FaqEntry[];
  /**
   * Words for what the shop sells and its surroundings ("parasol", "website") that say nothing about
   * which question is asked. The matcher neither counts them as evidence nor as unknown words.
   */
  shopWords?: string[];
}

export interface FaqMatch {
  entry: FaqEntry;
  /** 0..1: how well the entry explains the message; ranks the candidates. */
  score: number;
}

export interface FaqResult {
  best?: FaqMatch;
  /** True when `best` is good enough to answer with; otherwise the bot should say it did not understand. */
  confident: boolean;
  /**
   * 0..1: how likely `best` is the right answer, calibrated on businesses the matcher was tuned on
   * (the share of answers given at this confidence that were right there). Compared with the
   * threshold (`faq.threshold` in balie.yaml).
   */
  confidence: number;
  /** The three best entries, best first (for "did you mean"). */
  candidates: FaqMatch[];
}

export interface FaqMatcher {
  match(text: string, language: string): FaqResult;
  /** The languages that have an FAQ. */
  languages(): string[];
  /**
   * The language whose FAQ confidently answers `text`, when one does clearly better than the others:
   * "opening hrs" is too short to tell its language from its words, but it is an English question.
   */
  bestLanguage(text: string): string | undefined;
}
