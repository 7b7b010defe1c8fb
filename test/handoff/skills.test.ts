import { afterEach, describe, expect, it } from 'vitest';
import { handoffSkillsSchema } from '../../src/config-files.js';
import { skillsFor } from '../../src/handoff/skills.js';
import { createTestChat, defaultTestConfig, type TestChat } from '../../src/testing/test-chat.js';

const config = defaultTestConfig();
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

async function offeredTo(chat: TestChat): Promise<string | undefined> {
  const until = Date.now() + 5000;
  for (;;) {
    const c = await chat.app.handoff!.service.caseFor(keyOf(chat));
    if (c?.offeredTo || Date.now() > until) return c?.offeredTo;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('#15.4: handoff.skills routes by the reason and the FAQ topic', () => {
  it('gives a complaint to the free agent with the complaints skill, not to the longest idle one', async () => {
    const chat = await open();
    // Sanne comes online first, so without skills she (longest idle) would get the complaint.
    await desk(chat).setPresence(who(chat, 'sanne'), 'online');
    await new Promise((r) => setTimeout(r, 5));
    await desk(chat).setPresence(who(chat, 'fatima'), 'online');
    await chat.say('This is UNACCEPTABLE, I am furious');
    expect(await offeredTo(chat)).toBe('fatima');
    const c = await chat.app.handoff!.service.caseFor(keyOf(chat));
    expect(c).toMatchObject({ reason: 'complaint', preferredSkills: ['complaints'] });
  });

  it('falls back to anyone suitable when nobody with the skill is free, and says so in the queue', async () => {
    const chat = await open();
    await desk(chat).setPresence(who(chat, 'sanne'), 'online');
    await chat.say('This is UNACCEPTABLE, I am furious');
    expect(await offeredTo(chat)).toBe('sanne');
    const [item] = await desk(chat).myChats(who(chat, 'sanne'));
    expect(item).toMatchObject({ key: keyOf(chat), skills: [], preferredSkills: ['complaints'] });
    expect(item!.routing).toMatch(/nobody with complaints was free, so it went to anyone suitable/);
  });

  it('asks for the skills of the FAQ topic the customer was talking about', async () => {
    const chat = await open();
    await chat.say('How do I return a product?');
    await chat.say('I want to talk to a person');
    const c = await chat.app.handoff!.service.caseFor(keyOf(chat));
    expect(c).toMatchObject({ reason: 'customer-asked', preferredSkills: ['returns'] });
  });

  it('validates handoff.skills and merges reason, dialog and tag rules', () => {
    expect(() => handoffSkillsSchema.parse({ reasons: { complain: { preferred: ['complaints'] } } })).toThrow(/complain/);
    expect(() => handoffSkillsSchema.parse({ reasons: { complaint: { preferred: ['Complaints!'] } } })).toThrow(/skill/);
    const skills = handoffSkillsSchema.parse({
      reasons: { dialog: { preferred: ['orders'] } },
      dialogs: { refund: { required: ['complaints'] } },
      tags: { returns: { preferred: ['returns', 'complaints'] } },
    });
    expect(skillsFor(skills, { reason: 'dialog', dialog: 'refund', tags: ['returns'] })).toEqual({ required: ['complaints'], preferred: ['orders', 'returns'] });
  });
});
