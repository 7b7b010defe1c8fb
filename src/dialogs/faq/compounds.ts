import type { Normaliser, Token } from './normalise.js';

/** No compound a customer types is longer; trying every split point of a 50,000-letter "word" would hold the event loop. */
const MAX_COMPOUND_LENGTH = 40;
const LINKS = ['', 's', 'e', 'en'];
/** A tail this long is a word of its own ("sluiting" in "zomersluiting"), also after an unknown head. */
const MIN_TAIL_ALONE = 5;

/**
 * "tandartsrekening" → "tandarts" + "rekening", "openingstijden" → "opening" + "tijden": the parts
 * of a compound when each is a word the FAQ or the lexicon knows (`isPart`), joined directly or with
 * a linking s/e/en. Dutch writes compounds as one word, and customers make up their own
 * ("fietsverhuur", "huurfiets"); English has a few ("checkin", "takeaway"). The longest known head
 * wins; the tail may itself be a compound of two parts. When no head is known, a known tail of
 * five or more letters is still found ("zomersluiting" → "sluiting"): in a compound the last part
 * says what it is.
 */
export function splitCompound(word: string, isPart: (w: string) => boolean, normaliser: Normaliser, depth = 0): Token[] | undefined {
  if (word.length < 6 || word.length > MAX_COMPOUND_LENGTH) return undefined;
  for (let i = word.length - 3; i >= 3; i--) {
    const head = word.slice(0, i);
    if (!isPart(head)) continue;
    for (const link of LINKS) {
      const rest = word.slice(i);
      if (link && !rest.startsWith(link)) continue;
      const tail = rest.slice(link.length);
      if (tail.length < 3) continue;
      const tailTokens = isPart(tail) ? [tokenOf(tail, normaliser)] : depth === 0 ? splitCompound(tail, isPart, normaliser, 1) : undefined;
      if (tailTokens) return [tokenOf(head, normaliser), ...tailTokens];
    }
  }
  if (depth > 0) return undefined;
  for (let i = 3; i <= word.length - MIN_TAIL_ALONE; i++) {
    const tail = word.slice(i);
    if (isPart(tail)) return [tokenOf(tail, normaliser)];
  }
  return undefined;
}

function tokenOf(word: string, normaliser: Normaliser): Token {
  return { surface: word, stems: normaliser.stemsOf(word), concepts: normaliser.conceptsOf(word) };
}
