import { encodeBidiControls, neutraliseBidi, showBidiControls } from './bidi.js';

/**
 * balie's internal markdown, the one format dialogs and FAQ answers are written in:
 * `**bold**`, `_italic_`, `[text](https://url)`, `- ` list items and line breaks. Each channel
 * renders the parsed form in its own syntax, escaping plain text its own way.
 */
export type Inline = { kind: 'text'; text: string } | { kind: 'bold'; children: Inline[] } | { kind: 'italic'; children: Inline[] } | { kind: 'link'; text: string; url: string };

export interface Line {
  /** A `- ` list item. */
  bullet: boolean;
  inlines: Inline[];
}

const INLINE = /\*\*(.+?)\*\*|(?<![\p{L}\p{N}_])_(.+?)_(?![\p{L}\p{N}_])|\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:|tel:)[^\s)]+)\)/gu;

/**
 * Every channel renders from this form, so bidi controls are dealt with here once: gone from text
 * (an override would reverse the reader's paragraph), shown in a link's label (so that
 * "factuur\u202Efdp.exe" cannot pose as "factuurexe.pdf") and percent-encoded in URLs.
 */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  const plain = (from: number, to: number) => {
    const t = neutraliseBidi(text.slice(from, to));
    if (t) out.push({ kind: 'text', text: t });
  };
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) plain(last, m.index);
    if (m[1] !== undefined) out.push({ kind: 'bold', children: parseInline(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: 'italic', children: parseInline(m[2]) });
    else out.push({ kind: 'link', text: showBidiControls(m[3]!), url: encodeBidiControls(m[4]!) });
    last = m.index + m[0].length;
  }
  if (last < text.length) plain(last, text.length);
  return out;
}

export function parseMarkdown(text: string): Line[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw) => {
      const bullet = /^\s*[-*•]\s+/.exec(raw);
      return { bullet: !!bullet, inlines: parseInline(bullet ? raw.slice(bullet[0].length) : raw) };
    });
}

export interface MarkdownRenderer {
  text(text: string): string;
  bold(inner: string): string;
  italic(inner: string): string;
  link(text: string, url: string): string;
  /** The prefix of a list item, e.g. `• `. */
  bullet: string;
}

/** Renders internal markdown for one channel. */
export function renderMarkdown(markdown: string, r: MarkdownRenderer): string {
  const inline = (nodes: Inline[]): string =>
    nodes
      .map((n) => {
        switch (n.kind) {
          case 'text':
            return r.text(n.text);
          case 'bold':
            return r.bold(inline(n.children));
          case 'italic':
            return r.italic(inline(n.children));
          case 'link':
            return r.link(n.text, n.url);
        }
      })
      .join('');
  return parseMarkdown(markdown)
    .map((line) => (line.bullet ? r.bullet : '') + inline(line.inlines))
    .join('\n');
}

/** The text without any markup, e.g. for notifications and logs at debug level. */
export function toPlainText(markdown: string): string {
  return renderMarkdown(markdown, { text: (t) => t, bold: (s) => s, italic: (s) => s, link: (t, u) => `${t} (${u})`, bullet: '• ' });
}
