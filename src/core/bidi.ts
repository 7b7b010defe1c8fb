/**
 * Bidirectional-text controls in text someone else wrote. An override (U+202E) reverses what
 * follows it, so "factuur\u202Efdp.exe" reads as "factuurexe.pdf", and an unclosed one reverses the
 * rest of the paragraph it lands in. The twin of these rules for the browser pages is in
 * web/shared/bidi.ts; keep the two alike.
 */

/** Embeddings, overrides and isolates: what can reorder letters (U+202A–U+202E, U+2066–U+2069). */
const EXPLICIT = /[\u202A-\u202E\u2066-\u2069]/g;
/** The explicit controls and the invisible marks (LRM, RLM, ALM), which can still move punctuation. */
const ANY = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text to show as text: the explicit controls go; the marks stay, because right-to-left writers
 * use them to place punctuation and they cannot reorder letters.
 */
export function stripBidiControls(text: string): string {
  return text.replace(EXPLICIT, '');
}

/** Where a control would let one name pose as another (a link's label, a URL shown as text): "⟨U+202E⟩". */
export function showBidiControls(text: string): string {
  return text.replace(ANY, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** A URL with the controls percent-encoded: the same address (browsers encode them too), nothing to hide behind. */
export function encodeBidiControls(url: string): string {
  return url.replace(ANY, (c) => encodeURIComponent(c));
}

const BARE_URL = /https?:\/\/\S+/gi;

/**
 * Text that may hold bare URLs (which messengers turn into links): outside a URL the explicit
 * controls go; inside one every control is percent-encoded, so the link still leads where it
 * led and shows what it hid.
 */
export function neutraliseBidi(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(BARE_URL)) {
    out += stripBidiControls(text.slice(last, m.index)) + encodeBidiControls(m[0]);
    last = m.index + m[0].length;
  }
  return out + stripBidiControls(text.slice(last));
}
