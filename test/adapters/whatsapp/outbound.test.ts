import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TurnContext, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { asSeen, eventually, startWhatsappBalie, type WhatsappTestBalie } from './harness.js';

let number = 500;
const newChat = () => `447700900${number++}@c.us`;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('WhatsApp Web outbound', () => {
  let running: WhatsappTestBalie;
  let files: Server;
  let filesUrl: string;
  const logs: string[] = [];

  beforeAll(async () => {
    // A local web server for outbound attachments.
    files = createServer((req, res) => {
      const [status, type, body] =
        req.url === '/logo.png' ? [200, 'image/png', PNG] : req.url === '/terms.pdf' ? [200, 'application/pdf', '%PDF-1.7 terms'] : [404, 'text/html', '<h1>Not found</h1>'];
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logs.push(line) } });
    running = await startWhatsappBalie({ balie: { logger } });
  });
  afterAll(async () => {
    await running.stop();
    await new Promise((r) => files.close(r));
  });

  /** Sends as the desk will: straight through the adapter, with `from` set by the caller. */
  const send = async (chatId: string, activity: Partial<Activity>) => {
    const context = new TurnContext(running.adapter, {
      type: 'event',
      channelId: 'whatsapp',
      conversation: { id: chatId, isGroup: false, conversationType: 'personal', name: 'WhatsApp' },
      from: { id: chatId, name: 'Alex' },
      recipient: { id: 'bot', name: 'bot' },
    });
    return running.adapter.sendActivities(context, [{ type: 'message', conversation: context.activity.conversation, ...activity }]);
  };
  const sendFailures = async (code: string) =>
    (await running.balie.app.metrics.sendFailures.get()).values.find((v) => v.labels.channel === 'whatsapp' && v.labels.code === code)?.value ?? 0;

  it("an agent's message carries the agent's name in bold, and WhatsApp formatting", async () => {
    const chat = newChat();
    await send(chat, {
      text: 'I have **checked** your order, see [the tracking page](https://tulpenco.example/track).',
      from: { id: 'agent:sanne', name: 'Sanne', role: 'agent' },
    });
    expect(running.world.sentTo(chat).map((s) => s.text)).toEqual(['*Sanne*: I have *checked* your order, see the tracking page (https://tulpenco.example/track).']);
    const [entry] = await running.balie.app.stores.transcripts.list(`whatsapp:${chat}`);
    expect(entry).toMatchObject({ direction: 'out', role: 'agent' });
  });

  it('splits a long text into readable messages of at most 4096 characters', async () => {
    const chat = newChat();
    const text = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');
    await send(chat, { text });
    const sent = running.world.sentTo(chat);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((s) => s.text.length <= 4096)).toBe(true);
    expect(sent.map((s) => s.text).join(' ')).toBe(text);
  });

  it('sends images inline and other files as documents, downloaded from their URL', async () => {
    const chat = newChat();
    await send(chat, {
      text: 'Here you go',
      attachments: [
        { contentType: 'image/png', contentUrl: `${filesUrl}/logo.png` },
        { contentType: 'application/pdf', contentUrl: `${filesUrl}/terms.pdf`, name: 'Terms.pdf' },
      ],
    });
    const [text, image, pdf] = running.world.sentTo(chat);
    expect(text!.text).toBe('Here you go');
    expect(image!.media).toMatchObject({ mimetype: 'image/png', filename: 'logo.png', bytes: PNG.length });
    expect(image!.options.sendMediaAsDocument).toBeUndefined();
    expect(pdf!.media).toMatchObject({ mimetype: 'application/pdf', filename: 'Terms.pdf' });
    expect(pdf!.options.sendMediaAsDocument).toBe(true);
  });

  it('sends a location as a WhatsApp location', async () => {
    const chat = newChat();
    await send(chat, {
      attachments: [{ contentType: 'application/vnd.balie.location', content: { latitude: 52.0907, longitude: 5.1214, name: 'Tulp & Co', address: 'Oudegracht 1, Utrecht' } }],
    });
    expect(running.world.sentTo(chat)[0]!.location).toEqual({ latitude: 52.0907, longitude: 5.1214, name: 'Tulp & Co', address: 'Oudegracht 1, Utrecht' });
  });

  it('does not send an error page as an image: a 404 attachment fails with a code and is counted', async () => {
    const chat = newChat();
    const before = await sendFailures('PLATFORM_REFUSED');
    await expect(send(chat, { attachments: [{ contentType: 'image/png', contentUrl: `${filesUrl}/missing.png` }] })).rejects.toMatchObject({
      code: 'PLATFORM_REFUSED',
      message: expect.stringContaining('HTTP 404'),
    });
    expect(running.world.sentTo(chat)).toEqual([]);
    expect(await sendFailures('PLATFORM_REFUSED')).toBe(before + 1);
  });

  it('retries when the browser hiccups, and the customer gets the message once', async () => {
    const chat = newChat();
    running.world.failNextSends(
      new Error('Protocol error (Runtime.callFunctionOn): Target closed.'),
      new Error('Execution context was destroyed, most likely because of a navigation.'),
    );
    await send(chat, { text: 'Thanks for waiting' });
    expect(running.world.sentTo(chat).map((s) => s.text)).toEqual(['Thanks for waiting']);
  });

  it('gives up on a refusal at once, logs it with its code and counts it', async () => {
    const chat = newChat();
    const before = await sendFailures('PLATFORM_REFUSED');
    running.world.failNextSends(new Error('Evaluation failed: Error: wid error: invalid wid'));
    await expect(send(chat, { text: 'Hello?' })).rejects.toMatchObject({ code: 'PLATFORM_REFUSED' });
    expect(await sendFailures('PLATFORM_REFUSED')).toBe(before + 1);
    const logged = logs.map((l) => JSON.parse(l) as { msg: string; code?: string }).filter((l) => l.msg === 'a WhatsApp message could not be delivered');
    expect(logged.at(-1)).toMatchObject({ code: 'PLATFORM_REFUSED' });
    // The next message goes out normally.
    await send(chat, { text: 'Hello again' });
    expect(running.world.sentTo(chat).map((s) => s.text)).toEqual(['Hello again']);
  });

  it('a chat WhatsApp Web does not know is a refusal, not a silent drop', async () => {
    const chat = newChat();
    running.world.unknownChats.add(chat);
    await expect(send(chat, { text: 'Hi' })).rejects.toMatchObject({ code: 'PLATFORM_REFUSED', message: expect.stringContaining('does not know this chat') });
  });

  it('gives up after the bounded retries when the browser keeps failing', async () => {
    const chat = newChat();
    const before = await sendFailures('PLATFORM_UNREACHABLE');
    running.world.failNextSends(...Array.from({ length: 4 }, () => new Error('Protocol error: Session closed. Most likely the page has been closed.')));
    await expect(send(chat, { text: 'Hi' })).rejects.toMatchObject({ code: 'PLATFORM_UNREACHABLE' });
    expect(await sendFailures('PLATFORM_UNREACHABLE')).toBe(before + 1);
    expect(running.world.sentTo(chat)).toEqual([]);
  });

  it('shows "typing…" in the chat', async () => {
    const chat = newChat();
    await send(chat, { type: 'typing' });
    expect(running.world.typing).toContain(chat);
  });

  it('logs at info level contain neither phone numbers nor what customers wrote', async () => {
    const chat = newChat();
    running.world.customerSays(chat, 'my secret question about parcel 12345');
    await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 1,
      'an answer',
    );
    running.world.failNextSends(new Error(`Evaluation failed: Error: chat ${chat} is gone`));
    await expect(send(chat, { text: 'x' })).rejects.toBeTruthy();
    const all = logs.join('\n');
    expect(all).toContain('a WhatsApp message could not be delivered');
    expect(all).not.toContain(chat.split('@')[0]!);
    expect(all).not.toContain('secret question');
    expect(asSeen(running.world.sentTo(chat)[0]!).text.length).toBeGreaterThan(0);
  });
});
