/**
 * Concepts that ask something ABOUT a topic rather than name one: "how much is X", "when is X",
 * "do you sell X", "is X allowed". A message whose only words the FAQ knows are such questions,
 * while its topic ("bike helmets", "fireworks") is unknown, is not a question the FAQ answers.
 */
export const QUESTION_CONCEPTS: ReadonlySet<string> = new Set(
  ['price', 'free', 'time', 'duration', 'location', 'allowed', 'sell', 'request', 'quantity', 'availability', 'bring', 'rent', 'repair', 'order', 'appointment', 'new', 'size', 'pay', 'included', 'required'].map((c) => `@${c}`),
);

export type { Lexicon } from './types.js';
