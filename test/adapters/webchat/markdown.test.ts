import { describe, expect, it } from 'vitest';
// The pages' own renderer (web/shared), the very code both bundles hold.
import { escapeHtml, renderMarkdown } from '../../../web/shared/markdown.js';

describe('renderMarkdown', () => {
  it('escapes all HTML before anything else', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(renderMarkdown('<img src=x onerror=alert(1)>')).not.toContain('<img');
    expect(renderMarkdown('Tom & "Jerry" \'s')).toBe('<p>Tom &amp; &quot;Jerry&quot; &#39;s</p>');
    expect(escapeHtml('<a href="x">')).toBe('&lt;a href=&quot;x&quot;&gt;');
  });

  it('renders bold and italic', () => {
    expect(renderMarkdown('**Tulp & Co**')).toBe('<p><strong>Tulp &amp; Co</strong></p>');
    expect(renderMarkdown('that is _really_ fast')).toBe('<p>that is <em>really</em> fast</p>');
    expect(renderMarkdown('**bold _and italic_**')).toBe('<p><strong>bold <em>and italic</em></strong></p>');
  });

  it('leaves snake_case words and lone markers alone', () => {
    expect(renderMarkdown('order_status_shipped')).toBe('<p>order_status_shipped</p>');
    expect(renderMarkdown('2 * 3 = 6 and a ** b')).toBe('<p>2 * 3 = 6 and a ** b</p>');
    expect(renderMarkdown('_ not italic _')).toBe('<p>_ not italic _</p>');
  });

  it('makes http(s) links that open safely in a new tab', () => {
    expect(renderMarkdown('[Track your parcel](https://track.example.com/TC-123456)')).toBe(
      '<p><a href="https://track.example.com/TC-123456" target="_blank" rel="noopener noreferrer">Track your parcel</a></p>',
    );
    expect(renderMarkdown('[site](http://example.com)')).toContain('href="http://example.com"');
  });

  it('links a file an agent attached, served here at /media/<id>', () => {
    expect(renderMarkdown('[invoice.pdf](/media/AbCdEf0123456789_-AbCdEf01234567)')).toContain('href="/media/AbCdEf0123456789_-AbCdEf01234567"');
  });

  it('refuses links that are not http(s)', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', '//evil.example', '/relative', '/media/../admin', '/media/x/y']) {
      const html = renderMarkdown(`[click](${url})`);
      expect(html).not.toContain('<a');
      expect(html).not.toMatch(/href=/i);
    }
  });

  it('cannot break out of the href attribute', () => {
    const html = renderMarkdown('[x](https://example.com/"onmouseover="alert(1))');
    expect(html).not.toContain('"onmouseover');
    expect(html).toContain('href="https://example.com/&quot;onmouseover=&quot;alert(1"');
  });

  it('keeps underscores in URLs out of italics', () => {
    expect(renderMarkdown('[a](https://example.com/a_b_c) and _this_')).toBe(
      '<p><a href="https://example.com/a_b_c" target="_blank" rel="noopener noreferrer">a</a> and <em>this</em></p>',
    );
    expect(renderMarkdown('see https://example.com/x_y_z.')).toBe(
      '<p>see <a href="https://example.com/x_y_z" target="_blank" rel="noopener noreferrer">https://example.com/x_y_z</a>.</p>',
    );
  });

  it('links bare https URLs but not other schemes', () => {
    expect(renderMarkdown('Look at https://tulp.example/returns?x=1&y=2, please')).toContain(
      '<a href="https://tulp.example/returns?x=1&amp;y=2" target="_blank" rel="noopener noreferrer">https://tulp.example/returns?x=1&amp;y=2</a>, please',
    );
    expect(renderMarkdown('ftp://example.com')).toBe('<p>ftp://example.com</p>');
    expect(renderMarkdown('"https://example.com"')).toBe('<p>&quot;<a href="https://example.com" target="_blank" rel="noopener noreferrer">https://example.com</a>&quot;</p>');
  });

  it('turns line breaks into <br> and blank lines into paragraphs', () => {
    expect(renderMarkdown('one\ntwo\r\nthree\n\nfour')).toBe('<p>one<br>two<br>three</p><p>four</p>');
  });

  it('renders "- " bullet lists, also right after a line of text', () => {
    expect(renderMarkdown('I can help you with:\n- **shipping**\n- returns\nType stop to leave.')).toBe(
      '<p>I can help you with:</p><ul><li><strong>shipping</strong></li><li>returns</li></ul><p>Type stop to leave.</p>',
    );
    expect(renderMarkdown('-5 degrees')).toBe('<p>-5 degrees</p>');
  });

  it('is empty for no text', () => {
    expect(renderMarkdown(undefined)).toBe('');
    expect(renderMarkdown(null)).toBe('');
    expect(renderMarkdown('')).toBe('');
  });

  it('ignores NUL characters (used internally as placeholders)', () => {
    expect(renderMarkdown('a\u00000\u0000b')).toBe('<p>a0b</p>');
  });
});
