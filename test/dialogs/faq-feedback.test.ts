import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createTestChat, defaultTestConfig, type TestChat } from '../../src/testing/test-chat.js';

const withFeedback = (feedback: Config['listening']['feedback']): Config => {
  const config = defaultTestConfig();
  return { ...config, listening: { ...config.listening, feedback } };
};

let chat: TestChat;
afterEach(async () => chat?.close());

const metric = async (chat: TestChat) => (await chat.app.metrics.registry.getSingleMetricAsString('balie_faq_feedback_total')).split('\n').filter((l) => !l.startsWith('#'));

describe('"Did this help?" after an FAQ answer', () => {
  it('asks with the answer itself, in the conversation language, as buttons', async () => {
    chat = await createTestChat({ config: withFeedback(1) });
    const [reply, ...rest] = await chat.say('What are your opening hours?');
    expect(rest).toEqual([]);
    expect(reply!.text.trimEnd()).toMatch(/\n\nDid this help\?$/);
    expect(reply!.buttons).toEqual(['Yes', 'No']);
    expect(reply!.values).toEqual(['balie:feedback:yes', 'balie:feedback:no']);
    const dutch = await createTestChat({ app: chat.app });
    const [antwoord] = await dutch.say('Wat zijn jullie openingstijden?');
    expect(antwoord!.text.trimEnd()).toMatch(/Heeft dit je geholpen\?$/);
    expect(antwoord!.buttons).toEqual(['Ja', 'Nee']);
  });

  it('"No" offers a person, puts the question in the inbox as not helpful, and "yes" gets one', async () => {
    chat = await createTestChat({ config: withFeedback(1) });
    await chat.say('What are your opening hours?');
    const [offer, ...rest] = await chat.press('No');
    expect(rest).toEqual([]);
    expect(offer!.text).toContain("Sorry that didn't help");
    expect(offer!.buttons).toEqual(['Yes, a person please', 'No thanks']);
    const [row] = await chat.app.listening.inbox.list();
    expect(row).toMatchObject({
      text: 'What are your opening hours?',
      language: 'en',
      reasons: { 'not-helpful': 1 },
      conversations: [`test:${chat.conversationId}`],
      entries: ['opening-hours'],
    });
    expect(await chat.app.listening.helpfulness.list()).toEqual([{ entryId: 'opening-hours', yes: 0, no: 1 }]);
    expect(await metric(chat)).toEqual(['balie_faq_feedback_total{entry="opening-hours",helpful="no"} 1']);
    await chat.press('Yes, a person please');
    expect(chat.handoffs).toHaveLength(1);
  });

  it('"Yes" thanks, and counts the entry as helpful', async () => {
    chat = await createTestChat({ config: withFeedback(1) });
    await chat.say('how much is shipping');
    const [thanks] = await chat.press('Yes');
    expect(thanks!.text).toContain('Good to hear');
    expect(await chat.app.listening.helpfulness.list()).toEqual([{ entryId: 'shipping-costs', yes: 1, no: 0 }]);
    expect(await metric(chat)).toEqual(['balie_faq_feedback_total{entry="shipping-costs",helpful="yes"} 1']);
    expect(await chat.app.listening.inbox.list()).toEqual([]);
  });

  it('a typed "nee" or "ja" right after counts; anything else is a new question', async () => {
    chat = await createTestChat({ config: withFeedback(1) });
    await chat.say('Wat zijn jullie openingstijden?');
    const [offer] = await chat.say('nee');
    expect(offer!.buttons).toEqual(['Ja, graag een mens', 'Nee, bedankt']);
    expect((await chat.app.listening.inbox.list())[0]).toMatchObject({ text: 'Wat zijn jullie openingstijden?', reasons: { 'not-helpful': 1 } });

    const other = await createTestChat({ app: chat.app });
    await other.say('how much is shipping');
    const [answer] = await other.say('What are your opening hours?');
    expect(answer!.text).not.toContain('Did this help?');
    // The question is gone: a later "no" is no answer to it.
    const [later] = await other.say('no');
    expect(later!.text).not.toContain("Sorry that didn't help");
    expect(await chat.app.listening.helpfulness.list()).toEqual([{ entryId: 'opening-hours', yes: 0, no: 1 }]);
  });

  it('asks at most once per conversation', async () => {
    chat = await createTestChat({ config: withFeedback(1) });
    expect((await chat.say('What are your opening hours?'))[0]!.buttons).toEqual(['Yes', 'No']);
    await chat.press('Yes');
    expect((await chat.say('how much is shipping'))[0]!.buttons).toEqual([]);
    expect((await chat.say('What are your opening hours?'))[0]!.buttons).toEqual([]);
  });

  it('a repeated or stale feedback button is harmless: it counts nothing and keeps the offer of a person', async () => {
    chat = await createTestChat({ config: withFeedback(1) });
    await chat.say('What are your opening hours?');
    await chat.press('No');
    const [again] = await chat.press('balie:feedback:no');
    expect(again!.text).toContain('earlier question');
    expect(await chat.app.listening.helpfulness.list()).toEqual([{ entryId: 'opening-hours', yes: 0, no: 1 }]);
    expect((await chat.app.listening.inbox.list())[0]!.count).toBe(1);
    await chat.say('yes');
    expect(chat.handoffs).toHaveLength(1);
  });

  it('off never asks', async () => {
    chat = await createTestChat({ config: withFeedback('off'), deps: { random: () => 0 } });
    expect((await chat.say('What are your opening hours?'))[0]!.buttons).toEqual([]);
  });

  it('a sample rate asks that share of conversations, with one draw per conversation', async () => {
    const draws = [0.5, 0.29, 0.1];
    let drawn = 0;
    chat = await createTestChat({ config: withFeedback(0.3), deps: { random: () => draws[drawn++]! } });
    // 0.5 ≥ 0.3: not asked, and this conversation had its draw.
    expect((await chat.say('What are your opening hours?'))[0]!.buttons).toEqual([]);
    expect((await chat.say('how much is shipping'))[0]!.buttons).toEqual([]);
    expect(drawn).toBe(1);
    // 0.29 < 0.3: asked.
    const second = await createTestChat({ app: chat.app });
    expect((await second.say('What are your opening hours?'))[0]!.buttons).toEqual(['Yes', 'No']);
    expect(drawn).toBe(2);
  });
});
