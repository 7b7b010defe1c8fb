import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineDialog } from '../../../src/dialogs/authoring/index.js';
import { createLogger } from '../../../src/core/logger.js';
import { createRedisStores } from '../../../src/core/stores.js';
import { createTestChat, defaultTestConfig, type TestChat } from '../../../src/testing/test-chat.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';

const config = defaultTestConfig();
const logger = createLogger({ level: 'silent' });
let chats: TestChat[] = [];
afterEach(async () => {
  for (const chat of chats) await chat.close();
  chats = [];
});

const triggers = { phrases: { en: ['book a table'] } };
const v1 = defineDialog('booking', { triggers })
  .ask('people', { en: 'For how many people?' }, z.coerce.number().int().min(1).max(12))
  .ask('day', { en: 'Which day?' })
  .step((ctx) => ctx.say({ en: 'Booked for {people} on {day}.' }));

/** A balie process on Redis; closing it closes its connections, like a restart. */
async function balie(dialog: typeof v1 | ReturnType<typeof withTime>, prefix: string, conversationId?: string) {
  const chat = await createTestChat({ config, dialogs: [dialog], stores: await createRedisStores({ url: testRedisUrl(), prefix, logger }), conversationId, locale: 'en' });
  chats.push(chat);
  return chat;
}

const withTime = () =>
  defineDialog('booking', { triggers })
    .ask('people', { en: 'For how many people?' }, z.coerce.number().int().min(1).max(12))
    .ask('time', { en: 'At what time?' })
    .ask('day', { en: 'Which day?' })
    .step((ctx) => ctx.say({ en: 'Booked for {people} on {day} at {time}.' }));

describe('dialog state in Redis', () => {
  it('continues a half-finished dialog, with its answers, after a restart', async () => {
    const prefix = uniquePrefix('authoring-restart');
    const first = await balie(v1, prefix);
    await first.say('I want to book a table');
    expect((await first.say('4'))[0]!.text).toBe('Which day?');
    await first.close();
    chats = [];

    const second = await balie(v1, prefix, first.conversationId);
    expect((await second.say('Friday'))[0]!.text).toBe('Booked for 4 on Friday.');
  });

  it('starts over instead of resuming at the wrong step when a deploy changed the questions', async () => {
    const prefix = uniquePrefix('authoring-deploy');
    const before = await balie(v1, prefix);
    await before.say('book a table');
    await before.say('2');
    await before.close();
    chats = [];

    const after = await balie(withTime(), prefix, before.conversationId);
    expect((await after.say('Friday'))[0]!.text).toBe('For how many people?');
    expect((await after.say('2'))[0]!.text).toBe('At what time?');
  });
});
