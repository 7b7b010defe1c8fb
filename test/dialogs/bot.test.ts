import { afterEach, describe, expect, it } from 'vitest';
import { toPlainText } from '../../src/core/markdown.js';
import { createTestChat, defaultTestConfig, type TestChat } from '../../src/testing/test-chat.js';

const config = defaultTestConfig();
const answer = (language: string, id: string) =>
  config.faq
    .find((f) => f.language === language)!
    .entries.find((e) => e.id === id)!
    .answer.trim();

let chat: TestChat;
afterEach(async () => chat?.close());

describe('FAQ in both languages', () => {
  it('answers "Wat zijn jullie openingstijden?" in Dutch', async () => {
    chat = await createTestChat({ config });
    const [reply, ...rest] = await chat.say('Wat zijn jullie openingstijden?');
    expect(rest).toEqual([]);
    expect(reply!.text.trim()).toBe(answer('nl', 'opening-hours'));
  });

  it('answers "how much is shipping" in English', async () => {
    chat = await createTestChat({ config });
    const [reply] = await chat.say('how much is shipping');
    expect(reply!.text.trim()).toBe(answer('en', 'shipping-costs'));
  });

  it('tolerates word order, casing, accents and a typo', async () => {
    chat = await createTestChat({ config });
    expect((await chat.say('VERZENDKOSTN wat zijn de'))[0]!.text.trim()).toBe(answer('nl', 'shipping-costs'));
  });
});

describe('language', () => {
  it('sticks to the conversation language for short or ambiguous messages', async () => {
    chat = await createTestChat({ config });
    await chat.say('What are your opening hours?');
    const [reply] = await chat.say('ok');
    // "ok" means nothing to the FAQ: the offer comes in English, the conversation's language.
    expect(reply!.buttons).toEqual(['Yes, a person please', 'No thanks']);
  });

  it('starts in the channel locale when the first message does not tell', async () => {
    chat = await createTestChat({ config, locale: 'en-US' });
    const [reply] = await chat.say('TC-100003');
    expect(reply!.text).toContain('on its way');
  });

  it('switches when the customer clearly writes in the other language', async () => {
    chat = await createTestChat({ config });
    await chat.say('how much is shipping');
    const [reply] = await chat.say('Wat zijn jullie openingstijden op zaterdag?');
    expect(reply!.text.trim()).toBe(answer('nl', 'opening-hours'));
    expect((await chat.say('hmm'))[0]!.buttons[0]).toBe('Ja, graag een mens');
  });
});

describe('greeting and help', () => {
  it('greets with the shop name, and explains what it can do, in Dutch and English', async () => {
    chat = await createTestChat({ config });
    expect((await chat.say('Hoi!'))[0]!.text).toContain('Tulp & Co');
    expect(toPlainText((await chat.say('wat kun je?'))[0]!.text)).toContain('status van je bestelling');
    const english = await createTestChat({ config, app: chat.app });
    expect((await english.say('Hello'))[0]!.text).toContain("I'm the digital assistant");
    expect((await english.say('what can you do?'))[0]!.text).toContain('the status of your order');
  });

  it('treats "hi, how much is shipping?" as a question, not a greeting', async () => {
    chat = await createTestChat({ config });
    expect((await chat.say('hi, how much is shipping?'))[0]!.text.trim()).toBe(answer('en', 'shipping-costs'));
  });
});

describe('offering a person', () => {
  it('says it did not understand and offers a person when the FAQ is not sure', async () => {
    chat = await createTestChat({ config });
    const [reply] = await chat.say('Can you recommend a good plumber in Zwolle for my bathroom?');
    expect(reply!.text).toContain("don't know the answer");
    expect(reply!.buttons).toEqual(['Yes, a person please', 'No thanks']);
  });

  it('passes the conversation on when the customer accepts, with the Bot Framework handoff event', async () => {
    chat = await createTestChat({ config });
    await chat.say('Can you recommend a good plumber in Zwolle for my bathroom?');
    const replies = await chat.press('Yes, a person please');
    // No agent is online in this test: the customer is told so, and keeps their place.
    expect(replies.map((r) => r.text).join('\n')).toContain('Nobody from our team is');
    const events = await chat.app.stores.transcripts.list(`test:${chat.conversationId}`);
    expect(events.at(-1)).toMatchObject({ role: 'bot' });
  });

  it('lets the customer decline and carry on', async () => {
    chat = await createTestChat({ config });
    await chat.say('Kunnen jullie mijn kat uitlaten als ik op vakantie ben?');
    expect((await chat.press('Nee, bedankt'))[0]!.text).toContain('Prima');
    expect((await chat.say('Wat zijn jullie openingstijden?'))[0]!.text.trim()).toBe(answer('nl', 'opening-hours'));
  });

  it('hands off right away when asked for a person', async () => {
    chat = await createTestChat({ config });
    const [reply] = await chat.say('ik wil een medewerker spreken');
    expect(reply!.text).toContain('Er is nu niemand van ons team');
  });
});

describe('cancel words', () => {
  it('takes "cancel my order" as a question when nothing is running', async () => {
    chat = await createTestChat({ config });
    const [reply] = await chat.say('cancel my order');
    expect(reply!.text.trim()).toBe(answer('en', 'cancel-order'));
  });
});
