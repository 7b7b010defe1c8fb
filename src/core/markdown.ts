/**
 * balie's internal markdown, the one format dialogs and FAQ answers are written in:
 * `**bold**`, `_italic_`, `[text](https://url)`, `- ` list items and line breaks. Each channel
 * renders the parsed form in its own syntax, escaping plain text its own way.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; children: Inline[] }
  | { kind: 'italic'; children: Inline[] }
  | { kind: 'link'; text: string; url: string };

export interface Line {
  /** A `- ` list item. */
  bullet: boolean;
  inlines: Inline[];
}

const INLINE = /\*\*(.+?)\*\*|(?<![\p{L}\p{N}_])_(.+?)_(?![\p{L}\p{N}_])|\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:|tel:)[^\s)]+)\)/gu;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ kind: 'bold', children: parseInline(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: 'italic', children: parseInline(m[2]) });
    else out.push({ kind: 'link', text: m[3]!, url: m[4]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

export function parseMarkdown(text: string): Line[] {
  return text.replace(/\r\n?/g, '\n').split('\n').map((raw) => {
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
