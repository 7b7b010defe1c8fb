import { describe, expect, it } from 'vitest';
import { CallbackData } from '../../../src/adapters/telegram/callback-data.js';
import { TELEGRAM_TEXT_LIMIT, inlineKeyboard, formatActivity, toTelegramParts } from '../../../src/adapters/telegram/format.js';
import { telegramHtmlToText } from '../../support/fake-telegram.js';

const html = (markdown: string) => {
  const parts = toTelegramParts(markdown);
  expect(parts).toHaveLength(1);
  return parts[0]!.html;
};

describe('Telegram HTML from balie markdown', () => {
  it('escapes what HTML would read as markup', () => {
    expect(html('<script>alert("x")</script>')).toBe('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(html('Tulp & Co')).toBe('Tulp &amp; Co');
    expect(html('a < b and b > c')).toBe('a &lt; b and b &gt; c');
    // What the customer sees is exactly what was written.
    expect(telegramHtmlToText(html('<script> & a < b'))).toBe('<script> & a < b');
  });

  it('renders bold, italic, links and lists', () => {
    expect(html('Shipping costs **€4.95**, _free_ from €50.')).toBe('Shipping costs <b>€4.95</b>, <i>free</i> from €50.');
    expect(html('**bold _and italic_**')).toBe('<b>bold </b><b><i>and italic</i></b>');
    expect(html('See [our terms & conditions](https://tulpenco.example/terms?a=1&b="2")')).toBe(
      'See <a href="https://tulpenco.example/terms?a=1&amp;b=&quot;2&quot;">our terms &amp; conditions</a>',
    );
    expect(html('- one\n- **two**')).toBe('• one\n• <b>two</b>');
  });

  it('produces HTML the Bot API accepts', () => {
    const text = '**Customer service** <9:00–17:30> & [link](https://x.example/?q=<b>) _it_';
    expect(() => telegramHtmlToText(html(text))).not.toThrow();
  });

  it('splits texts over 4096 characters at paragraph boundaries, each part closing its own tags', () => {
    const paragraph = `**${'word '.repeat(300).trim()}**`;
    const text = Array.from({ length: 5 }, () => paragraph).join('\n\n');
    const parts = toTelegramParts(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(p.html.startsWith('<b>') && p.html.endsWith('</b>')).toBe(true);
      expect(() => telegramHtmlToText(p.html)).not.toThrow();
    }
    expect(
      parts
        .map((p) => telegramHtmlToText(p.html))
        .join(' ')
        .split(/\s+/),
    ).toEqual(text.replaceAll('**', '').split(/\s+/));
  });

  it('measures after escaping: 1000 ampersands are 5000 characters of HTML', () => {
    const text = Array.from({ length: 1000 }, () => '&').join(' ');
    expect(text.length).toBeLessThan(TELEGRAM_TEXT_LIMIT);
    const parts = toTelegramParts(text);
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(parts.map((p) => telegramHtmlToText(p.html)).join(' ')).toBe(text);
  });

  it('cuts a text without spaces anywhere, but never inside an escape or a surrogate pair', () => {
    const text = '<'.repeat(3000) + '😀'.repeat(3000);
    const parts = toTelegramParts(text);
    for (const p of parts) {
      expect(p.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(() => telegramHtmlToText(p.html)).not.toThrow();
      expect(/[\uD800-\uDBFF]$/.test(p.plain)).toBe(false);
    }
    expect(parts.map((p) => p.plain).join('')).toBe(text);
  });

  it("puts an agent's name in bold on the first line", () => {
    const plan = formatActivity({ type: 'message', text: 'Hi, I am looking into it.', from: { id: 'sanne', name: 'Sanne <Support>', role: 'agent' } }, new CallbackData());
    expect(plan.texts.map((t) => t.html)).toEqual(['<b>Sanne &lt;Support&gt;</b>\nHi, I am looking into it.']);
  });

  it('sends plain text as it is when the activity says so', () => {
    expect(toTelegramParts('**not bold**', { plainText: true })[0]!.html).toBe('**not bold**');
  });
});

describe('suggested actions as an inline keyboard', () => {
  it('shows short labels side by side, with the value as callback_data', () => {
    const keyboard = inlineKeyboard(
      [
        { type: 'imBack', title: 'Yes, please', value: 'balie:human:yes' },
        { type: 'imBack', title: 'No, thanks', value: 'balie:human:no' },
      ],
      new CallbackData(),
    );
    expect(keyboard).toEqual({
      inline_keyboard: [
        [
          { text: 'Yes, please', callback_data: 'balie:human:yes' },
          { text: 'No, thanks', callback_data: 'balie:human:no' },
        ],
      ],
    });
  });

  it('puts long labels one per row, sends URLs as link buttons, and replaces values over 64 bytes with a token', () => {
    const callbacks = new CallbackData();
    const long = 'é'.repeat(40); // 80 bytes in UTF-8
    const keyboard = inlineKeyboard(
      [
        { type: 'imBack', title: 'I would like to change my delivery address', value: long },
        { type: 'openUrl', title: 'Track my parcel', value: 'https://tulpenco.example/track/TC-123456' },
      ],
      callbacks,
    )!;
    expect(keyboard.inline_keyboard).toHaveLength(2);
    const [first] = keyboard.inline_keyboard[0]! as { callback_data: string }[];
    expect(Buffer.byteLength(first!.callback_data)).toBeLessThanOrEqual(64);
    expect(callbacks.decode(first!.callback_data)).toBe(long);
    expect(keyboard.inline_keyboard[1]).toEqual([{ text: 'Track my parcel', url: 'https://tulpenco.example/track/TC-123456' }]);
  });

  it('forgets the oldest tokens beyond its capacity, and never mistakes a short value for a token', () => {
    const callbacks = new CallbackData(2);
    const [a, b, c] = ['a', 'b', 'c'].map((s) => callbacks.encode(s.repeat(65)));
    expect(callbacks.decode(a!)).toBeUndefined();
    expect(callbacks.decode(b!)).toBe('b'.repeat(65));
    expect(callbacks.decode(c!)).toBe('c'.repeat(65));
    const lookalike = callbacks.encode('#t:short');
    expect(lookalike).not.toBe('#t:short');
    expect(callbacks.decode(lookalike)).toBe('#t:short');
  });
});

describe('attachments', () => {
  it('sends images by URL as photos and the rest as documents; keeps what cannot be sent apart', () => {
    const plan = formatActivity(
      {
        type: 'message',
        text: 'Here you go',
        attachments: [
          { contentType: 'image/png', contentUrl: 'https://tulpenco.example/vase.png' },
          { contentType: 'application/pdf', contentUrl: 'https://tulpenco.example/invoice.pdf', name: 'invoice.pdf' },
          { contentType: 'image/jpeg', contentUrl: 'telegram-media:AgACPhoto' },
          { contentType: 'application/vnd.microsoft.card.hero', content: {} },
        ],
      },
      new CallbackData(),
    );
    expect(plan.media).toEqual([
      { method: 'sendPhoto', file: 'https://tulpenco.example/vase.png' },
      { method: 'sendDocument', file: 'https://tulpenco.example/invoice.pdf' },
      { method: 'sendPhoto', file: 'AgACPhoto' },
    ]);
    expect(plan.unsupported).toHaveLength(1);
  });
});
