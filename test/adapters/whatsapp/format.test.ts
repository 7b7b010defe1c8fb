import { MessageFactory } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TEXT_LIMIT, agentPrefix, formatActivity, toWhatsappText } from '../../../src/adapters/whatsapp/format.js';
import { MemoryOfferedOptions, matchOption } from '../../../src/adapters/whatsapp/options.js';

const yesNo = MessageFactory.suggestedActions(
  [
    { type: 'imBack', title: 'Yes, a person please', value: 'balie:human:yes' },
    { type: 'imBack', title: 'No thanks', value: 'balie:human:no' },
  ],
  'Shall I put you through to a colleague?',
);

describe('internal markdown in WhatsApp syntax', () => {
  it('bold, italic, links as "text (url)", bullets', () => {
    expect(toWhatsappText('We are **open** _today_ until 17:00.\n- see [our hours](https://example.com/hours)\n- or https://example.com')).toBe(
      'We are *open* _today_ until 17:00.\n• see our hours (https://example.com/hours)\n• or https://example.com',
    );
  });

  it('keeps markers against the words they wrap (WhatsApp ignores "* bold *")', () => {
    expect(toWhatsappText('a **bold **word')).toBe('a *bold* word');
    expect(toWhatsappText('**_both_**')).toBe('*_both_*');
  });

  it('a link whose text is its URL is written once', () => {
    expect(toWhatsappText('[https://example.com](https://example.com)')).toBe('https://example.com');
  });
});

describe('an Activity as WhatsApp messages', () => {
  it('suggested actions become a numbered list under the text, remembered as options', () => {
    const plan = formatActivity(yesNo);
    expect(plan.parts).toEqual([{ kind: 'text', text: 'Shall I put you through to a colleague?\n\n1. Yes, a person please\n2. No thanks' }]);
    expect(plan.options).toEqual([
      { title: 'Yes, a person please', value: 'balie:human:yes' },
      { title: 'No thanks', value: 'balie:human:no' },
    ]);
  });

  it('"Did this help?" under an FAQ answer is numbered choices in the same message, and "2" or "nee" is No', () => {
    const answer = MessageFactory.suggestedActions(
      [
        { type: 'imBack', title: 'Ja', value: 'balie:feedback:yes' },
        { type: 'imBack', title: 'Nee', value: 'balie:feedback:no' },
      ],
      'We zijn **open** van 9 tot 17 uur.\n\nHeeft dit je geholpen?',
    );
    const plan = formatActivity(answer);
    expect(plan.parts).toEqual([{ kind: 'text', text: 'We zijn *open* van 9 tot 17 uur.\n\nHeeft dit je geholpen?\n\n1. Ja\n2. Nee' }]);
    expect(matchOption('2', plan.options)?.value).toBe('balie:feedback:no');
    expect(matchOption('nee', plan.options)?.value).toBe('balie:feedback:no');
    expect(matchOption('1', plan.options)?.value).toBe('balie:feedback:yes');
  });

  it('an agent speaks with their name in bold in front', () => {
    const plan = formatActivity({ type: 'message', text: 'Hi, I am **looking** into it.', from: { id: 'agent:sanne', name: 'Sanne', role: 'agent' } });
    expect(plan.parts).toEqual([{ kind: 'text', text: '*Sanne*: Hi, I am *looking* into it.' }]);
    expect(agentPrefix('*Jan_*')).toBe('*Jan*: ');
  });

  it('the bot does not get a name prefix', () => {
    expect(formatActivity({ type: 'message', text: 'Hi', from: { id: 'bot', name: 'Tulp & Co', role: 'bot' } }).parts).toEqual([{ kind: 'text', text: 'Hi' }]);
  });

  it(`splits long texts at ${TEXT_LIMIT} characters between words, keeping the whole list with the last part`, () => {
    const text = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    const plan = formatActivity({ ...yesNo, text });
    const texts = plan.parts.map((p) => (p.kind === 'text' ? p.text : ''));
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((t) => t.length <= TEXT_LIMIT)).toBe(true);
    expect(texts.join(' ').replace(/\n\n1\. [\s\S]*$/, '')).toBe(text);
    expect(texts.at(-1)).toMatch(/\n\n1\. Yes, a person please\n2\. No thanks$/);
  });

  it('media and locations follow the text; the options come last', () => {
    const plan = formatActivity({
      ...yesNo,
      attachments: [
        { contentType: 'image/png', contentUrl: 'https://example.com/a.png', name: 'a.png' },
        { contentType: 'application/vnd.balie.location', content: { latitude: 52.37, longitude: 4.89, name: 'Shop' } },
        { contentType: 'application/pdf', contentUrl: 'whatsapp-media:abc' },
      ],
    });
    expect(plan.parts).toEqual([
      { kind: 'text', text: 'Shall I put you through to a colleague?' },
      { kind: 'media', url: 'https://example.com/a.png', contentType: 'image/png', name: 'a.png' },
      { kind: 'location', latitude: 52.37, longitude: 4.89, name: 'Shop', address: undefined },
      { kind: 'text', text: '1. Yes, a person please\n2. No thanks' },
    ]);
    expect(plan.unsupported).toEqual(['application/pdf without an http(s) URL']);
  });
});

describe('reading a reply as an option', () => {
  const options = formatActivity(yesNo).options;

  it.each([
    ['2', 'balie:human:no'],
    [' 2. ', 'balie:human:no'],
    ['1)', 'balie:human:yes'],
    ['2️⃣', 'balie:human:no'],
    ['no thanks', 'balie:human:no'],
    ['Yes, a person please!', 'balie:human:yes'],
  ])('"%s" picks %s', (reply, value) => {
    expect(matchOption(reply, options)?.value).toBe(value);
  });

  it.each(['3', '0', 'no thanks, but what about shipping?', ''])('"%s" is an ordinary message', (reply) => {
    expect(matchOption(reply, options)).toBeUndefined();
  });

  it('the memory store keeps the most recent chats only, and an empty list clears a chat', async () => {
    const store = new MemoryOfferedOptions(2);
    await store.set('a', options);
    await store.set('b', options);
    await store.set('c', options);
    expect(await store.get('a')).toEqual([]);
    expect(await store.get('c')).toEqual(options);
    await store.set('c', []);
    expect(await store.get('c')).toEqual([]);
  });
});
