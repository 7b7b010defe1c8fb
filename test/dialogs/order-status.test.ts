import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores } from '../../src/core/stores.js';
import { createTestChat, defaultTestConfig, type TestChat } from '../../src/testing/test-chat.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const config = defaultTestConfig();
let chats: TestChat[] = [];
afterEach(async () => {
  for (const chat of chats) await chat.close();
  chats = [];
});
const open = async (options: Parameters<typeof createTestChat>[0] = {}) => {
  const chat = await createTestChat({ config, ...options });
  chats.push(chat);
  return chat;
};

describe('order status dialog', () => {
  it('asks for the number, retries on a bad one, and tells where the order is', async () => {
    const chat = await open();
    expect((await chat.say('Waar is mijn bestelling?'))[0]!.text).toContain('Wat is je bestelnummer?');
    expect((await chat.say('geen idee'))[0]!.text).toContain('Dat lijkt geen bestelnummer');
    const [status] = await chat.say('tc 100003');
    expect(status!.text).toContain('**TC-100003** is onderweg met PostNL');
    expect(status!.text).toContain('[Volg je pakket](https://');
  });

  it('takes the number from the first message and answers in English', async () => {
    const chat = await open();
    const [status] = await chat.say('Where is my order TC-100004?');
    expect(status!.text).toMatch(/Order \*\*TC-100004\*\* was delivered on \w+day/);
  });

  it('says so when the order does not exist', async () => {
    const chat = await open();
    await chat.say('where is my order');
    expect((await chat.say('TC-999999'))[0]!.text).toContain("can't find order **TC-999999**");
  });

  it('can be left with "laat maar" or "stop"', async () => {
    const chat = await open();
    await chat.say('waar is mijn bestelling');
    expect((await chat.say('laat maar'))[0]!.text).toContain('Oké, ik ben gestopt');
    const english = await open({ app: chat.app });
    await english.say('where is my order');
    expect((await english.say('never mind'))[0]!.text).toContain("Okay, I've stopped");
    // The dialog is really gone: a number now starts a fresh lookup instead of answering a prompt.
    expect((await english.say('what can you do'))[0]!.text).toContain('I can help you with');
  });

  it('gives up after three unreadable answers and offers a person', async () => {
    const chat = await open();
    await chat.say('where is my order');
    await chat.say('no idea');
    await chat.say('the blue one');
    const [giveUp] = await chat.say('it was last tuesday');
    expect(giveUp!.text).toContain("still can't read an order number");
    expect(giveUp!.buttons).toEqual(['Yes, a person please', 'No thanks']);
  });

  it('continues a half-finished dialog after a restart when state is in Redis', async () => {
    const prefix = uniquePrefix('restart');
    const logger = createLogger({ level: 'silent' });
    const first = await createTestChat({ config, stores: await createRedisStores({ url: testRedisUrl(), prefix, logger }) });
    expect((await first.say('Waar is mijn bestelling?'))[0]!.text).toContain('bestelnummer');
    await first.close(); // the whole app stops, its Redis connections close

    const second = await open({ stores: await createRedisStores({ url: testRedisUrl(), prefix, logger }), conversationId: first.conversationId });
    const [status] = await second.say('TC-100002');
    expect(status!.text).toContain('**TC-100002** wordt op dit moment ingepakt');
  });
});
