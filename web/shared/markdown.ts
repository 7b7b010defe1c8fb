// balie's markdown subset, rendered for the web chat and the desk: the one renderer both pages use.
//
// Supported: **bold**, _italic_, [text](https://url), bare https:// links, line breaks,
// blank-line paragraphs and "- " bullet lists. Nothing else: every other character is text.
//
// Safety: ALL HTML is escaped first; the only tags in the output are the ones made here
// (p, br, ul, li, strong, em, a), and links only ever point at http: or https: URLs, or at /media/<id>.
// Bidi controls in someone else's text are dropped from text, shown as "⟨U+202E⟩" in link labels
// and percent-encoded in link URLs (the same rules as src/core/bidi.ts).
// `renderMarkdown` is a pure function with no DOM access, so Node tests run the very same code.

import { encodeBidiControls, showBidiControls, stripBidiControls } from './bidi.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text to HTML-safe text (also safe inside a double-quoted attribute). */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// A placeholder for a finished link while emphasis runs on the rest (NUL is stripped from input).
const HOLE = '\u0000';
const HOLE_RE = /\u0000(\d+)\u0000/g;

// [label](url) on escaped text. The URL has no spaces and no ")"; it is checked below.
const LINK_RE = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;
// A bare URL on escaped text: runs until whitespace, "<" or an escaped quote/angle bracket.
const BARE_URL_RE = /\bhttps?:\/\/(?:(?!&quot;|&#39;|&lt;|&gt;)[^\s<])+/gi;
// Also a file an agent attached, served by this balie at /media/<id> (relative when PUBLIC_URL is unset).
const SAFE_URL_RE = /^(?:https?:\/\/[^\s]+|\/media\/[A-Za-z0-9_-]+)$/i;
// Punctuation that ends a sentence rather than a bare URL.
const TRAILING_RE = /(?:[.,:;!?)\]]|&#39;|&quot;)+$/;

const BOLD_RE = /\*\*(?=\S)([^\n]*?\S)\*\*/g;
// _italic_ only as a whole word, so snake_case_names stay as they are.
const ITALIC_RE = /(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu;

function anchor(url: string, labelHtml: string): string {
  return `<a href="${encodeBidiControls(url)}" target="_blank" rel="noopener noreferrer">${labelHtml}</a>`;
}

function emphasis(html: string): string {
  return html.replace(BOLD_RE, '<strong>$1</strong>').replace(ITALIC_RE, '$1<em>$2</em>');
}

/** One line of escaped text to inline HTML. */
function inline(escaped: string): string {
  const links: string[] = [];
  const hold = (html: string) => `${HOLE}${links.push(html) - 1}${HOLE}`;
  let text = escaped.replace(LINK_RE, (whole, label: string, url: string) => (SAFE_URL_RE.test(url) ? hold(anchor(url, emphasis(showBidiControls(label)))) : whole));
  text = text.replace(BARE_URL_RE, (found) => {
    const trailing = TRAILING_RE.exec(found)?.[0] ?? '';
    const url = found.slice(0, found.length - trailing.length);
    if (!/^https?:\/\/./i.test(url)) return found;
    return hold(anchor(url, showBidiControls(url))) + trailing;
  });
  // Links are held out by now; what is left is text, where a control has nothing to show.
  return emphasis(stripBidiControls(text)).replace(HOLE_RE, (_, i: string) => links[Number(i)]!);
}

// Line structure is read as if the explicit bidi controls were not there (they are dropped from
// text anyway): a control before "- " still makes a list item, a line of controls is blank.
const BULLET_RE = /^[\s\u202A-\u202E\u2066-\u2069]*[-*•][\u202A-\u202E\u2066-\u2069]*\s[\s\u202A-\u202E\u2066-\u2069]*(.*)$/;
const EDGE_RE = /^[\s\u202A-\u202E\u2066-\u2069]+|[\s\u202A-\u202E\u2066-\u2069]+$/g;

/** Renders balie's markdown subset to escaped HTML holding only the tags made here. */
export function renderMarkdown(text: unknown): string {
  if (text === undefined || text === null) return '';
  const source = String(text).replace(/\r\n?/g, '\n').replaceAll(HOLE, '');
  const lines = escapeHtml(source).split('\n');
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push(`<p>${paragraph.map(inline).join('<br>')}</p>`);
    paragraph = [];
  };
  const endList = () => {
    if (list.length) blocks.push(`<ul>${list.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    list = [];
  };
  for (const line of lines) {
    const bullet = BULLET_RE.exec(line);
    if (bullet) {
      endParagraph();
      list.push(bullet[1]!);
    } else if (line.replace(EDGE_RE, '') === '') {
      endParagraph();
      endList();
    } else {
      endList();
      paragraph.push(line.replace(EDGE_RE, ''));
    }
  }
  endParagraph();
  endList();
  return blocks.join('');
}

/**
 * Shows a message's markdown in `el`. The escaped HTML is parsed inert (a <template> runs no
 * script and loads nothing) and only then moved into the page.
 */
export function showMarkdown(el: Element, text: unknown): void {
  const template = document.createElement('template');
  template.innerHTML = renderMarkdown(text);
  el.replaceChildren(template.content);
}
