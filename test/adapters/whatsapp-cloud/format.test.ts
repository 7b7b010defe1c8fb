import type { Activity, CardAction } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { formatActivity, layoutFor, toWhatsAppText, type OutboundMessage } from '../../../src/adapters/whatsapp-cloud/format.js';
import { plain } from './harness.js';

const actions = (...titles: string[]): Partial<Activity>['suggestedActions'] => ({
  to: [],
  actions: titles.map((title, i) => ({ type: 'imBack', title, value: `opt-${i + 1}` }) as CardAction),
});
const textOf = (m: OutboundMessage) => (m.type === 'text' ? m.text.body : m.type === 'interactive' ? m.interactive.body.text : '');

describe('WhatsApp formatting of balie markdown', () => {
  it('writes bold and italic in WhatsApp syntax and lists with bullets', () => {
    expect(toWhatsAppText('**Customer service**: _always_ friendly\n- Monday\n- Tuesday')).toBe('*Customer service*: _always_ friendly\n• Monday\n• Tuesday');
  });

  it('keeps spaces outside the markers, where WhatsApp needs them', () => {
    expect(toWhatsAppText('a** bold **b')).toBe('a *bold* b');
  });

  it('shows links as text with the URL, and a bare link once', () => {
    expect(toWhatsAppText('See [our shop](https://tulpenco.example/shop) or https://tulpenco.example/a_b_c')).toBe(
      'See our shop (https://tulpenco.example/shop) or https://tulpenco.example/a_b_c',
    );
    expect(toWhatsAppText('[https://tulpenco.example](https://tulpenco.example)')).toBe('https://tulpenco.example');
  });

  it('stops literal asterisks and underscores from turning into formatting, invisibly', () => {
    const out = toWhatsAppText('order *123* costs 5 * 3 and file_name_here');
    expect(out).not.toContain('*123*');
    expect(out).not.toMatch(/_name_/);
    expect(out.replace(/\u200B/g, '')).toBe('order *123* costs 5 * 3 and file_name_here');
  });

  it('sends plain text with a link preview only when there is a link', () => {
    expect(formatActivity({ text: 'hello' })).toEqual([{ type: 'text', text: { body: 'hello', preview_url: false } }]);
    expect(formatActivity({ text: 'see https://tulpenco.example' })[0]).toMatchObject({ text: { preview_url: true } });
  });

  it('sends nothing for a text of only spaces (WhatsApp refuses an empty body)', () => {
    expect(formatActivity({ text: '  \n ' })).toEqual([]);
  });

  it("puts an agent's name in bold before the message", () => {
    const [m] = formatActivity({ text: 'I will check your **order**.', from: { id: 'sanne', name: 'Sanne', role: 'agent' } });
    expect(textOf(m!)).toBe('*Sanne*: I will check your *order*.');
    expect(plain(textOf(m!))).toBe('Sanne: I will check your order.');
  });

  it('does not prefix bot messages', () => {
    const [m] = formatActivity({ text: 'hi', from: { id: 'bot', name: 'Tulp & Co', role: 'bot' } });
    expect(textOf(m!)).toBe('hi');
  });
});

describe('suggested actions', () => {
  it('become reply buttons when there are at most 3 with titles of at most 20 characters', () => {
    const out = formatActivity({ text: 'Shall I get a colleague?', suggestedActions: actions('Yes, a person please', 'No thanks') });
    expect(out).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Shall I get a colleague?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'opt-1', title: 'Yes, a person please' } },
              { type: 'reply', reply: { id: 'opt-2', title: 'No thanks' } },
            ],
          },
        },
      },
    ]);
  });

  it('become a list when there are more than 3', () => {
    const [m] = formatActivity({ text: 'Pick a topic', suggestedActions: actions('Orders', 'Returns', 'Shipping', 'Other') }, { language: 'nl' });
    expect(m).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: 'Pick a topic' }, action: { button: 'Kies' } } });
    expect(m!.type === 'interactive' && m!.interactive.type === 'list' && m!.interactive.action.sections[0]!.rows.map((r) => r.title)).toEqual([
      'Orders',
      'Returns',
      'Shipping',
      'Other',
    ]);
  });

  it('become a list when a title is longer than a button allows', () => {
    expect(layoutFor([{ title: 'Where is my parcel now?', value: 'a' }])).toBe('list');
  });

  it('become numbered lines when neither buttons nor a list can show them', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `Option ${i + 1}`);
    const [m] = formatActivity({ text: 'Choose one', suggestedActions: actions(...eleven) });
    expect(m!.type).toBe('text');
    expect(textOf(m!)).toBe(`Choose one\n\n${eleven.map((t, i) => `${i + 1}. ${t}`).join('\n')}`);
    expect(layoutFor([{ title: 'A title far too long for a list row', value: 'x' }])).toBe('numbered');
  });

  it('get a body even when the message has no text', () => {
    const [m] = formatActivity({ suggestedActions: actions('Yes', 'No') });
    expect(m!.type === 'interactive' && m!.interactive.body.text.length).toBeGreaterThan(0);
  });

  it('sit on the last part of a long text, within the interactive body limit', () => {
    const long = Array.from({ length: 120 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const out = formatActivity({ text: long, suggestedActions: actions('Yes', 'No') });
    const last = out.at(-1)!;
    expect(last.type).toBe('interactive');
    expect(textOf(last).length).toBeLessThanOrEqual(1024);
    expect(out.slice(0, -1).every((m) => m.type === 'text')).toBe(true);
    expect(out.map(textOf).join(' ').replace(/\s+/g, ' ')).toBe(long);
  });
});

describe('long texts', () => {
  it('are split at 4096 characters between sentences, in order', () => {
    const long = Array.from({ length: 400 }, (_, i) => `This is sentence ${i}.`).join(' ');
    const out = formatActivity({ text: long });
    expect(out.length).toBeGreaterThan(1);
    for (const m of out) expect(textOf(m).length).toBeLessThanOrEqual(4096);
    expect(out.map(textOf).join(' ')).toBe(long);
    expect(out.every((m) => /\.$/.test(textOf(m)))).toBe(true);
  });
});

describe('attachments', () => {
  it('are sent by link as image, video, audio or document', () => {
    const out = formatActivity({
      text: 'Here you go',
      attachments: [
        { contentType: 'image/png', contentUrl: 'https://tulpenco.example/a.png' },
        { contentType: 'video/mp4', contentUrl: 'https://tulpenco.example/a.mp4' },
        { contentType: 'audio/mpeg', contentUrl: 'https://tulpenco.example/a.mp3' },
        { contentType: 'application/pdf', contentUrl: 'https://tulpenco.example/invoice.pdf', name: 'invoice.pdf' },
      ],
    });
    expect(out).toEqual([
      { type: 'text', text: { body: 'Here you go', preview_url: false } },
      { type: 'image', image: { link: 'https://tulpenco.example/a.png' } },
      { type: 'video', video: { link: 'https://tulpenco.example/a.mp4' } },
      { type: 'audio', audio: { link: 'https://tulpenco.example/a.mp3' } },
      { type: 'document', document: { link: 'https://tulpenco.example/invoice.pdf', filename: 'invoice.pdf' } },
    ]);
  });

  it('carry a short text as caption when there is one media file', () => {
    const out = formatActivity({ text: 'Your **invoice**', attachments: [{ contentType: 'application/pdf', contentUrl: 'https://tulpenco.example/i.pdf', name: 'i.pdf' }] });
    expect(out).toEqual([{ type: 'document', document: { link: 'https://tulpenco.example/i.pdf', filename: 'i.pdf', caption: 'Your *invoice*' } }]);
  });

  it('include locations and contact cards', () => {
    const out = formatActivity({
      attachments: [
        { contentType: 'application/vnd.balie.location', content: { latitude: 52.09, longitude: 5.12, name: 'Shop', address: 'Oudegracht 1, Utrecht' } },
        { contentType: 'application/vnd.balie.contact', content: { name: 'Tulp & Co service', phones: ['+31301234567'] } },
      ],
    });
    expect(out).toEqual([
      { type: 'location', location: { latitude: 52.09, longitude: 5.12, name: 'Shop', address: 'Oudegracht 1, Utrecht' } },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Tulp & Co service', first_name: 'Tulp & Co service' }, phones: [{ phone: '+31301234567' }] }] },
    ]);
  });

  it('without a public link are refused with a clear error, before anything is sent', () => {
    expect(() => formatActivity({ text: 'x', attachments: [{ contentType: 'image/png', contentUrl: 'data:image/png;base64,AAAA' }] })).toThrow(/public http\(s\) link/);
  });
});
