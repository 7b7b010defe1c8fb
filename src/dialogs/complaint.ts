import { plainPhrase, plainText } from './triggers.js';

/**
 * How much a message sounds like a complaint: one point per lexicon phrase found (whole words,
 * accents and case ignored), one for "!!" or more, one for SHOUTING. Deliberately simple and
 * explainable: a business tunes it by editing the word list and the bar, not a model.
 */
export function complaintScore(text: string, lexicon: string[]): number {
  const haystack = ` ${plainText(text)} `;
  let score = lexicon.reduce((n, phrase) => {
    const needle = plainPhrase(phrase);
    return needle && haystack.includes(` ${needle} `) ? n + 1 : n;
  }, 0);
  if (/!{2,}/.test(text)) score++;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 8 && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.7) score++;
  return score;
}
