import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, toMrkdwn } from '../../src/adapters/slack/format.js';
import { toTelegramParts } from '../../src/adapters/telegram/format.js';
import { toWhatsAppText } from '../../src/adapters/whatsapp-cloud/format.js';
import { toWhatsappText } from '../../src/adapters/whatsapp/format.js';
import { toPlainText } from '../../src/core/markdown.js';
import { stripBidiControls } from '../../web/shared/bidi.js';
import { renderMarkdown } from '../../web/shared/markdown.js';

/*
 * Properties of what balie shows, over generated messages full of bidi controls, markdown and
 * links: no output holds a control that can reorder letters; no link (label or URL) in the page's
 * HTML holds any bidi control; and taking the controls out loses nothing else.
 */

const CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
const EXPLICIT = /[\u202A-\u202E\u2066-\u2069]/;
const ANY = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const control = fc.constantFrom(...CONTROLS);
const word = fc.oneof(
  fc.constantFrom('factuur', 'fdp.exe', 'pdf', 'exe', 'Jan', 'שלום', 'مرحبا', '4711', '€12,50', '🦄', '&', '<b>', '"', 'a_b'),
  fc.string({ unit: fc.constantFrom(...'abcxyz.-'), minLength: 1, maxLength: 6 }),
);
const withControls = fc.array(fc.oneof({ weight: 3, arbitrary: word }, { weight: 2, arbitrary: control }), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
const url = withControls.map((path) => `https://example.com/${path.replace(/[\s)\]]/g, '')}`);

/** A message as agents, bots and customers write it: words, emphasis, links, bare URLs, lists. */
const message = fc
  .array(
    fc.oneof(
      withControls,
      withControls.map((t) => `**${t}**`),
      withControls.map((t) => `_${t}_`),
      fc.tuple(withControls, url).map(([label, href]) => `[${label.replace(/[\]\n]/g, '')}](${href})`),
      url,
      fc.constantFrom(
        '\n',
        '\n\n',
        '\n- ',
        ' ',
        ' ',
        control.map((c) => `${c}- `),
      ),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const page = { renderMarkdown, stripBidiControls };

/** What a browser would show of the HTML, and the parts that are links. */
function pieces(html: string): { text: string; labels: string[]; hrefs: string[] } {
  const labels = [...html.matchAll(/<a [^>]*>(.*?)<\/a>/g)].map((m) => m[1]!);
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
  return { text: html.replace(/<[^>]+>/g, ''), labels, hrefs };
}

describe('bidi controls (properties)', () => {
  it('the web chat and desk renderer shows no override, and no control at all in a link', () => {
    fc.assert(
      fc.property(message, (text) => {
        const { text: shown, labels, hrefs } = pieces(page.renderMarkdown(text));
        expect(shown).not.toMatch(EXPLICIT);
        for (const part of [...labels, ...hrefs]) expect(part).not.toMatch(ANY);
      }),
      { numRuns: 500 },
    );
  });

  it('every channel format shows no override', () => {
    fc.assert(
      fc.property(message, (text) => {
        const outputs = [
          ...toTelegramParts(text).flatMap((p) => [p.html, p.plain]),
          ...toTelegramParts(text, { plainText: true }).map((p) => p.plain),
          toMrkdwn(text),
          escapeMrkdwn(text),
          toWhatsappText(text),
          toWhatsAppText(text),
          toPlainText(text),
        ];
        for (const out of outputs) expect(out).not.toMatch(EXPLICIT);
      }),
      { numRuns: 300 },
    );
  });

  it('outside links, taking the controls out loses nothing else', () => {
    const plain = fc
      .array(fc.oneof(withControls, fc.constantFrom('\n', '\n\n', ' ', '**', '_', '\n- ', '\u202E- ', '  \u2066\n')), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(plain, (text) => {
        expect(page.renderMarkdown(text)).toBe(page.renderMarkdown(page.stripBidiControls(text)));
      }),
      { numRuns: 500 },
    );
  });
});
