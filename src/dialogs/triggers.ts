/** Lower case, no accents, no punctuation, single spaces: "Hé, wat kún je?" → "he wat kun je". */
export function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when `text` contains one of `phrases` as whole words ("stop" matches "stop maar", not "stopcontact"). */
export function containsPhrase(text: string, phrases: string[]): boolean {
  const haystack = ` ${plain(text)} `;
  return phrases.some((p) => {
    const needle = plain(p);
    return needle !== '' && haystack.includes(` ${needle} `);
  });
}

/**
 * True when `text` is essentially just one of `phrases`, allowing `slack` other words ("hoi daar",
 * "stop please"), so "hi, how much is shipping" is a question and not a greeting.
 */
export function isPhrase(text: string, phrases: string[], slack = 1): boolean {
  const words = plain(text).split(' ').filter(Boolean);
  if (words.length === 0) return false;
  return phrases.some((p) => {
    const needle = plain(p).split(' ').filter(Boolean);
    if (needle.length === 0 || words.length > needle.length + slack) return false;
    const joined = ` ${words.join(' ')} `;
    return joined.includes(` ${needle.join(' ')} `);
  });
}
