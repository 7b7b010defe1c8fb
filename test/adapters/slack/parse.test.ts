import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/core/http.js';
import {
  conversationOf,
  eventsBodySchema,
  messageEventSchema,
  messageNativeId,
  toActivity,
  parseInteractionForm,
  skipReason,
  slackTextToPlain,
  targetOf,
} from '../../../src/adapters/slack/parse.js';
import { verifySlackSignature } from '../../../src/adapters/slack/verify.js';
import type { Verified } from '../../../src/core/verified.js';
import { fixture, signatureHeaders, SIGNING_SECRET } from './driver.js';

const BOT = 'U00FAKEBOT01';

describe('Slack inbound parsing (recorded payloads)', () => {
  it('reads a recorded DM as a personal conversation keyed by its channel', () => {
    const body = eventsBodySchema.parse(fixture('dm-slack-direct.json', 'directDM'));
    if (body.type !== 'event_callback') throw new Error('expected an event');
    const event = messageEventSchema.parse(body.event);
    const conversation = conversationOf(event.channel, event.thread_ts ?? event.ts, event.channel_type);
    const activity = toActivity(event, body, conversation, { botUserId: 'U0ADXR1N57A' });
    expect(activity).toMatchObject({
      type: 'message',
      id: '1771442483.260129',
      text: 'hello hello',
      from: { id: 'U0ADXQT6CRW', role: 'user' },
      conversation: { id: 'D0ACX51K95H', isGroup: false, conversationType: 'personal' },
    });
    expect(activity.timestamp?.toISOString()).toBe('2026-02-18T19:21:23.260Z');
    // The legacy verification token never travels with the activity.
    expect(activity.channelData).not.toHaveProperty('token');
    expect(activity.channelData).toMatchObject({ event_id: 'Ev0AFKSS1NKD' });
  });

  it("reads a recorded channel mention as a thread conversation without the bot's mention in the text", () => {
    const body = fixture('channel-slack.json', 'mention');
    const event = messageEventSchema.parse(body.event);
    const conversation = conversationOf(event.channel, event.thread_ts ?? event.ts, event.channel_type);
    expect(conversation).toEqual({ id: 'C00FAKECHAN1:1771287144.743569', channel: 'C00FAKECHAN1', threadTs: '1771287144.743569', isGroup: true, conversationType: 'channel' });
    expect(toActivity(event, body, conversation, { botUserId: BOT }).text).toBe('Hey');
  });

  it('gives a message and its app_mention twin the same native id, so one of them is answered', () => {
    const mention = messageEventSchema.parse(fixture('dm-slack.json', 'mention').event);
    const twin = messageEventSchema.parse({ ...mention, type: 'message', channel_type: 'channel' });
    expect(messageNativeId(mention)).toBe(messageNativeId(twin));
  });

  it("turns Slack's markup in customer text back into what they typed", () => {
    expect(
      slackTextToPlain(
        '<@U00FAKEBOT01> order &lt;123&gt; &amp; <https://tulpenco.example|tulpenco.example> for <@U0OTHER|anna> in <#C123|support> <mailto:a@b.example|a@b.example> <!here>',
        BOT,
      ),
    ).toBe('order <123> & tulpenco.example for @anna in #support a@b.example @here');
  });

  it('ignores edits, bots, the bot itself and system messages, and says why', () => {
    const base = messageEventSchema.parse(fixture('dm-slack.json', 'dmMessage').event);
    const opts = { botUserId: BOT, botId: 'B00FAKEBOT01' };
    expect(skipReason(base, opts)).toBeUndefined();
    expect(skipReason({ ...base, subtype: 'message_changed' }, opts)).toMatch(/edit/);
    expect(skipReason({ ...base, subtype: 'bot_message', bot_id: 'B0OTHER' }, opts)).toMatch(/bot/);
    expect(skipReason({ ...base, bot_id: 'B00FAKEBOT01', user: BOT }, opts)).toMatch(/bot/);
    expect(skipReason({ ...base, user: BOT }, opts)).toMatch(/own/);
    expect(skipReason({ ...base, subtype: 'channel_join' }, opts)).toMatch(/channel_join/);
    expect(skipReason({ ...base, subtype: 'file_share' }, opts)).toBeUndefined();
    expect(skipReason(base, { ...opts, deskChannel: base.channel })).toMatch(/desk/);
  });

  it('knows where replies go', () => {
    expect(targetOf('D0A5319PS02')).toEqual({ channel: 'D0A5319PS02', threadTs: undefined });
    expect(targetOf('C00FAKECHAN1:1771287144.743569')).toEqual({ channel: 'C00FAKECHAN1', threadTs: '1771287144.743569' });
    expect(() => targetOf('not a channel')).toThrow(HttpError);
  });

  it('rejects an interaction without a JSON payload field with a 400 that says so', () => {
    expect(() => parseInteractionForm({})).toThrow(/`payload` field/);
    expect(() => parseInteractionForm({ payload: '{nope' })).toThrow(/not JSON/);
    try {
      parseInteractionForm({ payload: '{}' });
      expect.unreachable();
    } catch (err) {
      expect((err as HttpError).status).toBe(400);
      expect((err as Error).message).toMatch(/type/);
    }
  });
});

describe('Slack request signatures', () => {
  const body = JSON.stringify(fixture('dm-slack-direct.json', 'directDM'));
  const now = 1_771_442_483_000;

  it('accepts what Slack signed', () => {
    expect(verifySlackSignature(SIGNING_SECRET, signatureHeaders(body, { timestamp: now / 1000 }), body, now)).toEqual({ ok: true, value: true });
  });

  it('refuses a changed body, another secret, a missing signature and a request outside 5 minutes', () => {
    const headers = signatureHeaders(body, { timestamp: now / 1000 });
    const status = (fn: () => Verified) => {
      const verified = fn();
      return verified.ok ? 200 : 401;
    };
    expect(status(() => verifySlackSignature(SIGNING_SECRET, headers, `${body} `, now))).toBe(401);
    expect(status(() => verifySlackSignature(SIGNING_SECRET, signatureHeaders(body, { timestamp: now / 1000, secret: 'another-secret-123' }), body, now))).toBe(401);
    expect(status(() => verifySlackSignature(SIGNING_SECRET, { 'x-slack-request-timestamp': String(now / 1000) }, body, now))).toBe(401);
    expect(verifySlackSignature(SIGNING_SECRET, signatureHeaders(body, { timestamp: now / 1000 - 301 }), body, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('5 minutes'),
    });
    expect(status(() => verifySlackSignature(SIGNING_SECRET, signatureHeaders(body, { timestamp: now / 1000 - 301 }), body, now))).toBe(401);
    expect(status(() => verifySlackSignature(SIGNING_SECRET, signatureHeaders(body, { timestamp: now / 1000 + 301 }), body, now))).toBe(401);
    expect(status(() => verifySlackSignature(SIGNING_SECRET, signatureHeaders(body, { timestamp: now / 1000 - 299 }), body, now))).toBe(200);
  });
});
