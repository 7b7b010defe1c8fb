import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineDialog } from '../../../src/dialogs/authoring/index.js';
import { createTestChat, defaultTestConfig, type TestChat, type TestChatOptions } from '../../../src/testing/test-chat.js';

const config = defaultTestConfig();
let chats: TestChat[] = [];
afterEach(async () => {
  for (const chat of chats) await chat.close();
  chats = [];
});
const open = async (options: TestChatOptions) => {
  const chat = await createTestChat({ config, ...options });
  chats.push(chat);
  return chat;
};

const orderNumber = z
  .string()
  .trim()
  .regex(/^TC-\d{6}$/i)
  .transform((s) => s.toUpperCase());

/** The dialog of the tutorial, in both languages: two questions and an answer. */
const returns = defineDialog('returns', {
  triggers: { phrases: { en: ['return an item', 'send it back'], nl: ['iets retourneren', 'terugsturen'] }, patterns: [/^retour (?<orderNumber>\S+)$/i] },
})
  .ask('orderNumber', { en: 'Which order is it? (e.g. **TC-123456**)', nl: 'Om welke bestelling gaat het? (bijv. **TC-123456**)' }, orderNumber, {
    retry: { en: 'That is not an order number like TC-123456.', nl: 'Dat is geen bestelnummer zoals TC-123456.' },
  })
  .ask('reason', { en: 'Why are you sending {orderNumber} back?', nl: 'Waarom stuur je {orderNumber} terug?' }, z.string().trim().min(3))
  .step(async (ctx) => {
    expectTypeOf(ctx.state).toEqualTypeOf<{ orderNumber: string; reason: string }>();
    await ctx.say({ en: 'Thanks! A return label for **{orderNumber}** is in your mail.', nl: 'Dank je! Een retourlabel voor **{orderNumber}** staat in je mail.' });
  });

describe('a dialog written with defineDialog', () => {
  it('starts on a phrase, asks its questions in the conversation language and answers with the state', async () => {
    const chat = await open({ dialogs: [returns] });
    expect((await chat.say('Ik wil iets retourneren'))[0]!.text).toBe('Om welke bestelling gaat het? (bijv. **TC-123456**)');
    expect((await chat.say('tc-100003'))[0]!.text).toBe('Waarom stuur je TC-100003 terug?');
    expect((await chat.say('Past niet'))[0]!.text).toBe('Dank je! Een retourlabel voor **TC-100003** staat in je mail.');
    // Done: the next message goes to the FAQ and the rest of the bot again.
    expect((await chat.say('hoi'))[0]!.text).toContain('digitale assistent');
  });

  it('asks again with the retry text, or the locale text plus the question, when the schema refuses', async () => {
    const chat = await open({ dialogs: [returns] });
    await chat.say('I want to return an item');
    expect((await chat.say('the blue vase'))[0]!.text).toBe('That is not an order number like TC-123456.');
    await chat.say('TC-100001');
    // No retry text and no message in the schema: the locale's promptRetry, then the question again.
    expect((await chat.say('no'))[0]!.text).toBe("Sorry, I can't use that answer. Why are you sending TC-100001 back?");
  });

  it('uses the schema message as a locale key when it is one', async () => {
    const dialog = defineDialog('orderCheck', { triggers: { phrases: { en: ['check my order'] } } })
      .ask('orderNumber', 'orderAsk', z.string().regex(/^TC-\d{6}$/, 'orderRetry'))
      .step((ctx) => ctx.say({ en: 'Checking {orderNumber}.' }));
    const chat = await open({ dialogs: [dialog] });
    expect((await chat.say('please check my order'))[0]!.text).toContain('What is your order number?');
    expect((await chat.say('1234'))[0]!.text).toContain("That doesn't look like an order number");
    expect((await chat.say('TC-100002'))[0]!.text).toBe('Checking TC-100002.');
  });

  it('takes a value from a trigger pattern and skips that question', async () => {
    const chat = await open({ dialogs: [returns] });
    expect((await chat.say('retour TC-100004'))[0]!.text).toMatch(/^Waarom stuur je TC-100004 terug\?|^Why are you sending TC-100004 back\?/);
  });

  it('asks for a value from a trigger pattern that the schema refuses', async () => {
    const chat = await open({ dialogs: [returns], locale: 'en-GB' });
    expect((await chat.say('retour 42'))[0]!.text).toBe('Which order is it? (e.g. **TC-123456**)');
  });

  it('gives up after the last refused answer and offers a person, who gets what was collected', async () => {
    const dialog = defineDialog('giftCard', { triggers: { phrases: { en: ['gift card balance'] } } })
      .ask('email', { en: 'Your email address?' }, z.email(), { attempts: 2 })
      .ask('code', { en: 'The 8-digit code on the card?' }, z.string().regex(/^\d{8}$/), { attempts: 2 })
      .step((ctx) => ctx.say({ en: 'The balance is € 20.' }));
    const chat = await open({ dialogs: [dialog] });
    await chat.say('what is my gift card balance');
    await chat.say('anna@example.com');
    expect((await chat.say('1234'))[0]!.text).toBe("Sorry, I can't use that answer. The 8-digit code on the card?");
    const [giveUp] = await chat.say('abcd');
    expect(giveUp!.text).toBe("I still can't use that answer, so let's leave it for now. Shall I put you through to a colleague?");
    expect(giveUp!.buttons).toEqual(['Yes, a person please', 'No thanks']);
    await chat.press('Yes, a person please');
    expect(chat.handoffs).toEqual([expect.objectContaining({ reason: 'not-understood', language: 'en', collected: { email: 'anna@example.com' } })]);
  });

  it('ends quietly with its own text when told not to offer a person', async () => {
    const dialog = defineDialog('quiz', { triggers: { phrases: { en: ['quiz'] } } })
      .ask(
        'answer',
        { en: 'What is 6 × 7?' },
        z.coerce
          .number()
          .int()
          .refine((n) => n === 42),
        { attempts: 1, offerPerson: false, giveUp: { en: 'It was 42. Bye!' } },
      )
      .step((ctx) => ctx.say({ en: 'Right!' }));
    const chat = await open({ dialogs: [dialog] });
    await chat.say('quiz');
    const [reply] = await chat.say('41');
    expect(reply).toMatchObject({ text: 'It was 42. Bye!', buttons: [] });
  });

  it('hands off with one call, passing the answers and a note to the agent', async () => {
    const dialog = defineDialog('complaint', { triggers: { phrases: { en: ['complaint'], nl: ['klacht'] } } })
      .ask('orderNumber', { en: 'Which order?' }, orderNumber)
      .ask('what', { en: 'What went wrong?' })
      .step(async (ctx) => {
        await ctx.handoff({ reason: 'complaint', note: `complaint about ${ctx.state.orderNumber}: ${ctx.state.what}` });
      })
      .step((ctx) => ctx.say({ en: 'never said: the dialog ends after a handoff' }));
    const chat = await open({ dialogs: [dialog] });
    await chat.say('I have a complaint');
    await chat.say('TC-100002');
    const replies = await chat.say('The lamp arrived broken');
    expect(replies.map((r) => r.text).join('\n')).not.toContain('never said');
    expect(chat.handoffs).toEqual([
      { reason: 'complaint', language: 'en', collected: { orderNumber: 'TC-100002', what: 'The lamp arrived broken' }, note: 'complaint about TC-100002: The lamp arrived broken' },
    ]);
  });

  it('treats "talk to a person" in the middle of a question as a request for one', async () => {
    const chat = await open({ dialogs: [returns] });
    await chat.say('I want to return an item');
    await chat.say('TC-100005');
    await chat.say('talk to a person');
    expect(chat.handoffs).toEqual([expect.objectContaining({ reason: 'customer-asked', collected: { orderNumber: 'TC-100005' } })]);
  });

  it('offers buttons for choices and takes a press, a typed title or a number', async () => {
    const dialog = defineDialog('wrap', { triggers: { phrases: { en: ['gift wrap'] } } })
      .ask('paper', { en: 'Which paper?' }, undefined, {
        choices: [
          { value: 'red', title: { en: 'Red with tulips' } },
          { value: 'kraft', title: { en: 'Plain kraft' } },
        ],
      })
      .step((ctx) => ctx.say({ en: 'Wrapping it in {paper}.' }));
    const chat = await open({ dialogs: [dialog] });
    const [question] = await chat.say('gift wrap please');
    expect(question).toMatchObject({ text: 'Which paper?', buttons: ['Red with tulips', 'Plain kraft'] });
    expect((await chat.press('Plain kraft'))[0]!.text).toBe('Wrapping it in kraft.');
    await chat.say('gift wrap please');
    expect((await chat.say('red with tulips'))[0]!.text).toBe('Wrapping it in red.');
    await chat.say('gift wrap please');
    const [retry] = await chat.say('blue');
    expect(retry!.buttons).toEqual(['Red with tulips', 'Plain kraft']);
    expect((await chat.say('2'))[0]!.text).toBe('Wrapping it in kraft.');
  });

  it('can be left with "stop" like any dialog', async () => {
    const chat = await open({ dialogs: [returns] });
    await chat.say('ik wil iets terugsturen');
    expect((await chat.say('stop'))[0]!.text).toContain('ik ben gestopt');
  });

  it('refuses a text key that no locale has, naming the dialog and the key', async () => {
    const typo = defineDialog('typo', { triggers: { phrases: 'orderStatus' } }).ask('orderNumber', 'orderAks');
    await expect(open({ dialogs: [typo] })).rejects.toThrow('dialog "typo": the text key "orderAks" is in no locales/<lang>.yaml');
  });
});
