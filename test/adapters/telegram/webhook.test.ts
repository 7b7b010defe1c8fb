import type { Activity, ConversationReference } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPlainText } from '../../../src/core/markdown.js';
import { SECRET, eventually, kinds, shown, startTelegramBalie, textUpdate, type TelegramBalie } from './harness.js';

const words = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}€]+/gu, ' ')
    .trim();

let t: TelegramBalie;
let chat = 5_200_000;
const newChat = () => ++chat;

beforeAll(async () => {
  t = await startTelegramBalie({ webhookUrl: 'https://bot.tulpenco.example/' });
});
afterAll(() => t.stop());

const answers = (chatId: number, count = 1) =>
  eventually(
    () => t.fake.sentTo(chatId),
    (s) => s.length >= count,
  );

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${t.balie.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

function reference(chatId: number | string, isGroup = false): Partial<ConversationReference> {
  return {
    channelId: 'telegram',
    conversation: { id: String(chatId), isGroup, conversationType: isGroup ? 'group' : 'personal', name: 'c' },
    bot: { id: 'bot', name: 'bot' },
    user: { id: String(chatId), name: 'Customer' },
  };
}

/** Sends activities the way the desk will: straight through the adapter, in a proactive turn. */
async function push(chatId: number | string, ...activities: Partial<Activity>[]): Promise<void> {
  await t.adapter.continueConversation(reference(chatId), async (context) => {
    await t.adapter.sendActivities(
      context,
      activities.map((a) => ({ ...a, conversation: context.activity.conversation })),
    );
  });
}

describe('Telegram webhook', () => {
  it('learns who the bot is and registers the webhook with its secret at start', () => {
    expect(t.fake.callsTo('getMe')).toHaveLength(1);
    expect(t.fake.webhook).toEqual({ url: 'https://bot.tulpenco.example/webhooks/telegram', secretToken: SECRET, allowedUpdates: ['message', 'edited_message', 'callback_query'] });
    expect(t.fake.callsTo('getUpdates')).toHaveLength(0);
  });

  it('answers "Wat kost verzending?" with the FAQ answer, as Telegram HTML', async () => {
    const id = newChat();
    const res = await t.post(textUpdate(id, 'Wat kost verzending?', { languageCode: 'nl' }));
    expect(res.status).toBe(200);
    const [reply] = await answers(id);
    expect(reply!.params.parse_mode).toBe('HTML');
    expect(reply!.params.text).toContain('<b>€ 4,95</b>');
    const entry = t.balie.app.config.faq.find((f) => f.language === 'nl')!.entries.find((e) => e.id === 'shipping-costs')!;
    expect(words(shown(reply!).text)).toBe(words(toPlainText(entry.channels.telegram ?? entry.answer)));
  });

  it('answers 401 to a missing or wrong secret token, and runs no turn', async () => {
    const id = newChat();
    const before = await metric('balie_messages_in_total', 'channel="telegram"');
    for (const secret of [null, 'wrong-secret', '']) {
      const res = await t.post(textUpdate(id, 'hello'), { secret });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'missing or wrong X-Telegram-Bot-Api-Secret-Token header' } });
    }
    expect(await metric('balie_messages_in_total', 'channel="telegram"')).toBe(before);
    expect(await t.balie.app.stores.transcripts.list(`telegram:${id}`)).toEqual([]);
    expect(t.fake.sentTo(id)).toEqual([]);
  });

  it('answers 400 to bodies that are not updates, saying what is wrong', async () => {
    const cases: [unknown, boolean, RegExp][] = [
      ['{"update_id": 1, "message": ', true, /JSON|body/i],
      [[textUpdate(newChat(), 'hi')], false, /one Telegram Update object/],
      [{ message: { text: 'hi' } }, false, /update_id/],
      [{ update_id: 99 }, false, /needs a kind/],
      [{ update_id: 99, message: { message_id: 1, date: 1, text: 'where is my chat' } }, false, /message\.chat/],
    ];
    for (const [body, raw, message] of cases) {
      const res = await t.post(body, { raw });
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { error: { code: string; message: string } };
      expect(answer.error.code).toBe('BAD_REQUEST');
      expect(answer.error.message).toMatch(message);
    }
  });

  it('acknowledges update kinds it does not handle, so Telegram does not retry them', async () => {
    const res = await t.post(kinds.myChatMember);
    expect(res.status).toBe(200);
  });

  it('answers a redelivered update_id once', async () => {
    const id = newChat();
    const update = textUpdate(id, 'hello');
    for (let i = 0; i < 3; i++) expect((await t.post(update)).status).toBe(200);
    await answers(id);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.fake.sentTo(id)).toHaveLength(1);
    expect(await metric('balie_messages_duplicate_total', 'channel="telegram"')).toBeGreaterThanOrEqual(2);
  });

  it('shows suggested actions as an inline keyboard, and a press answers the callback and reaches the bot as value.action', async () => {
    const id = newChat();
    await t.post(textUpdate(id, 'I would like to know the airspeed velocity of an unladen swallow'));
    const [offer] = await answers(id);
    const keyboard = (offer!.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    const app = t.balie.app;
    expect(keyboard.flat().map((b) => b.text)).toEqual([app.t.t('en', 'offerHumanYes'), app.t.t('en', 'offerHumanNo')]);

    const no = keyboard.flat()[1]!;
    const press = structuredClone(kinds.callbackQuery) as {
      update_id: number;
      callback_query: Record<string, unknown> & { message: Record<string, unknown>; from: Record<string, unknown> };
    };
    press.update_id = 880_001;
    press.callback_query.id = 'cbq-880001';
    press.callback_query.data = no.callback_data;
    press.callback_query.from = { ...press.callback_query.from, id, language_code: 'en' };
    press.callback_query.message = { ...press.callback_query.message, chat: { id, type: 'private', first_name: 'Test' }, reply_markup: offer!.params.reply_markup };
    expect((await t.post(press)).status).toBe(200);

    const sent = await answers(id, 2);
    expect(shown(sent[1]!).text).toBe(toPlainText(app.t.t('en', 'offerDeclined')));
    expect(t.fake.callsTo('answerCallbackQuery').map((c) => c.params.callback_query_id)).toContain('cbq-880001');
    // A turn's transcript lines are written with its commit, just after its replies went out.
    const transcript = await eventually(
      () => app.stores.transcripts.list(`telegram:${id}`),
      (lines) => lines.filter((e) => e.direction === 'in').length >= 2,
    );
    expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['I would like to know the airspeed velocity of an unladen swallow', no.callback_data]);
  });

  it('#15.9: a stale "No thanks" press is never read as text and never hands the customer to a person', async () => {
    const id = newChat();
    await t.post(textUpdate(id, 'I would like to know the airspeed velocity of an unladen swallow'));
    const [offer] = await answers(id);
    const keyboard = (offer!.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    const no = keyboard.flat()[1]!;
    const press = (n: number) => {
      const update = structuredClone(kinds.callbackQuery) as {
        update_id: number;
        callback_query: Record<string, unknown> & { message: Record<string, unknown>; from: Record<string, unknown> };
      };
      update.update_id = 881_000 + n;
      update.callback_query.id = `cbq-${881_000 + n}`;
      update.callback_query.data = no.callback_data;
      update.callback_query.from = { ...update.callback_query.from, id, language_code: 'en' };
      update.callback_query.message = { ...update.callback_query.message, chat: { id, type: 'private', first_name: 'Test' }, reply_markup: offer!.params.reply_markup };
      return update;
    };
    const app = t.balie.app;
    expect((await t.post(press(1))).status).toBe(200);
    await answers(id, 2);
    expect((await t.post(press(2))).status).toBe(200);
    const sent = await answers(id, 3);
    expect(shown(sent[2]!).text).toBe(toPlainText(app.t.t('en', 'offerDeclined')));
    expect(await app.handoff!.service.caseFor(`telegram:${id}`)).toBeUndefined();
    expect(t.fake.callsTo('answerCallbackQuery').map((c) => c.params.callback_query_id)).toContain('cbq-881002');
  });

  describe('groups and other senders', () => {
    const group = -1001234567890;
    const groupUpdate = (name: string, updateId: number) => ({ ...structuredClone(kinds[name]!), update_id: updateId });

    it('answers a group only when mentioned, replied to, or given a command', async () => {
      expect((await t.post(groupUpdate('groupChatter', 990_001))).status).toBe(200);
      expect((await t.post(groupUpdate('groupMention', 990_002))).status).toBe(200);
      const [reply] = await answers(group);
      expect(String(reply!.params.chat_id)).toBe(String(group));
      expect(reply!.params.text).toContain('4,95');
      expect((await t.post(groupUpdate('groupReplyToBot', 990_003))).status).toBe(200);
      await answers(group, 2);
      const transcript = await eventually(
        () => t.balie.app.stores.transcripts.list(`telegram:${group}`),
        (lines) => lines.filter((e) => e.direction === 'in').length >= 2,
      );
      expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['wat kost verzending?', 'en naar België?']);
    });

    it('does not answer bots, edits or service messages', async () => {
      const before = await metric('balie_messages_in_total', 'channel="telegram"');
      for (const [name, id] of [
        ['fromBot', 990_010],
        ['editedMessage', 990_011],
        ['serviceMessage', 990_012],
      ] as const) {
        expect((await t.post(groupUpdate(name, id))).status).toBe(200);
      }
      expect(await metric('balie_messages_in_total', 'channel="telegram"')).toBe(before);
    });
  });

  describe('sending', () => {
    it("puts an agent's name in bold on the first line", async () => {
      const id = newChat();
      await push(id, { type: 'message', text: 'Hi, I am **Sanne**. I will look into your order.', from: { id: 'sanne', name: 'Sanne', role: 'agent' } });
      const [sent] = t.fake.sentTo(id);
      expect(sent!.params.text).toBe('<b>Sanne</b>\nHi, I am <b>Sanne</b>. I will look into your order.');
    });

    it('splits a long text into messages Telegram accepts, with the buttons on the last', async () => {
      const id = newChat();
      const text = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}: ${'Tulp & Co <ships> flowers. '.repeat(20)}`.trim()).join('\n\n');
      await push(id, { type: 'message', text, suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'OK', value: 'ok' }] } });
      const sent = t.fake.sentTo(id);
      expect(sent.length).toBeGreaterThan(1);
      for (const m of sent) expect(String(m.params.text).length).toBeLessThanOrEqual(4096);
      expect(sent.map((m) => shown(m).buttons)).toEqual([...sent.slice(1).map(() => []), ['OK']]);
      expect(sent.map((m) => shown(m).text).join('\n\n')).toBe(text);
    });

    it('sends http(s) attachments by URL and shows "typing…"', async () => {
      const id = newChat();
      await push(
        id,
        { type: 'typing' },
        {
          type: 'message',
          text: 'Your invoice',
          attachments: [
            { contentType: 'image/jpeg', contentUrl: 'https://tulpenco.example/vase.jpg' },
            { contentType: 'application/pdf', contentUrl: 'https://tulpenco.example/invoice.pdf', name: 'invoice.pdf' },
          ],
        },
      );
      expect(t.fake.callsTo('sendChatAction').find((c) => String(c.params.chat_id) === String(id))?.params.action).toBe('typing');
      expect(t.fake.sentTo(id).map((c) => [c.method, c.params.photo ?? c.params.document ?? c.params.text])).toEqual([
        ['sendMessage', 'Your invoice'],
        ['sendPhoto', 'https://tulpenco.example/vase.jpg'],
        ['sendDocument', 'https://tulpenco.example/invoice.pdf'],
      ]);
    });

    it('honours retry_after from a 429 and delivers the answer once', async () => {
      const id = newChat();
      const sleepsBefore = t.clock.sleeps.length;
      t.fake.failNext({ times: 1, status: 429, retryAfter: 7, methods: ['sendMessage'] });
      await t.post(textUpdate(id, 'hello'));
      await answers(id);
      expect(t.clock.sleeps.slice(sleepsBefore)).toContain(7000);
      expect(t.fake.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(id)).map((c) => c.status)).toEqual([429, 200]);
    });

    it('counts a 403 (blocked by the user) as a permanent failure in /metrics', async () => {
      const id = newChat();
      const before = await metric('balie_send_failures_total', 'code="PLATFORM_REFUSED"');
      t.fake.failNext({ times: 1, status: 403, methods: ['sendMessage'] });
      await t.post(textUpdate(id, 'hello'));
      // The refused greeting fails the turn; the turn-error message that follows gets through.
      await answers(id);
      expect(await metric('balie_send_failures_total', 'code="PLATFORM_REFUSED"')).toBe(before + 1);
      expect(t.fake.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(id)).map((c) => c.status)).toEqual([403, 200]);
    });
  });

  it('downloads an inbound photo on demand through getFile and the file URL', async () => {
    const data = Buffer.from('not really a jpeg, but bytes all the same');
    t.fake.addFile('AgACAgQAAxkBAAIBPhotoLarge', { path: 'photos/file_12.jpg', data });
    const res = await t.post({ ...structuredClone(kinds.photo!), update_id: 990_100 });
    expect(res.status).toBe(200);
    const transcript = await eventually(
      () => t.balie.app.stores.transcripts.list('telegram:7527593'),
      (e) => e.some((x) => x.attachments?.length),
    );
    const attachment = transcript.find((e) => e.attachments?.length)!.attachments![0]!;
    expect(attachment.contentUrl).toBe('telegram-media:AgACAgQAAxkBAAIBPhotoLarge');
    const media = await t.adapter.fetchMedia(attachment);
    expect(media).toEqual({ data, contentType: 'image/jpeg', name: 'file_12.jpg' });
    await expect(t.adapter.fetchMedia({ contentUrl: 'telegram-media:unknown' })).rejects.toMatchObject({ code: 'PLATFORM_REFUSED' });
  });
});

describe('Telegram webhook while balie shuts down', () => {
  let s: TelegramBalie;
  beforeAll(async () => {
    s = await startTelegramBalie();
  });
  afterAll(() => s.stop());

  it('answers 503 when the ingress takes no more messages, so Telegram delivers the update again', async () => {
    await s.balie.app.ingress.drain();
    const res = await s.post(textUpdate(5_300_001, 'hello'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SHUTTING_DOWN');
  });
});
