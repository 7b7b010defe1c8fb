import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPlainText } from '../../../src/core/markdown.js';
import { asSeen, eventually, startWhatsappBalie, type WhatsappTestBalie } from './harness.js';
import { model } from './fixtures.js';

const words = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}€]+/gu, ' ')
    .trim();
let number = 300;
const newChat = () => `447700900${number++}@c.us`;

describe('WhatsApp Web inbound', () => {
  let running: WhatsappTestBalie;
  beforeAll(async () => {
    running = await startWhatsappBalie();
  });
  afterAll(() => running.stop());

  const transcript = (chatId: string) => running.balie.app.stores.transcripts.list(`whatsapp:${chatId}`);
  const t = (key: string) => running.balie.app.t.t('en', key);

  it('a whatsapp-web.js message from a customer gets its answer through sendMessage on the right chat', async () => {
    const chat = newChat();
    const other = newChat();
    running.world.customerSays(chat, 'What are your opening hours?');
    const [answer] = await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 1,
      'the answer',
    );
    const faq = running.balie.app.config.faq.find((f) => f.language === 'en')!.entries.find((e) => e.id === 'opening-hours')!;
    expect(words(asSeen(answer!).text)).toBe(words(toPlainText(faq.channels.whatsapp!)));
    expect(running.world.sentTo(other)).toEqual([]);
    // WhatsApp Web echoes our own message back as message_create (fromMe): it is not a customer message.
    await new Promise((r) => setImmediate(r));
    await eventually(
      () => transcript(chat),
      (e) => e.length === 2,
      'the transcript',
    );
    expect((await transcript(chat)).map((e) => `${e.direction}:${e.role}`)).toEqual(['in:customer', 'out:bot']);
  });

  it('message and message_create of one message make one turn, not a turn and a "duplicate"', async () => {
    const metrics = running.balie.app.metrics;
    const before = { in: await counter(metrics.messagesIn), dup: await counter(metrics.duplicates) };
    const chat = newChat();
    running.world.customerSays(chat, 'hello');
    await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 1,
      'the answer',
    );
    expect(await counter(metrics.messagesIn)).toBe(before.in + 1);
    expect(await counter(metrics.duplicates)).toBe(before.dup);
  });

  it('ignores what the business types on its own phone (fromMe), status updates and notifications', async () => {
    const chat = newChat();
    running.world.deliver(model('from-me', running.world, { chatId: chat }));
    running.world.deliver(model('status', running.world));
    running.world.deliver(model('e2e-notification', running.world, { chatId: chat }));
    running.world.customerSays(chat, 'hello');
    await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 1,
      'the answer to hello',
    );
    expect((await transcript(chat)).filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['hello']);
    expect(await transcript('status@broadcast')).toEqual([]);
  });

  it('answers in a group when mentioned, with the author as the sender; ignores other group chatter', async () => {
    const group = '120363041234567891@g.us';
    running.world.deliver(model('group-chatter', running.world, { chatId: group }));
    running.world.deliver(model('group-mention', running.world, { chatId: group }));
    await eventually(
      () => running.world.sentTo(group),
      (s) => s.length === 1,
      'an answer in the group',
    );
    const entries = await transcript(group);
    expect(entries.filter((e) => e.direction === 'in')).toEqual([expect.objectContaining({ from: { id: '447700900456@c.us', name: 'Sam Peters' } })]);
    expect(running.world.sentTo('447700900456@c.us')).toEqual([]);
  });

  it('numbered options round trip: "2" is the "No thanks" option, "1" the "Yes" one', async () => {
    const chat = newChat();
    running.world.customerSays(chat, 'I would like to know the airspeed velocity of an unladen swallow');
    const [offer] = await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 1,
      'the offer',
    );
    expect(asSeen(offer!).buttons).toEqual([t('offerHumanYes'), t('offerHumanNo')]);
    expect(offer!.text).toMatch(/\n\n1\. Yes, a person please\n2\. No thanks$/);

    running.world.customerSays(chat, '2');
    const sent = await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 2,
      'the answer to "2"',
    );
    expect(words(asSeen(sent[1]!).text)).toBe(words(t('offerDeclined')));
    const customer = (await transcript(chat)).filter((e) => e.direction === 'in').map((e) => e.text);
    // The transcript (what agents read) has the option's words, not its internal value.
    expect(customer).toEqual(['I would like to know the airspeed velocity of an unladen swallow', 'No thanks']);

    // The answer carried no options, so a later "1" is just text again; a new offer makes it count.
    running.world.customerSays(chat, 'what is the meaning of a purple cow on the moon');
    await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 3,
      'a new offer',
    );
    running.world.customerSays(chat, 'yes, a person please');
    const all = await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 4,
      'the handoff answer',
    );
    // No agent is online: the customer hears that nobody is here yet and keeps their place.
    expect(words(asSeen(all[3]!).text)).toContain(words('Nobody from our team is'));
  });

  it('media arrive as attachments and are downloaded on demand through whatsapp-web.js', async () => {
    const chat = newChat();
    const image = model('image', running.world, { chatId: chat });
    const bytes = Buffer.from('\x89PNG\r\n\x1a\n fake image bytes');
    running.world.media.set(image.id._serialized, { mimetype: 'image/jpeg', data: bytes.toString('base64') });
    running.world.deliver(image);
    await eventually(
      () => transcript(chat),
      (e) => e.length >= 1,
      'the image in the transcript',
    );
    const [entry] = await transcript(chat);
    expect(entry).toMatchObject({ text: 'The parcel arrived like this', attachments: [{ contentType: 'image/jpeg', contentUrl: `whatsapp-media:${image.id._serialized}` }] });

    const media = await running.adapter.fetchMedia(entry!.attachments![0]!);
    expect(media).toMatchObject({ contentType: 'image/jpeg' });
    expect(media.data.equals(bytes)).toBe(true);
  });

  it('downloads media of a message it has not kept (getMessageById), and says so when WhatsApp no longer has it', async () => {
    const doc = model('document', running.world);
    running.world.messages.set(doc.id._serialized, doc);
    running.world.media.set(doc.id._serialized, { mimetype: 'application/pdf', data: Buffer.from('%PDF-1.7').toString('base64'), filename: 'invoice-TC-123456.pdf' });
    await expect(running.adapter.fetchMedia({ contentUrl: `whatsapp-media:${doc.id._serialized}` })).resolves.toMatchObject({
      contentType: 'application/pdf',
      name: 'invoice-TC-123456.pdf',
    });

    const expired = model('video', running.world);
    running.world.messages.set(expired.id._serialized, expired);
    await expect(running.adapter.fetchMedia({ contentUrl: `whatsapp-media:${expired.id._serialized}` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(running.adapter.fetchMedia({ contentUrl: 'whatsapp-media:false_1@c.us_GONE' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each(['voice', 'audio', 'video', 'sticker', 'document', 'location', 'vcard', 'multi-vcard'] as const)('a %s reaches the bot as an attachment', async (kind) => {
    const chat = newChat();
    running.world.deliver(model(kind, running.world, { chatId: chat }));
    const [entry] = await eventually(
      () => transcript(chat),
      (e) => e.length >= 1,
      `the ${kind} in the transcript`,
    );
    const expected = {
      voice: 'audio/ogg; codecs=opus',
      audio: 'audio/mpeg',
      video: 'video/mp4',
      sticker: 'image/webp',
      document: 'application/pdf',
      location: 'application/vnd.balie.location',
      vcard: 'application/vnd.balie.contact',
      'multi-vcard': 'application/vnd.balie.contact',
    }[kind];
    expect(entry!.attachments?.[0]?.contentType).toBe(expected);
  });

  it("takes the sender's name from the contact when the message has no push name", async () => {
    const chat = newChat();
    running.world.contacts.set(chat, { pushname: 'Robin' });
    running.world.customerSays(chat, 'hello', { notifyName: undefined });
    const [entry] = await eventually(
      () => transcript(chat),
      (e) => e.length >= 1,
      'the message',
    );
    expect(entry!.from).toEqual({ id: chat, name: 'Robin' });
  });

  it('does not answer an edited message again', async () => {
    const chat = newChat();
    const message = running.world.customerSays(chat, 'hello');
    await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 1,
      'the answer',
    );
    running.world.client.emit('message_edit', message, 'what can you do', 'hello');
    running.world.customerSays(chat, 'stop');
    await eventually(
      () => running.world.sentTo(chat),
      (s) => s.length === 2,
      'the answer to stop',
    );
    expect(words(asSeen(running.world.sentTo(chat)[1]!).text)).toBe(words(t('cancelled')));
  });
});

async function counter(metric: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> }): Promise<number> {
  return (await metric.get()).values.filter((v) => v.labels.channel === 'whatsapp').reduce((n, v) => n + v.value, 0);
}
