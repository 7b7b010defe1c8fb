import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMrkdwn } from '../../../src/adapters/slack/format.js';
import type { PostedMessage } from '../../support/fake-slack.js';
import { buttonPress, dmEvent, eventually, fixture, interactionForm, mentionEvent, postSigned, startSlackEnv, type SlackTestEnv } from './driver.js';

let env: SlackTestEnv;
let n = 0;
const customer = () => {
  const id = `${++n}`.padStart(4, '0');
  const user = `U0PRESS${id}`;
  env.fake.addUser({ id: user, name: `press${id}`, displayName: `Presser ${id}`, locale: 'en-GB' });
  return { channel: `D0PRESS${id}`, user };
};
const press = (payload: object | string, o: Parameters<typeof postSigned>[2] = {}) =>
  postSigned(env.interactionsUrl, interactionForm(payload as object), { contentType: 'application/x-www-form-urlencoded', ...o });
const turns = async () => (await env.balie.app.metrics.messagesIn.get()).values.find((v) => v.labels.channel === 'slack')?.value ?? 0;

/** The first button of a posted message, as Slack would report pressing it. */
function buttonOf(message: PostedMessage, index = 0) {
  const button = message.blocks!.find((b) => b.type === 'actions')!.elements![index]!;
  return { actionId: button.action_id!, value: button.value!, title: button.text!.text };
}

beforeAll(async () => {
  env = await startSlackEnv();
}, 30_000);
afterAll(() => env.stop());

describe('Slack buttons (interactivity)', () => {
  it("takes a button press in a DM as the customer's answer", async () => {
    const c = customer();
    await postSigned(env.eventsUrl, JSON.stringify(dmEvent({ ...c, text: 'Can I pay with seashells?', botUserId: env.fake.botUserId })));
    const [offer] = await eventually(
      () => env.fake.posted(c.channel),
      (a) => a.length >= 1,
    );
    const yes = buttonOf(offer!);
    expect(yes.title).toBe(env.balie.app.t.t('en', 'offerHumanYes'));

    const res = await press(buttonPress({ ...c, messageTs: offer!.ts, ...yes, botUserId: env.fake.botUserId }));
    expect(res.status).toBe(200);
    const replies = await eventually(
      () => env.fake.posted(c.channel),
      (a) => a.length >= 2,
    );
    // No agent is online: the customer hears that nobody is here yet and keeps their place.
    expect(replies[1]!.text).toContain('Nobody from our team is');
    const transcript = await env.balie.app.stores.transcripts.list(`slack:${c.channel}`);
    expect(transcript.filter((e) => e.direction === 'in').at(-1)).toMatchObject({ text: yes.value, from: { id: c.user, name: `Presser ${n.toString().padStart(4, '0')}` } });
  });

  it('answers a press in a channel thread inside that thread', async () => {
    const c = customer();
    const channel = 'C00FAKECHAN1';
    const mention = mentionEvent({ channel, user: c.user, text: 'Can I pay with seashells?', botUserId: env.fake.botUserId });
    await postSigned(env.eventsUrl, JSON.stringify(mention));
    const thread = () => env.fake.posted(channel).filter((p) => p.thread_ts === mention.event.ts);
    const [offer] = await eventually(thread, (a) => a.length >= 1);
    const no = buttonOf(offer!, 1);
    const res = await press(buttonPress({ channel, user: c.user, messageTs: offer!.ts, threadTs: mention.event.ts, ...no, botUserId: env.fake.botUserId }));
    expect(res.status).toBe(200);
    const replies = await eventually(thread, (a) => a.length >= 2);
    expect(replies[1]!.text).toBe(toMrkdwn(env.balie.app.t.t('en', 'offerDeclined')));
  });

  it('answers a double-delivered press once', async () => {
    const c = customer();
    await postSigned(env.eventsUrl, JSON.stringify(dmEvent({ ...c, text: 'Can I pay with seashells?', botUserId: env.fake.botUserId })));
    const [offer] = await eventually(
      () => env.fake.posted(c.channel),
      (a) => a.length >= 1,
    );
    const payload = buttonPress({ ...c, messageTs: offer!.ts, ...buttonOf(offer!, 1), botUserId: env.fake.botUserId });
    expect((await press(payload)).status).toBe(200);
    expect((await press(payload)).status).toBe(200);
    await postSigned(env.eventsUrl, JSON.stringify(dmEvent({ ...c, text: 'hello', botUserId: env.fake.botUserId })));
    const replies = await eventually(
      () => env.fake.posted(c.channel),
      (a) => a.length >= 3,
    );
    expect(replies).toHaveLength(3);
  });

  it('leaves buttons that balie did not send alone', async () => {
    const before = await turns();
    // The recorded press of someone else's button ("Show Info", action_id "info").
    const res = await press(fixture('actions-reactions-slack.json', 'action'));
    expect(res.status).toBe(200);
    expect(await turns()).toBe(before);
  });

  it('refuses a forged press with 401 and malformed ones with 400', async () => {
    const c = customer();
    const before = await turns();
    const payload = buttonPress({ ...c, messageTs: '1767326126.896109', actionId: 'balie-act-0', value: 'balie:human:yes', title: 'Yes', botUserId: env.fake.botUserId });
    expect((await press(payload, { secret: 'forged-secret-0000' })).status).toBe(401);

    const noPayload = await postSigned(env.interactionsUrl, 'foo=bar', { contentType: 'application/x-www-form-urlencoded' });
    expect(noPayload.status).toBe(400);
    expect(((await noPayload.json()) as { error: { message: string } }).error.message).toMatch(/payload/);
    expect((await press('{"type": "block_actions",')).status).toBe(400);
    const noActions = await press({ ...payload, actions: [] });
    expect(noActions.status).toBe(400);
    expect(((await noActions.json()) as { error: { message: string } }).error.message).toMatch(/actions/);
    expect(await turns()).toBe(before);
  });
});
