import { afterEach, describe, expect, it } from 'vitest';
import { createTestChat, defaultTestConfig, type TestChat } from '../../src/testing/test-chat.js';

const config = defaultTestConfig();
let chats: TestChat[] = [];
afterEach(async () => {
  for (const chat of chats.reverse()) await chat.close();
  chats = [];
});

const desk = (chat: TestChat) => chat.app.handoff!.desk;
const who = (chat: TestChat, id: string) => desk(chat).identify(id);
const keyOf = (chat: TestChat) => `test:${chat.conversationId}`;
const texts = (chat: TestChat) => chat.received().map((r) => r.text);

/** A returning customer of Bram's, Bram away, Sanne and Fatima online: the customer presses "Wait for Bram". */
async function waitingForBram(): Promise<TestChat> {
  const chat = await createTestChat({ config });
  chats.push(chat);
  const bram = who(chat, 'bram');
  await desk(chat).setPresence(bram, 'online');
  await chat.say('I want to talk to a person');
  await desk(chat).accept(bram, keyOf(chat));
  await desk(chat).resolve(bram, keyOf(chat));
  await desk(chat).setPresence(bram, 'away');
  await desk(chat).setPresence(who(chat, 'sanne'), 'online');
  await desk(chat).setPresence(who(chat, 'fatima'), 'online');
  await chat.say('I want to talk to a person');
  expect(chat.received().at(-1)!.buttons).toEqual(['Wait for Bram', 'A colleague is fine']);
  await chat.press('Wait for Bram');
  return chat;
}

describe('#15.2: "Wait for Bram" is part of the case', () => {
  it('shows in the queue whom the customer waits for', async () => {
    const chat = await waitingForBram();
    const { items } = await desk(chat).queue(who(chat, 'sanne'));
    expect(items.find((i) => i.key === keyOf(chat))).toMatchObject({ waitsFor: { id: 'bram', name: 'Bram Jansen' } });
  });

  it("refuses another agent's claim with 409 and a message", async () => {
    const chat = await waitingForBram();
    await expect(desk(chat).claim(who(chat, 'sanne'), keyOf(chat))).rejects.toMatchObject({ code: 'HANDOFF_CONFLICT', message: expect.stringMatching(/waits for Bram/) });
    expect(await chat.app.handoff!.service.caseFor(keyOf(chat))).toMatchObject({ state: 'queued' });
  });

  it('lets a supervisor override, and tells the customer honestly why someone else helps', async () => {
    const chat = await waitingForBram();
    await desk(chat).claim(who(chat, 'fatima'), keyOf(chat));
    expect(await chat.app.handoff!.service.caseFor(keyOf(chat))).toMatchObject({ state: 'active', agentId: 'fatima' });
    const told = texts(chat).at(-1)!;
    expect(told).toContain('You were waiting for Bram');
    expect(told).toContain('**Fatima**');
    expect(told).not.toMatch(/is not available right now; \*\*Fatima\*\* is taking over/);
  });
});
