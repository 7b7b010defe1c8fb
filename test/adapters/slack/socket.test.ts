import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMrkdwn } from '../../../src/adapters/slack/format.js';
import { createLogger } from '../../../src/core/logger.js';
import { APP_TOKEN, buttonPress, dmEvent, eventually, postSigned, startSlackEnv, type SlackTestEnv } from './driver.js';

let env: SlackTestEnv;
const logLines: string[] = [];
const customer = { channel: 'D0SOCKET001', user: 'U0SOCKET001' };
const faqAnswer = (id: string) => {
  const entry = env.balie.app.config.faq.find((f) => f.language === 'en')!.entries.find((e) => e.id === id)!;
  return entry.channels.slack ?? entry.answer;
};

beforeAll(async () => {
  // Socket Mode only: an app token and no signing secret, as on a laptop without a public URL.
  env = await startSlackEnv({ socket: true, http: false, logger: createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } }) });
  env.fake.addUser({ id: customer.user, name: 'sock', displayName: 'Sock Customer', locale: 'en-GB' });
}, 30_000);
afterAll(() => env.stop());

describe('Slack Socket Mode', () => {
  it('opens the connection with the app-level token and is ready once Slack said hello', async () => {
    await env.fake.socket.connected();
    expect(env.fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
    expect(env.adapter.status()).toEqual({ ready: true });
    const ready = await fetch(`${env.balie.url}/readyz`);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks.slack).toBe('ok');
  });

  it('answers an events_api envelope and acknowledges it once the message is accepted', async () => {
    const body = dmEvent({ ...customer, text: 'What are your opening hours?', botUserId: env.fake.botUserId });
    const ack = await env.fake.socket.send({ type: 'events_api', payload: body, retry_attempt: 0, retry_reason: '' });
    expect(ack).toEqual({});
    const [reply] = await eventually(
      () => env.fake.posted(customer.channel),
      (a) => a.length >= 1,
    );
    expect(reply!.text).toBe(toMrkdwn(faqAnswer('opening-hours')));
    expect(env.fake.callsTo('chat.postMessage').at(-1)!.token).toBe('xoxb-1111-2222-testbottoken');

    // Slack's retry of the same envelope content is acknowledged and not answered again.
    await env.fake.socket.send({ type: 'events_api', payload: body, retry_attempt: 1, retry_reason: 'timeout' });
    await env.fake.socket.send({ type: 'events_api', payload: dmEvent({ ...customer, text: 'hello', botUserId: env.fake.botUserId }) });
    const replies = await eventually(
      () => env.fake.posted(customer.channel),
      (a) => a.length >= 2,
    );
    expect(replies).toHaveLength(2);
  });

  it('takes a button press arriving as an interactive envelope', async () => {
    const before = env.fake.posted(customer.channel).length;
    await env.fake.socket.send({ type: 'events_api', payload: dmEvent({ ...customer, text: 'Can I pay with seashells?', botUserId: env.fake.botUserId }) });
    const offer = (
      await eventually(
        () => env.fake.posted(customer.channel),
        (a) => a.length >= before + 1,
      )
    ).at(-1)!;
    const button = offer.blocks!.find((b) => b.type === 'actions')!.elements![1]!;
    const payload = buttonPress({ ...customer, messageTs: offer.ts, actionId: button.action_id!, value: button.value!, title: button.text!.text, botUserId: env.fake.botUserId });
    expect(await env.fake.socket.send({ type: 'interactive', payload })).toEqual({});
    const replies = await eventually(
      () => env.fake.posted(customer.channel),
      (a) => a.length >= before + 2,
    );
    expect(replies.at(-1)!.text).toBe(toMrkdwn(env.balie.app.t.t('en', 'offerDeclined')));
  });

  it('acknowledges an unusable envelope rather than have Slack resend it forever', async () => {
    // A message event without its ts: balie cannot answer it, and a resend would not help.
    const broken = { type: 'event_callback', event_id: 'Ev0BROKEN02', event: { type: 'message', channel: customer.channel, user: customer.user, text: 'hello' } };
    expect(await env.fake.socket.send({ type: 'events_api', payload: broken })).toEqual({});
    expect(await env.fake.socket.send({ type: 'slash_commands', payload: { command: '/balie', text: '' } })).toEqual({});
  });

  it('answers HTTP request URLs with a clear 404 when only Socket Mode is configured', async () => {
    const res = await postSigned(env.eventsUrl, JSON.stringify(dmEvent({ ...customer, text: 'hello', botUserId: env.fake.botUserId })));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Socket Mode/);
  });

  it('does not acknowledge an event balie could not take, so Slack delivers it again', async () => {
    // A draining ingress refuses new messages (as when Redis is down or balie shuts down).
    await env.balie.app.ingress.drain();
    const body = dmEvent({ ...customer, text: 'hello', botUserId: env.fake.botUserId });
    void env.fake.socket.send({ type: 'events_api', envelope_id: 'env-not-taken', payload: body });
    await eventually(() => logLines.some((l) => l.includes('not acknowledged')), Boolean);
    expect(JSON.parse(logLines.find((l) => l.includes('not acknowledged'))!)).toMatchObject({ code: 'SHUTTING_DOWN' });
    expect(env.fake.socket.acks.has('env-not-taken')).toBe(false);
  });

  it('closes the socket when balie stops', async () => {
    expect(env.fake.socket.connections).toBe(1);
    await env.balie.stop();
    await eventually(
      () => env.fake.socket.connections,
      (c) => c === 0,
    );
    expect(env.fake.socket.connections).toBe(0);
    expect(env.adapter.status().ready).toBe(false);
  });
});
