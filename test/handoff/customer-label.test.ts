import { afterEach, describe, expect, it } from 'vitest';
import { createTestChat, defaultTestConfig, type TestChat } from '../../src/testing/test-chat.js';

const config = defaultTestConfig();
let chats: TestChat[] = [];
afterEach(async () => {
  for (const chat of chats.reverse()) await chat.close();
  chats = [];
});

async function queued(options: NonNullable<Parameters<typeof createTestChat>[0]>, ...lines: string[]) {
  const chat = await createTestChat({ config, ...options });
  chats.push(chat);
  for (const line of lines) await chat.say(line);
  await chat.say('I want to talk to a person');
  const desk = chat.app.handoff!.desk;
  const sanne = desk.identify('sanne');
  const { items } = await desk.queue(sanne);
  const key = `${options.channelId}:${chat.conversationId}`;
  const item = items.find((i) => i.key === key);
  expect(item, 'the chat waits in the queue').toBeDefined();
  const context = await desk.context(desk.identify('fatima'), key);
  return { item: item!, context };
}

describe('#15 defect 10: the desk tells customers apart by what their channel gives', () => {
  it('names a Telegram customer by their first and last name', async () => {
    const { item, context } = await queued({ channelId: 'telegram', user: { id: '700123', name: 'Anna de Vries' } });
    expect(item.customerLabel).toBe('Anna de Vries');
    expect(context.customerLabel).toBe('Anna de Vries');
  });

  it('shows a WhatsApp customer without a push name by the last digits of their number, never the whole number', async () => {
    const { item, context } = await queued({ channelId: 'whatsapp', conversationId: '31612345678@c.us', user: { id: '31612345678@c.us', name: '' } });
    expect(item.customerLabel).toBe('…5678');
    expect(context.customerLabel).toBe('…5678');
    expect(JSON.stringify(item)).not.toContain('31612345678"');
  });

  it('shows an anonymous customer (a web chat visitor, named "Customer") by the first words of their first question', async () => {
    const { item, context } = await queued({ channelId: 'test', user: { id: 'webchat-user-x', name: 'Customer' } }, 'Do you repair e-bikes from other shops as well?');
    expect(item.customerLabel).toBe('“Do you repair e-bikes from other…”');
    expect(context.customerLabel).toBe('“Do you repair e-bikes from other…”');
  });
});
