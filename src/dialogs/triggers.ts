/** Lower case, no accents, no punctuation, single spaces: "Hé, wat kún je?" → "he wat kun je". */
export function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// A turn asks several triggers about the same message, each against the same configured phrases:
// normalising them again every time was 4% of a bot turn's CPU. Phrases come from config and
// locales, so their cache stays small (the bound is a guard); of messages only the last is kept.
const PHRASES_KEPT = 2000;
const plainPhrases = new Map<string, string>();
let lastText: { text: string; plain: string } | undefined;

/** `plain` of a configured phrase, remembered. */
export function plainPhrase(phrase: string): string {
  let out = plainPhrases.get(phrase);
  if (out === undefined) {
    if (plainPhrases.size >= PHRASES_KEPT) plainPhrases.clear();
    plainPhrases.set(phrase, (out = plain(phrase)));
  }
  return out;
}

/** `plain` of a message; the last one is remembered, as every trigger of a turn asks about it. */
export function plainText(text: string): string {
  if (lastText?.text !== text) lastText = { text, plain: plain(text) };
  return lastText.plain;
}

/** True when `text` contains one of `phrases` as whole words ("stop" matches "stop maar", not "stopcontact"). */
export function containsPhrase(text: string, phrases: string[]): boolean {
  const haystack = ` ${plainText(text)} `;
  return phrases.some((p) => {
    const needle = plainPhrase(p);
    return needle !== '' && haystack.includes(` ${needle} `);
  });
}

/**
 * True when `text` is essentially just one of `phrases`, allowing `slack` other words ("hoi daar",
 * "stop please"), so "hi, how much is shipping" is a question and not a greeting.
 */
export function isPhrase(text: string, phrases: string[], slack = 1): boolean {
  const words = plainText(text).split(' ').filter(Boolean);
  if (words.length === 0) return false;
  return phrases.some((p) => {
    const needle = plainPhrase(p).split(' ').filter(Boolean);
    if (needle.length === 0 || words.length > needle.length + slack) return false;
    const joined = ` ${words.join(' ')} `;
    return joined.includes(` ${needle.join(' ')} `);
  });
}
