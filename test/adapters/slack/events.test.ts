import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../src/adapters/slack/index.js';
import { toMrkdwn } from '../../../src/adapters/slack/format.js';
import { createApp } from '../../../src/app.js';
import { createLogger } from '../../../src/core/logger.js';
import { channelMessageEvent, dmEvent, eventually, fixture, mentionEvent, nextTs, postSigned, seen, SIGNING_SECRET, startSlackEnv, type SlackTestEnv } from './driver.js';

let env: SlackTestEnv;
let n = 0;
/** A fresh DM channel and customer (known to the fake's users.info) per test. */
const customer = (name = 'Anna de Vries', locale = 'en-GB') => {
  const id = `${++n}`.padStart(4, '0');
  const user = `U0CUST${id}`;
  env.fake.addUser({ id: user, name: `anna${id}`, displayName: name, locale });
  return { channel: `D0DM${id}`, user };
};
const bot = () => env.fake.botUserId;
const send = async (body: object, o: Parameters<typeof postSigned>[2] = {}) => postSigned(env.eventsUrl, JSON.stringify(body), o);
const answers = (channel: string) => env.fake.posted(channel);
const faqAnswer = (id: string, language = 'en') => {
  const entry = env.balie.app.config.faq.find((f) => f.language === language)!.entries.find((e) => e.id === id)!;
  return entry.channels.slack ?? entry.answer;
};
const turns = async () => (await env.balie.app.metrics.messagesIn.get()).values.find((v) => v.labels.channel === 'slack')?.value ?? 0;

beforeAll(async () => {
  env = await startSlackEnv();
}, 30_000);
afterAll(() => env.stop());

describe('Slack DMs', () => {
  it('answers "What are your opening hours?" with the FAQ answer in mrkdwn, in the DM', async () => {
    const c = customer();
    const res = await send(dmEvent({ ...c, text: 'What are your opening hours?', botUserId: bot() }));
    expect(res.status).toBe(200);
    const [reply] = await eventually(
      () => answers(c.channel),
      (a) => a.length >= 1,
    );
    expect(reply).toMatchObject({ channel: c.channel, text: toMrkdwn(faqAnswer('opening-hours')) });
    expect(reply!.thread_ts).toBeUndefined();
    expect(reply!.text).toContain('*Customer service*');
    expect(reply!.text).toContain('\n• Monday to Friday 9:00–17:30');
    expect(reply!.text).not.toContain('**');
    // The reply went out with the bot token through the real WebClient.
    expect(env.fake.callsTo('chat.postMessage').at(-1)!.token).toBe('xoxb-1111-2222-testbottoken');
  });

  it('acknowledges Slack as soon as the message is accepted, before the slow part of the turn', async () => {
    const c = customer();
    // Slack is slow today: users.info and chat.postMessage hang until released.
    const releaseUsers = env.fake.hold('users.info');
    const releasePost = env.fake.hold('chat.postMessage');
    try {
      const res = await send(dmEvent({ ...c, text: 'What are your opening hours?', botUserId: bot() }));
      expect(res.status).toBe(200);
      expect(answers(c.channel)).toEqual([]);
    } finally {
      releaseUsers();
      releasePost();
    }
    expect(
      await eventually(
        () => answers(c.channel),
        (a) => a.length >= 1,
      ),
    ).toHaveLength(1);
  });

  it('records the customer under their Slack display name, looking it up once', async () => {
    const c = customer('Bram Jansen');
    await send(dmEvent({ ...c, text: 'hello', botUserId: bot() }));
    await send(dmEvent({ ...c, text: 'What does shipping cost?', botUserId: bot() }));
    await eventually(
      () => answers(c.channel),
      (a) => a.length >= 2,
    );
    const transcript = await eventually(
      () => env.balie.app.stores.transcripts.list(`slack:${c.channel}`),
      (t) => t.length >= 4,
    );
    expect(transcript.filter((e) => e.direction === 'in').map((e) => e.from)).toEqual([
      { id: c.user, name: 'Bram Jansen' },
      { id: c.user, name: 'Bram Jansen' },
    ]);
    expect(env.fake.callsTo('users.info').filter((call) => call.args.user === c.user)).toHaveLength(1);
  });

  it("answers in the customer's Slack language (users.info locale) when the text does not tell", async () => {
    const dutch = customer('Sanne', 'nl-NL');
    const english = customer('Sam', 'en-GB');
    await send(dmEvent({ ...dutch, text: '👋', botUserId: bot() }));
    await send(dmEvent({ ...english, text: '👋', botUserId: bot() }));
    const [nl] = await eventually(
      () => answers(dutch.channel),
      (a) => a.length >= 1,
    );
    const [en] = await eventually(
      () => answers(english.channel),
      (a) => a.length >= 1,
    );
    const t = env.balie.app.t;
    expect(seen(nl!)).toEqual({
      text: seen({ ...nl!, blocks: undefined, text: toMrkdwn(t.t('nl', 'offerHuman')) }).text,
      buttons: [t.t('nl', 'offerHumanYes'), t.t('nl', 'offerHumanNo')],
    });
    expect(seen(en!).buttons).toEqual([t.t('en', 'offerHumanYes'), t.t('en', 'offerHumanNo')]);
  });

  it('accepts text with accents and emoji: the signature is checked over the exact bytes Slack sent', async () => {
    const c = customer();
    const res = await send(dmEvent({ ...c, text: 'Wat zijn jullie openingstijden? 🌷 café “Tulp”', botUserId: bot() }), { contentType: 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
    await eventually(
      () => answers(c.channel),
      (a) => a.length >= 1,
    );
    const [entry] = await eventually(
      () => env.balie.app.stores.transcripts.list(`slack:${c.channel}`),
      (t) => t.length >= 1,
    );
    expect(entry!.text).toBe('Wat zijn jullie openingstijden? 🌷 café “Tulp”');
  });

  it('answers a redelivery (same event_id, X-Slack-Retry-Num) once and acknowledges it at once', async () => {
    const c = customer();
    const body = dmEvent({ ...c, text: 'What are your opening hours?', botUserId: bot() });
    expect((await send(body)).status).toBe(200);
    expect((await send(body, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    expect((await send(body, { retryNum: 2, retryReason: 'http_error' })).status).toBe(200);
    // A later message in the same DM is answered after the first one, so nothing else is pending.
    await send(dmEvent({ ...c, text: 'hello', botUserId: bot() }));
    const replies = await eventually(
      () => answers(c.channel),
      (a) => a.length >= 2,
    );
    expect(replies).toHaveLength(2);
    expect(replies[0]!.text).toBe(toMrkdwn(faqAnswer('opening-hours')));
  });

  it("ignores the bot's own messages and other bots' messages", async () => {
    const c = customer();
    const own = dmEvent({ ...c, text: 'I am the bot', botUserId: bot() });
    Object.assign(own.event, { user: bot(), bot_id: env.fake.botId, app_id: 'A00FAKEAPP01' });
    const other = dmEvent({ ...c, text: 'beep boop', botUserId: bot() });
    Object.assign(other.event, { subtype: 'bot_message', bot_id: 'B0OTHERBOT1', username: 'other bot' });
    delete other.event.user;
    expect((await send(own)).status).toBe(200);
    expect((await send(other)).status).toBe(200);
    await send(dmEvent({ ...c, text: 'hello', botUserId: bot() }));
    const replies = await eventually(
      () => answers(c.channel),
      (a) => a.length >= 1,
    );
    expect(replies).toHaveLength(1);
    const transcript = await eventually(
      () => env.balie.app.stores.transcripts.list(`slack:${c.channel}`),
      (t) => t.length >= 2,
    );
    expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['hello']);
  });

  it('does not answer an edited message again (message_changed)', async () => {
    const c = customer();
    const original = dmEvent({ ...c, text: 'What are your opening hours?', botUserId: bot() });
    await send(original);
    await eventually(
      () => answers(c.channel),
      (a) => a.length >= 1,
    );
    const edit = fixture('dm-slack-direct.json', 'directDM');
    edit.event = {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: c.channel,
      channel_type: 'im',
      ts: nextTs(),
      event_ts: nextTs(),
      message: { ...original.event, text: 'What does shipping cost?', edited: { user: c.user, ts: nextTs() } },
      previous_message: original.event,
    };
    edit.event_id = `Ev${Date.now()}`;
    expect((await send(edit)).status).toBe(200);
    await send(dmEvent({ ...c, text: 'hello', botUserId: bot() }));
    const replies = await eventually(
      () => answers(c.channel),
      (a) => a.length >= 2,
    );
    expect(replies).toHaveLength(2);
    // The second reply is the greeting, not the shipping answer the edit asked for.
    expect(replies[1]!.text).toBe(toMrkdwn(env.balie.app.t.t('en', 'greeting', { bot: env.balie.app.config.bot.name })));
  });

  it('keeps a shared file as a lazy attachment and downloads it with the bot token on demand', async () => {
    const c = customer();
    const bytes = Buffer.from('%PDF-1.7 fake invoice bytes');
    env.fake.addFile({ id: 'F0INVOICE01', name: 'invoice.pdf', mimetype: 'application/pdf', data: bytes });
    const body = dmEvent({ ...c, text: 'here is my invoice', botUserId: bot() });
    Object.assign(body.event, {
      subtype: 'file_share',
      files: [
        {
          id: 'F0INVOICE01',
          name: 'invoice.pdf',
          title: 'invoice.pdf',
          mimetype: 'application/pdf',
          filetype: 'pdf',
          size: bytes.length,
          url_private: 'https://files.slack.com/files-pri/T00FAKE00AA-F0INVOICE01/invoice.pdf',
        },
      ],
    });
    await send(body);
    await eventually(
      () => answers(c.channel),
      (a) => a.length >= 1,
    );
    const [entry] = await eventually(
      () => env.balie.app.stores.transcripts.list(`slack:${c.channel}`),
      (t) => t.length >= 1,
    );
    expect(entry!.attachments).toEqual([{ contentType: 'application/pdf', contentUrl: 'slack-media:F0INVOICE01', name: 'invoice.pdf' }]);
    // No download until someone asks for the file.
    expect(env.fake.callsTo('GET file')).toHaveLength(0);
    const media = await env.adapter.fetchMedia(entry!.attachments![0]!);
    expect(media).toEqual({ data: bytes, contentType: 'application/pdf', name: 'invoice.pdf' });
    expect(env.fake.callsTo('GET file').at(-1)!.token).toBe('xoxb-1111-2222-testbottoken');
  });

  it('says clearly when a file cannot be downloaded', async () => {
    await expect(env.adapter.fetchMedia({ contentUrl: 'slack-media:F0NOSUCHFILE' })).rejects.toMatchObject({
      code: 'PLATFORM_REFUSED',
      message: expect.stringMatching(/file_not_found/),
    });
  });
});

describe('Slack channels and threads', () => {
  const channel = 'C00FAKECHAN1';

  it("answers a mention in a channel inside that message's thread", async () => {
    const c = customer();
    const mention = mentionEvent({ channel, user: c.user, text: 'What are your opening hours?', botUserId: bot() });
    expect((await send(mention)).status).toBe(200);
    const replies = await eventually(
      () => answers(channel).filter((p) => p.thread_ts === mention.event.ts),
      (a) => a.length >= 1,
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe(toMrkdwn(faqAnswer('opening-hours')));
    // The transcript is written when the turn commits, which may be just after the reply left.
    const transcript = await eventually(
      () => env.balie.app.stores.transcripts.list(`slack:${channel}:${mention.event.ts}`),
      (t) => t.length >= 1,
    );
    expect(transcript[0]).toMatchObject({ direction: 'in', text: 'What are your opening hours?' });
  });

  it('answers a mention once when Slack sends both app_mention and message for it', async () => {
    const c = customer();
    const mention = mentionEvent({ channel, user: c.user, text: 'What does shipping cost?', botUserId: bot() });
    const twin = channelMessageEvent({ channel, user: c.user, text: mention.event.text, ts: mention.event.ts, botUserId: bot() });
    const [a, b] = await Promise.all([send(mention), send(twin)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await eventually(
      () => answers(channel).filter((p) => p.thread_ts === mention.event.ts),
      (r) => r.length >= 1,
    );
    const follow = channelMessageEvent({ channel, user: c.user, text: 'hello', threadTs: mention.event.ts, botUserId: bot() });
    await send(follow);
    const replies = await eventually(
      () => answers(channel).filter((p) => p.thread_ts === mention.event.ts),
      (r) => r.length >= 2,
    );
    expect(replies).toHaveLength(2);
    expect(replies[0]!.text).toBe(toMrkdwn(faqAnswer('shipping-costs')));
  });

  it("answers a follow-up in the bot's thread without a new mention, in the same conversation", async () => {
    const c = customer();
    const mention = mentionEvent({ channel, user: c.user, text: 'hello', botUserId: bot() });
    await send(mention);
    await eventually(
      () => answers(channel).filter((p) => p.thread_ts === mention.event.ts),
      (r) => r.length >= 1,
    );
    await send(channelMessageEvent({ channel, user: c.user, text: 'What are your opening hours?', threadTs: mention.event.ts, botUserId: bot() }));
    const replies = await eventually(
      () => answers(channel).filter((p) => p.thread_ts === mention.event.ts),
      (r) => r.length >= 2,
    );
    expect(replies[1]!.text).toBe(toMrkdwn(faqAnswer('opening-hours')));
    const transcript = await eventually(
      () => env.balie.app.stores.transcripts.list(`slack:${channel}:${mention.event.ts}`),
      (t) => t.length >= 4,
    );
    expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['hello', 'What are your opening hours?']);
  });

  it('stays out of channel talk that is not addressed to it', async () => {
    const c = customer();
    const before = await turns();
    const chatter = channelMessageEvent({ channel, user: c.user, text: 'What are your opening hours?', botUserId: bot() });
    const otherThread = channelMessageEvent({ channel, user: c.user, text: 'What are your opening hours?', threadTs: nextTs(), botUserId: bot() });
    expect((await send(chatter)).status).toBe(200);
    expect((await send(otherThread)).status).toBe(200);
    expect(await turns()).toBe(before);
    expect(answers(channel).filter((p) => p.thread_ts === chatter.event.ts || p.thread_ts === otherThread.event.thread_ts)).toEqual([]);
  });
});

describe('Slack Events API requests', () => {
  it("answers Slack's url_verification with the challenge", async () => {
    const res = await send({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('refuses a forged signature with 401 and runs no turn', async () => {
    const c = customer();
    const before = await turns();
    const res = await send(dmEvent({ ...c, text: 'What are your opening hours?', botUserId: bot() }), { secret: 'not-the-signing-secret' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/signature does not match/) } });
    const unsigned = await fetch(env.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(dmEvent({ ...c, text: 'hi', botUserId: bot() })),
    });
    expect(unsigned.status).toBe(401);
    expect(await turns()).toBe(before);
    expect(answers(c.channel)).toEqual([]);
    expect(await env.balie.app.stores.transcripts.list(`slack:${c.channel}`)).toEqual([]);
  });

  it('refuses a correctly signed request older than 5 minutes (a replay) with 401', async () => {
    const c = customer();
    const before = await turns();
    const res = await send(dmEvent({ ...c, text: 'What are your opening hours?', botUserId: bot() }), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/5 minutes/);
    expect(await turns()).toBe(before);
  });

  it('answers malformed bodies with a 400 that says what is wrong, and keeps running', async () => {
    const c = customer();
    const noEvent = await send({ type: 'event_callback', event_id: 'Ev0BROKEN01', team_id: 'T00FAKE00AA' });
    expect(noEvent.status).toBe(400);
    expect(((await noEvent.json()) as { error: { message: string } }).error.message).toMatch(/event/);

    const noTs = dmEvent({ ...c, text: 'hello', botUserId: bot() });
    delete noTs.event.ts;
    const badEvent = await send(noTs);
    expect(badEvent.status).toBe(400);
    expect(((await badEvent.json()) as { error: { message: string } }).error.message).toMatch(/ts/);

    const notJson = await postSigned(env.eventsUrl, '{"type": "event_callback", ');
    expect(notJson.status).toBe(400);

    const form = await postSigned(env.eventsUrl, 'type=event_callback', { contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    expect(((await form.json()) as { error: { message: string } }).error.message).toMatch(/JSON/);

    const unknownType = await send({ type: 'something_new' });
    expect(unknownType.status).toBe(400);

    // Still alive and answering.
    await send(dmEvent({ ...c, text: 'hello', botUserId: bot() }));
    expect(
      await eventually(
        () => answers(c.channel),
        (a) => a.length >= 1,
      ),
    ).toHaveLength(1);
  });

  it('acknowledges event types it does not handle without running a turn', async () => {
    const before = await turns();
    const reaction = fixture('actions-reactions-slack.json', 'reaction');
    reaction.event_id = 'Ev0REACTION1';
    expect((await send(reaction)).status).toBe(200);
    expect(await turns()).toBe(before);
  });
});

describe('Slack desk channel', () => {
  it("does not treat messages in the agents' desk channel as customer messages", async () => {
    const desk = await startSlackEnv({ adapter: { deskChannel: 'C0DESK00001' } });
    try {
      const body = mentionEvent({ channel: 'C0DESK00001', user: 'U0AGENT0001', text: 'What are your opening hours?', botUserId: desk.fake.botUserId });
      expect((await postSigned(desk.eventsUrl, JSON.stringify(body))).status).toBe(200);
      const dm = dmEvent({ channel: 'D0DESKCUST1', user: 'U0DESKCUST1', text: 'hello', botUserId: desk.fake.botUserId });
      await postSigned(desk.eventsUrl, JSON.stringify(dm));
      await eventually(
        () => desk.fake.posted('D0DESKCUST1'),
        (a) => a.length >= 1,
      );
      expect(desk.fake.posted('C0DESK00001')).toEqual([]);
    } finally {
      await desk.stop();
    }
  });
});

describe('Slack events balie cannot take', () => {
  it('answers 503 (so Slack retries) instead of acknowledging a message it could not accept', async () => {
    const down = await startSlackEnv();
    try {
      await down.balie.app.ingress.drain();
      const res = await postSigned(down.eventsUrl, JSON.stringify(dmEvent({ channel: 'D0DOWN00001', user: 'U0DOWN00001', text: 'hello', botUserId: down.fake.botUserId })));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SHUTTING_DOWN');
    } finally {
      await down.stop();
    }
  });
});

describe('Slack start-up', () => {
  it('refuses to start with a token Slack does not accept, and says which setting to fix', async () => {
    const app = await createApp(env.balie.app.config, {
      logger: createLogger({ level: 'silent' }),
      adapters: [createSlackAdapter({ botToken: 'xoxb-9999-revoked', signingSecret: SIGNING_SECRET, apiUrl: env.fake.apiUrl })],
    });
    try {
      await expect(app.start()).rejects.toMatchObject({ code: 'PLATFORM_REFUSED', message: expect.stringMatching(/auth\.test: invalid_auth.*SLACK_BOT_TOKEN/) });
    } finally {
      await app.stop();
    }
  });

  it("learns the bot's own user id from auth.test", () => {
    expect(env.adapter.botUserId).toBe(env.fake.botUserId);
    // Once, by balie: Bolt is given the id and makes no auth.test of its own.
    expect(env.fake.callsTo('auth.test').filter((c) => c.token === 'xoxb-1111-2222-testbottoken')).toHaveLength(1);
  });
});
