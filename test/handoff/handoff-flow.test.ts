import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { createMemoryStores, createRedisStores, type Stores } from '../../src/core/stores.js';
import type { DeskEvent } from '../../src/handoff/ports.js';
import { createTestChat, defaultTestConfig, type TestChat } from '../../src/testing/test-chat.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const config = defaultTestConfig();
const logger = createLogger({ level: 'silent' });
let chats: TestChat[] = [];
afterEach(async () => {
  for (const chat of chats.reverse()) await chat.close();
  chats = [];
});

async function open(options: Parameters<typeof createTestChat>[0] = {}) {
  const chat = await createTestChat({ config, ...options });
  chats.push(chat);
  return chat;
}

const desk = (chat: TestChat) => chat.app.handoff!.desk;
const who = (chat: TestChat, id: string) => desk(chat).identify(id);
const keyOf = (chat: TestChat) => `test:${chat.conversationId}`;
const texts = (chat: TestChat) => chat.received().map((r) => r.text);

async function eventually<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('handoff round trip', () => {
  it('passes the chat to a named person and back, and offers them first next time', async () => {
    const chat = await open();
    const sanne = who(chat, 'sanne');
    const bram = who(chat, 'bram');
    await desk(chat).setPresence(bram, 'online');
    await desk(chat).setPresence(sanne, 'online');

    // The customer asks for a person: told someone is coming, their place and that nothing needs repeating.
    const [notice] = await chat.say('ik wil een medewerker spreken');
    expect(notice!.text).toContain('Ik haal er een collega bij');
    expect(notice!.text).toContain('nummer **1**');

    const offered = await eventually(
      () => desk(chat).myChats(bram),
      (c) => c.length > 0,
    );
    const offeredTo = offered.length ? 'bram' : 'sanne';
    const agent = offeredTo === 'bram' ? bram : sanne;
    // Bram has been idle longest, so he gets the first offer; he accepts.
    expect(offeredTo).toBe('bram');
    await desk(chat).accept(agent, keyOf(chat));
    expect(texts(chat).at(-1)).toContain('Je praat nu met **Bram**');
    expect(texts(chat).at(-1)).toContain('tuinmeubels');

    // While Bram owns it, the bot is silent and the customer's words reach Bram's desk.
    const heard: DeskEvent[] = [];
    const off = await chat.app.stores.bus.subscribe('desk:agent:bram', (e) => heard.push(e as DeskEvent));
    expect(await chat.say('Wat zijn jullie openingstijden?')).toEqual([]);
    await eventually(
      () => heard,
      (h) => h.some((e) => e.type === 'customer-message'),
    );
    expect(heard.find((e) => e.type === 'customer-message')).toMatchObject({ key: keyOf(chat), text: 'Wat zijn jullie openingstijden?' });
    await off();

    // Bram answers as himself.
    await desk(chat).send(bram, keyOf(chat), 'Hoi! Wij zijn open van 9 tot 17:30.');
    const fromBram = chat.received().at(-1)!;
    expect(fromBram.text).toBe('Hoi! Wij zijn open van 9 tot 17:30.');
    expect(fromBram.activity.from).toMatchObject({ id: 'bram', name: 'Bram Jansen', role: 'agent' });

    // Sanne cannot read or write Bram's chat.
    await expect(desk(chat).context(sanne, keyOf(chat))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(desk(chat).send(sanne, keyOf(chat), 'psst')).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // The context packet has what the customer told the bot.
    const context = await desk(chat).context(bram, keyOf(chat));
    expect(context.reason).toBe('customer-asked');
    expect(context.language).toBe('nl');
    expect(context.transcript.map((e) => e.text)).toContain('ik wil een medewerker spreken');

    // Resolve: the satisfaction question, then back to the bot.
    await desk(chat).resolve(bram, keyOf(chat));
    expect(chat.received().at(-1)!.buttons).toEqual(['1', '2', '3', '4', '5']);
    expect((await chat.press('5'))[0]!.text).toContain('Bedankt');
    expect((await chat.say('Wat zijn jullie openingstijden?'))[0]!.text).toContain('Klantenservice');

    // Next time: Bram, who helped before, gets the offer first, even with Sanne idle longer now.
    await chat.say('ik wil een medewerker');
    const again = await eventually(
      () => desk(chat).myChats(bram),
      (c) => c.length > 0,
    );
    expect(again).toHaveLength(1);
    expect(await desk(chat).myChats(sanne)).toEqual([]);
  });

  it('cancels the request when the customer says "laat maar" while waiting', async () => {
    const chat = await open();
    await chat.say('ik wil een medewerker spreken');
    const [reply] = await chat.say('laat maar');
    expect(reply!.text).toContain('ingetrokken');
    expect(await chat.app.handoff!.service.caseFor(keyOf(chat))).toBeUndefined();
    expect((await chat.say('hoi'))[0]!.text).toContain('Tulp & Co');
  });

  it('tells the customer when nobody is online, and keeps their place', async () => {
    const chat = await open();
    const [notice] = await chat.say('I would like to talk to a person');
    expect(notice!.text).toContain('Nobody from our team is');
    expect(await desk(chat).queue(who(chat, 'sanne'))).toMatchObject({ length: 1 });
  });

  it('lets an agent claim a queued chat, and transfer it with a note', async () => {
    const chat = await open();
    await chat.say('ik wil een medewerker spreken');
    const sanne = who(chat, 'sanne');
    const bram = who(chat, 'bram');
    await desk(chat).setPresence(sanne, 'online');
    // Sanne came online and got the offer; she accepts, then transfers to Bram with a note.
    await eventually(
      () => desk(chat).myChats(sanne),
      (c) => c.length > 0,
    );
    await desk(chat).accept(sanne, keyOf(chat));
    await desk(chat).setPresence(bram, 'online');
    await desk(chat).transfer(sanne, keyOf(chat), 'bram', 'Klant wil een tuinset ruilen');
    expect(texts(chat).at(-1)).toContain('Bram');
    await eventually(
      () => desk(chat).myChats(bram),
      (c) => c.length > 0,
    );
    expect((await desk(chat).context(bram, keyOf(chat))).note).toBe('Klant wil een tuinset ruilen');
    await desk(chat).accept(bram, keyOf(chat));
    expect(texts(chat).at(-1)).toContain('Je praat nu met **Bram**');
  });
});

describe('handoff with Redis', () => {
  it('keeps the queue, the offer deadline and the owner across a restart', async () => {
    const prefix = uniquePrefix('handoff');
    const redisStores = (): Promise<Stores> => createRedisStores({ url: testRedisUrl(), prefix, logger });
    const first = await createTestChat({ config, stores: await redisStores() });
    await desk(first).setPresence(desk(first).identify('sanne'), 'online');
    await first.say('ik wil een medewerker spreken');
    const offeredBefore = await eventually(
      () => first.app.handoff!.service.caseFor(keyOf(first)),
      (c) => c?.state === 'offered',
    );
    await first.close();

    const second = await open({ stores: await redisStores(), conversationId: first.conversationId });
    const afterRestart = await second.app.handoff!.service.caseFor(keyOf(second));
    expect(afterRestart).toMatchObject({ state: 'offered', offeredTo: 'sanne', offerDeadline: offeredBefore!.offerDeadline });
    await desk(second).accept(desk(second).identify('sanne'), keyOf(second));
    await second.close();
    chats = chats.filter((c) => c !== second);

    const third = await open({ stores: await redisStores(), conversationId: first.conversationId });
    expect(await third.app.handoff!.service.caseFor(keyOf(third))).toMatchObject({ state: 'active', agentId: 'sanne' });
    // The bot stays silent after the restart too.
    expect(await third.say('hallo?')).toEqual([]);
  });
});

describe('without Redis', () => {
  it('runs the same on memory stores', async () => {
    const chat = await open({ stores: createMemoryStores() });
    expect(chat.app.handoff).toBeDefined();
  });
});

describe('when balie gets a person by itself', () => {
  const reasonOf = async (chat: TestChat) => (await chat.app.handoff!.service.caseFor(keyOf(chat)))?.reason;

  it('on a complaint, in Dutch or English', async () => {
    const chat = await open();
    await chat.say('Dit is echt belachelijk, mijn bank is kapot aangekomen!!');
    expect(await reasonOf(chat)).toBe('complaint');
    const english = await open({ app: chat.app });
    await english.say('This is UNACCEPTABLE, I am furious');
    expect(await reasonOf(english)).toBe('complaint');
  });

  it('after two messages in a row it did not understand, unless the customer declined', async () => {
    const chat = await open();
    await chat.say('Can you recommend a good plumber in Zwolle for my bathroom?');
    expect(await reasonOf(chat)).toBeUndefined();
    await chat.say('What is the airspeed velocity of an unladen swallow?');
    expect(await reasonOf(chat)).toBe('not-understood');

    const declined = await open({ app: chat.app });
    await declined.say('Can you recommend a good plumber in Zwolle for my bathroom?');
    await declined.press('No thanks');
    await declined.say('What is the airspeed velocity of an unladen swallow?');
    expect(await reasonOf(declined)).toBeUndefined();
  });

  it('for a VIP as soon as the bot is unsure, ahead in the queue', async () => {
    const vipConfig = defaultTestConfig();
    vipConfig.handoff.vipCustomers = ['test:user-vip'];
    const other = await open({ config: vipConfig });
    await other.say('ik wil een medewerker spreken');
    const vip = await open({ app: other.app, user: { id: 'user-vip', name: 'Mevrouw Bakker' } });
    await vip.say('Kunnen jullie mijn kat uitlaten?');
    const c = await vip.app.handoff!.service.caseFor(keyOf(vip));
    expect(c).toMatchObject({ reason: 'vip', vip: true });
    const queue = await desk(vip).queue(who(vip, 'sanne'));
    expect(queue.items[0]!.key).toBe(keyOf(vip));
  });

  it('hands the agent what the dialogs collected, through the handoff.initiate event', async () => {
    const chat = await open();
    await chat.say('waar is mijn bestelling');
    await chat.say('TC-100003');
    const events: unknown[] = [];
    // The handoff event really goes out on the turn (Bot Framework handoff protocol).
    const adapter = chat.app.adapter('test')!;
    const original = adapter.sendActivities.bind(adapter);
    adapter.sendActivities = async (context, activities) => {
      events.push(...activities.filter((a) => a.type === 'event').map((a) => a.name));
      return original(context, activities);
    };
    await chat.say('ik wil een medewerker spreken');
    expect(events).toContain('handoff.initiate');
    const c = await chat.app.handoff!.service.caseFor(keyOf(chat));
    expect(c).toMatchObject({ reason: 'customer-asked', collected: { orderNumber: 'TC-100003' } });
  });
});

describe('a returning customer whose usual person is away', () => {
  async function returningWhileSanneAway() {
    const chat = await open();
    const sanne = who(chat, 'sanne');
    await desk(chat).setPresence(sanne, 'online');
    await chat.say('ik wil een medewerker spreken');
    await desk(chat).accept(sanne, keyOf(chat));
    await desk(chat).resolve(sanne, keyOf(chat));
    await desk(chat).setPresence(sanne, 'away');
    await desk(chat).setPresence(who(chat, 'bram'), 'online');
    await chat.say('ik wil een medewerker spreken');
    return chat;
  }

  it('may wait for them: nobody else gets the chat, and they get it when back', async () => {
    const chat = await returningWhileSanneAway();
    const choice = chat.received().at(-1)!;
    expect(choice.text).toContain('Sanne, die je eerder hielp, is er nu niet');
    expect(choice.buttons).toEqual(['Wachten op Sanne', 'Een collega is prima']);
    await chat.press('Wachten op Sanne');
    expect(texts(chat).at(-1)).toContain('je wacht op Sanne');
    await chat.app.handoff!.service.routeQueue();
    expect(await desk(chat).myChats(who(chat, 'bram'))).toEqual([]);
    await desk(chat).setPresence(who(chat, 'sanne'), 'online');
    expect(await chat.app.handoff!.service.caseFor(keyOf(chat))).toMatchObject({ state: 'offered', offeredTo: 'sanne' });
  });

  it('or take a colleague, who is introduced as covering', async () => {
    const chat = await returningWhileSanneAway();
    await chat.press('Een collega is prima');
    const offered = await eventually(
      () => chat.app.handoff!.service.caseFor(keyOf(chat)),
      (c) => c?.state === 'offered',
    );
    expect(offered?.offeredTo).toBe('bram');
    await desk(chat).accept(who(chat, 'bram'), keyOf(chat));
    expect(texts(chat).at(-1)).toContain('Sanne is er nu niet; **Bram** neemt het over en ziet je eerdere gesprek');
  });
});

describe('the same customer on another channel', () => {
  it('once a supervisor links the identities, gets their usual person, and the agent sees the earlier chat', async () => {
    const first = await open({ user: { id: 'anna-tg', name: 'Anna' } });
    const sanne = who(first, 'sanne');
    await desk(first).setPresence(sanne, 'online');
    await first.say('ik wil een medewerker spreken');
    await desk(first).accept(sanne, keyOf(first));
    await desk(first).send(sanne, keyOf(first), 'Je retour is verwerkt.');
    await desk(first).resolve(sanne, keyOf(first));

    await expect(desk(first).linkCustomers(sanne, 'test:anna-tg', 'test:anna-web')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await desk(first).linkCustomers(who(first, 'fatima'), 'test:anna-tg', 'test:anna-web');

    await desk(first).setPresence(who(first, 'bram'), 'online');
    const second = await open({ app: first.app, user: { id: 'anna-web', name: 'Anna' } });
    await second.say('ik wil een medewerker spreken');
    const c = await eventually(
      () => second.app.handoff!.service.caseFor(keyOf(second)),
      (x) => x?.state === 'offered',
    );
    expect(c?.offeredTo).toBe('sanne');
    const context = await desk(second).context(sanne, keyOf(second));
    expect(context.otherIdentities).toEqual(['test:anna-tg']);
    expect(context.earlierConversations[0]!.entry).toMatchObject({ key: keyOf(first), agentId: 'sanne', how: 'resolved' });
    expect(context.earlierConversations[0]!.lastLines.map((l) => l.text)).toContain('Je retour is verwerkt.');
  });
});
