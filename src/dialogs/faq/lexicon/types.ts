/**
 * Concept name → the words and phrases (folded, matched on stems) that customers use for it. Concept
 * names are shared across languages, so a word found through another language's lexicon means the same.
 */
export type Lexicon = Readonly<Record<string, readonly string[]>>;
