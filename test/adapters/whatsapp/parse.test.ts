import wweb from 'whatsapp-web.js';
import { describe, expect, it } from 'vitest';
import { CONTACT_TYPE, LOCATION_TYPE } from '../../../src/adapters/whatsapp/format.js';
import { localeFromWid, parseVCard, toActivity, type ParseContext } from '../../../src/adapters/whatsapp/parse.js';
import { FakeWhatsAppWeb } from '../../support/fake-whatsapp-client.js';
import { model, type FixtureKind } from './fixtures.js';

const { Message } = wweb as unknown as { Message: new (client: wweb.Client, data: unknown) => wweb.Message };
const world = new FakeWhatsAppWeb();
const client = world.createClient({});
const ctx: ParseContext = { ownIds: [world.botWid], groups: 'mentions' };

/** A fixture as the real whatsapp-web.js Message the adapter receives. */
const message = (kind: FixtureKind, overrides: Record<string, unknown> = {}) => new Message(client, model(kind, world, overrides));
const parse = (kind: FixtureKind, overrides: Record<string, unknown> = {}, c = ctx) => {
  const m = message(kind, overrides);
  return { m, result: toActivity(m, c) };
};
const activityOf = (kind: FixtureKind, overrides: Record<string, unknown> = {}, c = ctx) => {
  const { m, result } = parse(kind, overrides, c);
  if (result.kind !== 'activity') throw new Error(`expected an activity, got: ${result.reason}`);
  return { m, ...result };
};

describe('a whatsapp-web.js message as an Activity', () => {
  it('a text in a direct chat: the text, the chat, the sender and their push name, the message id', () => {
    const { m, activity, nativeId, chatId } = activityOf('text');
    expect(nativeId).toBe(m.id._serialized);
    expect(chatId).toBe('447700900123@c.us');
    expect(activity).toMatchObject({
      type: 'message',
      text: 'What are your opening hours?',
      from: { id: '447700900123@c.us', name: 'Alex Jansen', role: 'user' },
      conversation: { id: '447700900123@c.us', isGroup: false, conversationType: 'personal' },
      locale: 'en-GB',
    });
    expect(activity.timestamp).toEqual(new Date(m.timestamp * 1000));
    expect(activity.attachments).toBeUndefined();
  });

  it('a group message that mentions the bot: the group is the conversation, the author the sender', () => {
    const { activity, chatId } = activityOf('group-mention');
    expect(chatId).toBe('120363041234567890@g.us');
    expect(activity.conversation).toMatchObject({ id: '120363041234567890@g.us', isGroup: true, conversationType: 'group' });
    expect(activity.from).toMatchObject({ id: '447700900456@c.us', name: 'Sam Peters' });
  });

  it('group chatter that does not mention the bot is left alone, unless groups are set to "all"', () => {
    expect(parse('group-chatter').result).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('does not mention') });
    expect(parse('group-chatter', {}, { ...ctx, groups: 'all' }).result.kind).toBe('activity');
    expect(parse('group-mention', {}, { ...ctx, groups: 'off' }).result.kind).toBe('ignored');
  });

  it.each([
    ['image', 'image/jpeg', undefined, 'The parcel arrived like this'],
    ['document', 'application/pdf', 'invoice-TC-123456.pdf', undefined],
    ['voice', 'audio/ogg; codecs=opus', undefined, undefined],
    ['audio', 'audio/mpeg', undefined, undefined],
    ['video', 'video/mp4', undefined, undefined],
    ['sticker', 'image/webp', undefined, undefined],
  ] as const)('%s: an attachment to download later, the caption as text (never the thumbnail)', (kind, contentType, name, caption) => {
    const { m, activity } = activityOf(kind);
    expect(m.hasMedia).toBe(true);
    expect(activity.text).toBe(caption);
    expect(activity.attachments).toEqual([{ contentType, contentUrl: `whatsapp-media:${m.id._serialized}`, name }]);
  });

  it('a location: an attachment with the coordinates and the place, and no text (the body is a thumbnail)', () => {
    const { activity } = activityOf('location');
    expect(activity.text).toBeUndefined();
    expect(activity.attachments).toEqual([
      { contentType: LOCATION_TYPE, content: { latitude: 52.3731, longitude: 4.8922, name: 'Dam Square', address: 'Dam, 1012 JS Amsterdam' } },
    ]);
  });

  it('a contact card: name and phone numbers, and the raw vCard is not the text', () => {
    const { activity } = activityOf('vcard');
    expect(activity.text).toBeUndefined();
    expect(activity.attachments).toEqual([{ contentType: CONTACT_TYPE, name: 'Eva Visser', content: { name: 'Eva Visser', phones: ['+31 6 00000002'] } }]);
  });

  it('several contact cards: one attachment each', () => {
    const { activity } = activityOf('multi-vcard');
    expect(activity.attachments?.map((a) => a.content)).toEqual([
      { name: 'Eva Visser', phones: ['+31 6 00000002'] },
      { name: 'Tom de Wit', phones: ['+31 6 00000003'] },
    ]);
  });

  it.each([
    ['from-me', 'own WhatsApp'],
    ['status', 'status update'],
    ['e2e-notification', 'not handled'],
  ] as const)('%s is ignored', (kind, reason) => {
    expect(parse(kind).result).toMatchObject({ kind: 'ignored', reason: expect.stringContaining(reason) });
  });

  it('keeps media keys and thumbnails out of channelData', () => {
    const { activity } = activityOf('image');
    const data = JSON.stringify(activity.channelData);
    expect(data).not.toMatch(/mediaKey|directPath|filehash|deprecatedMms3Url/);
    expect(activity.channelData).toMatchObject({ whatsapp: { type: 'image', mimetype: 'image/jpeg', notifyName: 'Alex Jansen' } });
  });

  it('says what is wrong with a message it cannot read, instead of guessing', () => {
    const broken = new Message(client, { ...model('text', world), from: undefined });
    expect(toActivity(broken, ctx)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/^not a message this adapter understands \(from: /) });
  });

  it('hidden-number (@lid) chats are direct chats without a language hint', () => {
    const { activity } = activityOf('text', { chatId: '123456789012345@lid' });
    expect(activity.conversation?.conversationType).toBe('personal');
    expect(activity.locale).toBeUndefined();
  });
});

describe('helpers', () => {
  it('guesses a locale from the calling code only for phone-number ids', () => {
    expect(localeFromWid('31612345678@c.us')).toBe('nl-NL');
    expect(localeFromWid('447700900123@c.us')).toBe('en-GB');
    expect(localeFromWid('35312345678@c.us')).toBe('en-IE');
    expect(localeFromWid('12025550123@c.us')).toBe('en-US');
    expect(localeFromWid('120363041234567890@g.us')).toBeUndefined();
    expect(localeFromWid('99912345678@c.us')).toBeUndefined();
  });

  it('reads folded vCards, N when FN is missing, and escaped commas', () => {
    expect(parseVCard('BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nTEL;waid=447700900999:+44 7700\r\n 900999\r\nEND:VCARD')).toEqual({
      name: 'Jane Doe',
      phones: ['+44 7700900999'],
    });
    expect(parseVCard('BEGIN:VCARD\nFN:Smith\\, Jo\nTEL;type=CELL;waid=447700900998:\nEND:VCARD')).toEqual({ name: 'Smith, Jo', phones: ['+447700900998'] });
  });
});
