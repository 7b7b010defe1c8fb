import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallbackData } from '../../../src/adapters/telegram/callback-data.js';
import { CONTACT_TYPE, LOCATION_TYPE, toActivity, parseUpdateBody, unhandledKind, type Inbound } from '../../../src/adapters/telegram/parse.js';
import { HttpError } from '../../../src/core/http.js';

const dir = resolve(import.meta.dirname, '../../fixtures/telegram');
const recorded = JSON.parse(readFileSync(`${dir}/telegram.json`, 'utf8')) as Record<string, unknown>;
const kinds = JSON.parse(readFileSync(`${dir}/kinds.json`, 'utf8')) as Record<string, unknown>;
const bot = { id: Number(recorded.botUserId), username: String(recorded.botName) };

function normalise(payload: unknown, callbacks = new CallbackData()): Inbound {
  return toActivity(parseUpdateBody(structuredClone(payload)), { bot, decodeCallbackData: (d) => callbacks.decode(d) });
}

function message(payload: unknown, callbacks?: CallbackData) {
  const inbound = normalise(payload, callbacks);
  if (inbound.kind !== 'message') throw new Error(`expected a message, got ignored (${inbound.reason})`);
  return inbound.activity;
}

describe('Telegram updates as activities', () => {
  it('normalises a recorded private text message', () => {
    const a = message(recorded.followUp);
    expect(a).toMatchObject({
      type: 'message',
      id: '134',
      text: 'how are you',
      from: { id: '7527593', name: 'Test User', role: 'user' },
      conversation: { id: '7527593', isGroup: false, conversationType: 'personal' },
    });
    expect(a.timestamp).toEqual(new Date(1767224901 * 1000));
    expect(a.channelData).toMatchObject({ update_id: 1002 });
  });

  it("drops the bot's own @mention from the text", () => {
    expect(message(recorded.mention).text).toBe('hi');
  });

  it('takes the name from first and last name, and the locale from language_code', () => {
    const a = message(kinds.document);
    expect(a.from?.name).toBe('Test User');
    expect(a.locale).toBe('nl');
  });

  it('turns the largest photo size into a lazily downloaded attachment, with the caption as text', () => {
    const a = message(kinds.photo);
    expect(a.text).toBe('Is deze vaas nog leverbaar?');
    expect(a.attachments).toEqual([{ contentType: 'image/jpeg', contentUrl: 'telegram-media:AgACAgQAAxkBAAIBPhotoLarge' }]);
  });

  it.each([
    ['document', { contentType: 'application/pdf', contentUrl: 'telegram-media:BQACAgQAAxkBAAIBDocument', name: 'factuur-TC-123456.pdf' }],
    ['voice', { contentType: 'audio/ogg', contentUrl: 'telegram-media:AwACAgQAAxkBAAIBVoice' }],
    ['audio', { contentType: 'audio/mpeg', contentUrl: 'telegram-media:CQACAgQAAxkBAAIBAudio', name: 'jingle.mp3' }],
    ['video', { contentType: 'video/mp4', contentUrl: 'telegram-media:BAACAgQAAxkBAAIBVideo', name: 'unboxing.mp4' }],
    ['videoNote', { contentType: 'video/mp4', contentUrl: 'telegram-media:DQACAgQAAxkBAAIBVideoNote' }],
    ['sticker', { contentType: 'image/webp', contentUrl: 'telegram-media:CAACAgIAAxkBAAIBSticker' }],
    ['animation', { contentType: 'video/mp4', contentUrl: 'telegram-media:CgACAgQAAxkBAAIBAnimation', name: 'dance.mp4' }],
  ])('normalises a %s as one attachment', (kind, attachment) => {
    const a = message(kinds[kind]);
    expect(a.attachments).toEqual([attachment]);
    expect(a.text).toBeUndefined();
  });

  it('normalises a location and a venue', () => {
    expect(message(kinds.location).attachments).toEqual([{ contentType: LOCATION_TYPE, content: { latitude: 52.090736, longitude: 5.12142 } }]);
    expect(message(kinds.venue).attachments).toEqual([
      { contentType: LOCATION_TYPE, content: { latitude: 52.0907, longitude: 5.1214, name: 'Tulp & Co', address: 'Bloemstraat 12, Utrecht' } },
    ]);
  });

  it('normalises a shared contact', () => {
    expect(message(kinds.contact).attachments).toEqual([{ contentType: CONTACT_TYPE, content: { name: 'Sanne de Vries', phones: ['+31612345678'] } }]);
  });

  it("turns a button press into a message with value.action, in the chat of the button's message", () => {
    const inbound = normalise(kinds.callbackQuery);
    expect(inbound).toMatchObject({
      kind: 'message',
      callbackQueryId: '4382bfdwdsb323b2d9',
      activity: { text: 'balie:human:yes', value: { action: 'balie:human:yes' }, from: { id: '7527593' }, conversation: { id: '7527593', isGroup: false } },
    });
  });

  it('resolves a long button value from its token, and falls back to the label for a token it does not know', () => {
    const callbacks = new CallbackData();
    const long = `order:${'x'.repeat(80)}`;
    const token = callbacks.encode(long);
    expect(Buffer.byteLength(token)).toBeLessThanOrEqual(64);
    const press = (data: string) => {
      const p = structuredClone(kinds.callbackQuery) as {
        callback_query: { data: string; message: { reply_markup: { inline_keyboard: { text: string; callback_data: string }[][] } } };
      };
      p.callback_query.data = data;
      p.callback_query.message.reply_markup.inline_keyboard[0]![0]!.callback_data = data;
      return p;
    };
    expect(message(press(token), callbacks)).toMatchObject({ text: long, value: { action: long } });
    const unknown = message(press('#t:notknownhere'), new CallbackData());
    expect(unknown.text).toBe('Yes, please');
    expect(unknown.value).toBeUndefined();
  });

  describe('groups', () => {
    it('answers a mention, without the mention in the text', () => {
      const a = message(kinds.groupMention);
      expect(a.text).toBe('wat kost verzending?');
      expect(a.conversation).toEqual({ id: '-1001234567890', isGroup: true, conversationType: 'group', name: 'Tulp & Co klanten' });
      expect(a.from).toMatchObject({ id: '7527593', name: 'Test User' });
    });

    it('answers a reply to the bot', () => {
      expect(message(kinds.groupReplyToBot).text).toBe('en naar België?');
    });

    it('answers a command for this bot, without the @botname suffix', () => {
      expect(message(kinds.groupCommand).text).toBe('/help');
    });

    it('ignores chatter, commands for other bots and service messages', () => {
      expect(normalise(kinds.groupChatter)).toEqual({ kind: 'ignored', reason: 'not-addressed' });
      expect(normalise(kinds.groupOtherBotCommand)).toEqual({ kind: 'ignored', reason: 'not-addressed' });
      expect(normalise(kinds.serviceMessage)).toMatchObject({ kind: 'ignored' });
    });
  });

  it('does not answer an edited message again', () => {
    expect(normalise(kinds.editedMessage)).toEqual({ kind: 'ignored', reason: 'edited' });
  });

  it('ignores messages from bots', () => {
    expect(normalise(kinds.fromBot)).toEqual({ kind: 'ignored', reason: 'from-bot' });
  });

  it('passes /start on as a command', () => {
    expect(message(kinds.start).text).toBe('/start');
  });
});

describe('Telegram webhook bodies', () => {
  const bad = (body: unknown) => {
    try {
      parseUpdateBody(body);
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).status).toBe(400);
      return (err as Error).message;
    }
    throw new Error('expected a 400');
  };

  it('accepts a known kind and reports an unknown one, so it can be acknowledged and ignored', () => {
    expect(unhandledKind(parseUpdateBody(kinds.photo))).toBeUndefined();
    expect(unhandledKind(parseUpdateBody(kinds.myChatMember))).toBe('my_chat_member');
  });

  it('rejects what is not an update, saying what is wrong', () => {
    expect(bad('{not json')).toMatch(/not valid JSON/);
    expect(bad([1, 2])).toMatch(/one Telegram Update object/);
    expect(bad({ message: { text: 'hi' } })).toMatch(/update_id/);
    expect(bad({ update_id: 7 })).toMatch(/needs a kind/);
    expect(bad({ update_id: 7, message: { message_id: 1, date: 1, text: 'no chat' } })).toMatch(/message\.chat/);
    expect(bad({ update_id: -1, message: {} })).toMatch(/update_id/);
  });
});
