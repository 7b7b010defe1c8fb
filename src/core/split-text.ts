/**
 * Splits a long message into parts of at most `limit` characters, preferring to cut between
 * paragraphs, then lines, then sentences, then words, so no part ends mid-word when avoidable.
 * `measure` lets a channel count what its platform counts (e.g. UTF-16 units after escaping).
 */
export function splitText(text: string, limit: number, measure: (s: string) => number = (s) => s.length): string[] {
  if (limit < 1) throw new RangeError('limit must be at least 1');
  const parts: string[] = [];
  let rest = text;
  while (measure(rest) > limit) {
    const cut = bestCut(rest, limit, measure);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length || parts.length === 0) parts.push(rest);
  return parts;
}

function bestCut(text: string, limit: number, measure: (s: string) => number): number {
  // The longest prefix that fits.
  let lo = 1;
  let hi = Math.min(text.length, limit * 4);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(text.slice(0, mid)) <= limit) lo = mid;
    else hi = mid - 1;
  }
  const fit = text.slice(0, lo);
  const sentenceEnd = Math.max(...['. ', '! ', '? '].map((p) => fit.lastIndexOf(p))) + 1;
  for (const at of [fit.lastIndexOf('\n\n'), fit.lastIndexOf('\n'), sentenceEnd, fit.lastIndexOf(' ')]) {
    // Only take a boundary that keeps the part reasonably full.
    if (at > lo / 3) return at;
  }
  // Never split a surrogate pair.
  return /[\uD800-\uDBFF]/.test(text[lo - 1] ?? '') ? lo - 1 : lo;
}
