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

/** A part of a compound this long may stand on its own when the rest of the word is unknown. */
const MIN_PART_ALONE = 4;

/**
 * A compound of which only one part is known: "kinderkapsel" → "kinder" and an unknown "kapsel",
 * "gehandicaptenparkeerkaart" → an unknown "gehandicaptenparkeer" and "kaart". The known part is
 * evidence, and the unknown part stays what it is: a word the FAQ does not know ("fietshelmen" is
 * about helmets, however many entries say "fiets"). The longest known part wins.
 */
export function splitPartly(word: string, isPart: (w: string) => boolean, normaliser: Normaliser): { known: Token; unknown: Token } | undefined {
  if (word.length < 2 * MIN_PART_ALONE || word.length > MAX_COMPOUND_LENGTH) return undefined;
  let best: { known: string; unknown: string } | undefined;
  for (let i = MIN_PART_ALONE; i <= word.length - MIN_PART_ALONE; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (isPart(head) && (!best || head.length > best.known.length)) {
      // The linking s, e or en belongs to neither part.
      const link = LINKS.find((l) => l && tail.startsWith(l) && tail.length - l.length >= MIN_PART_ALONE) ?? '';
      best = { known: head, unknown: tail.slice(link.length) };
    }
    if (isPart(tail) && (!best || tail.length > best.known.length)) best = { known: tail, unknown: head };
  }
  return best && { known: tokenOf(best.known, normaliser), unknown: { surface: best.unknown, stems: normaliser.stemsOf(best.unknown), concepts: [] } };
}
