// balie's markdown subset, rendered to HTML for the web chat page.
//
// Supported: **bold**, _italic_, [text](https://url), bare https:// links, line breaks,
// blank-line paragraphs and "- " bullet lists. Nothing else: every other character is text.
//
// Safety: ALL HTML is escaped first; the only tags in the output are the ones made here
// (p, br, ul, li, strong, em, a), and links only ever point at http: or https: URLs, or at /media/<id>.
// Pure functions with no DOM access, so the same file runs in the browser and in Node tests.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text to HTML-safe text (also safe inside a double-quoted attribute). */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
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

function anchor(url, labelHtml) {
  return `<a href="${url}" target="_blank" rel="noopener noreferrer">${labelHtml}</a>`;
}

function emphasis(html) {
  return html.replace(BOLD_RE, '<strong>$1</strong>').replace(ITALIC_RE, '$1<em>$2</em>');
}

/** One line of escaped text to inline HTML. */
function inline(escaped) {
  const links = [];
  const hold = (html) => `${HOLE}${links.push(html) - 1}${HOLE}`;
  let text = escaped.replace(LINK_RE, (whole, label, url) => (SAFE_URL_RE.test(url) ? hold(anchor(url, emphasis(label))) : whole));
  text = text.replace(BARE_URL_RE, (found) => {
    const trailing = TRAILING_RE.exec(found)?.[0] ?? '';
    const url = found.slice(0, found.length - trailing.length);
    if (!/^https?:\/\/./i.test(url)) return found;
    return hold(anchor(url, url)) + trailing;
  });
  return emphasis(text).replace(HOLE_RE, (_, i) => links[Number(i)]);
}

const BULLET_RE = /^\s*[-*•]\s+(.*)$/;

/**
 * Renders balie's markdown subset to HTML that is safe to assign to innerHTML.
 * @param {unknown} text
 * @returns {string}
 */
export function renderMarkdown(text) {
  if (text === undefined || text === null) return '';
  const source = String(text).replace(/\r\n?/g, '\n').replaceAll(HOLE, '');
  const lines = escapeHtml(source).split('\n');
  const blocks = [];
  let paragraph = [];
  let list = [];
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
      list.push(bullet[1]);
    } else if (line.trim() === '') {
      endParagraph();
      endList();
    } else {
      endList();
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  endList();
  return blocks.join('');
}
