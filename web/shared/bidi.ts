/**
 * Bidirectional-text controls in text someone else wrote. An override (U+202E) reverses what
 * follows it, so a link "factuur\u202Efdp.exe" reads as "factuurexe.pdf". The browser's twin of
 * src/core/bidi.ts (the front end imports nothing from src/); keep the two alike.
 */

/** Embeddings, overrides and isolates: what can reorder letters. */
export const EXPLICIT_BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
/** Those and the invisible marks (LRM, RLM, ALM), which can still move punctuation. */
const ANY_BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text to show as text. The marks stay: right-to-left writers use them to place punctuation,
 * and they cannot reorder letters.
 */
export function stripBidiControls(text: unknown): string {
  return String(text).replace(EXPLICIT_BIDI, '');
}

/** For a link's label or a URL shown as text: every control made visible, e.g. "⟨U+202E⟩". */
export function showBidiControls(text: unknown): string {
  return String(text).replace(ANY_BIDI, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** For a link's href: the same address (browsers encode the controls too), nothing to hide behind. */
export function encodeBidiControls(url: unknown): string {
  return String(url).replace(ANY_BIDI, (c) => encodeURIComponent(c));
}
