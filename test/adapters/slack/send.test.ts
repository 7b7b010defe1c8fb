import { webApi } from '@slack/bolt';
import { TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boltLogger } from '../../../src/adapters/slack/bolt-logger.js';
import { toMrkdwn } from '../../../src/adapters/slack/format.js';
import { SlackSender } from '../../../src/adapters/slack/send.js';
import { createLogger } from '../../../src/core/logger.js';
import { createMetrics } from '../../../src/core/metrics.js';
import { BOT_TOKEN, dmEvent, eventually, postSigned, startSlackEnv, type SlackTestEnv } from './driver.js';

let env: SlackTestEnv;
const logLines: string[] = [];
let n = 0;
const customer = () => {
  const id = `${++n}`.padStart(4, '0');
  const user = `U0SEND${id}`;
  env.fake.addUser({ id: user, name: `send${id}`, displayName: `Sender ${id}`, locale: 'en-GB' });
  return { channel: `D0SEND${id}`, user };
};
const say = (c: { channel: string; user: string }, text: string) => postSigned(env.eventsUrl, JSON.stringify(dmEvent({ ...c, text, botUserId: env.fake.botUserId })));
const failures = async () => (await env.balie.app.metrics.sendFailures.get()).values.filter((v) => v.labels.channel === 'slack');

beforeAll(async () => {
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  // A logger we can read, with balie's privacy rules at info level.
  env = await startSlackEnv({ logger, adapter: { publicUrl: 'https://balie.example' } });
}, 30_000);
afterAll(() => env.stop());

describe('Slack sending', () => {
  it('waits out a 429 with Retry-After and then delivers the reply', async () => {
    const c = customer();
    env.fake.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSeconds: 1 }, { channel: c.channel });
    await say(c, 'What are your opening hours?');
    const replies = await eventually(
      () => env.fake.posted(c.channel),
      (a) => a.length >= 1,
    );
    expect(replies).toHaveLength(1);
    const attempts = env.fake.callsTo('chat.postMessage').filter((call) => call.args.channel === c.channel);
    expect(attempts).toHaveLength(2);
    expect((await failures()).length).toBe(0);
  });

  it('gives up after a bounded number of rate-limited retries, counts and logs the failure', async () => {
    const c = customer();
    // Retry-After 0 keeps the test quick; the retry count is what is bounded (3 retries here).
    env.fake.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSeconds: 0 }, { times: 4, channel: c.channel });
    await say(c, 'What are your opening hours?');
    const failed = await eventually(failures, (f) => f.some((v) => v.labels.code === 'PLATFORM_REFUSED'));
    expect(failed.find((v) => v.labels.code === 'PLATFORM_REFUSED')!.value).toBeGreaterThanOrEqual(1);
    expect(env.fake.callsTo('chat.postMessage').filter((call) => call.args.channel === c.channel).length).toBeGreaterThanOrEqual(4);
    const line = await eventually(
      () => logLines.find((l) => l.includes('ratelimited')),
      (l) => !!l,
    );
    expect(JSON.parse(line!)).toMatchObject({ level: 50, code: 'PLATFORM_REFUSED', platformError: 'ratelimited', msg: expect.stringMatching(/not delivered/) });
  });

  it("maps ok:false to PLATFORM_REFUSED: logged with Slack's reason, counted, and the customer is told", async () => {
    const c = customer();
    const before = (await failures()).find((v) => v.labels.code === 'PLATFORM_REFUSED')?.value ?? 0;
    env.fake.failNext('chat.postMessage', { kind: 'error', error: 'not_in_channel' }, { channel: c.channel });
    await say(c, 'What are your opening hours?');
    // The failed turn's apology (a second postMessage) gets through.
    const [apology] = await eventually(
      () => env.fake.posted(c.channel),
      (a) => a.length >= 1,
    );
    expect(apology!.text).toBe(toMrkdwn(env.balie.app.t.t('en', 'turnError')));
    expect((await failures()).find((v) => v.labels.code === 'PLATFORM_REFUSED')!.value).toBe(before + 1);
    const line = logLines.find((l) => l.includes('not_in_channel'))!;
    expect(JSON.parse(line)).toMatchObject({ code: 'PLATFORM_REFUSED', platformError: 'not_in_channel', slackChannel: c.channel });
    // Neither the token nor what the customer wrote is in the log at info level.
    expect(logLines.join('\n')).not.toContain(BOT_TOKEN);
    expect(logLines.join('\n')).not.toContain('What are your opening hours?');
  });

  it('maps a network failure to PLATFORM_UNREACHABLE and counts it', async () => {
    const metrics = createMetrics();
    // Port 9 on loopback: nothing listens there.
    const client = new webApi.WebClient(BOT_TOKEN, {
      slackApiUrl: 'http://127.0.0.1:9/api/',
      retryConfig: { retries: 1, minTimeout: 1, maxTimeout: 1 },
      logger: boltLogger(createLogger({ level: 'silent' })),
    });
    const sender = new SlackSender({ client: () => client, metrics: () => metrics, logger: () => createLogger({ level: 'silent' }), channelId: 'slack' });
    await expect(sender.post({ channel: 'D0NOWHERE01' }, { text: 'hi' })).rejects.toMatchObject({ code: 'PLATFORM_UNREACHABLE' });
    expect((await metrics.sendFailures.get()).values).toEqual([expect.objectContaining({ labels: { channel: 'slack', code: 'PLATFORM_UNREACHABLE' }, value: 1 })]);
  });

  it("sends an agent's message under the agent's name and avatar", async () => {
    const c = customer();
    await say(c, 'hello');
    await eventually(
      () => env.fake.posted(c.channel),
      (a) => a.length >= 1,
    );
    const reference = TurnContext.getConversationReference({
      channelId: 'slack',
      conversation: { id: c.channel, isGroup: false, conversationType: 'personal', name: c.channel },
      from: { id: c.user, name: 'x' },
      recipient: { id: env.fake.botUserId, name: 'bot' },
    });
    await env.adapter.continueConversation(reference, async (context) => {
      await env.adapter.sendActivities(context, [
        {
          type: 'message',
          text: 'Hi, I am **Sanne** from customer service.',
          from: { id: 'sanne', name: 'Sanne', role: 'agent' },
          conversation: context.activity.conversation,
          channelData: { avatarUrl: 'https://tulpenco.example/avatars/sanne.png' },
        },
      ]);
    });
    const replies = env.fake.posted(c.channel);
    expect(replies.at(-1)).toMatchObject({ text: 'Hi, I am *Sanne* from customer service.', username: 'Sanne', icon_url: 'https://tulpenco.example/avatars/sanne.png' });
    const transcript = await env.balie.app.stores.transcripts.list(`slack:${c.channel}`);
    expect(transcript.at(-1)).toMatchObject({ role: 'agent', from: { id: 'sanne', name: 'Sanne', avatarUrl: 'https://tulpenco.example/avatars/sanne.png' } });
  });

  it("sends an agent's reply from the desk under the agent's name and avatar (agents.yaml)", async () => {
    const c = customer();
    await say(c, 'I would like to talk to a person');
    await eventually(
      () => env.fake.posted(c.channel),
      (a) => a.length >= 1,
    );
    const { desk } = env.balie.app.handoff!;
    const sanne = desk.identify('sanne');
    const key = `slack:${c.channel}`;
    await desk.setPresence(sanne, 'online');
    await eventually(
      () => desk.myChats(sanne),
      (chats) => chats.some((x) => x.key === key && x.state === 'offered'),
    );
    await desk.accept(sanne, key);
    await desk.send(sanne, key, 'Hi, I am looking at it **now**.');
    const reply = env.fake.posted(c.channel).at(-1)!;
    const profile = env.balie.app.config.agents.find((a) => a.id === 'sanne')!;
    // The relative avatar in agents.yaml is made absolute with PUBLIC_URL, as Slack needs.
    expect(reply).toMatchObject({ text: 'Hi, I am looking at it *now*.', username: profile.name, icon_url: new URL(profile.avatarUrl!, 'https://balie.example').toString() });
    await desk.resolve(sanne, key);
    await desk.setPresence(sanne, 'offline');
  });

  it('has no typing indicator: a typing activity calls nothing on Slack', async () => {
    const c = customer();
    const before = env.fake.calls.length;
    const reference = TurnContext.getConversationReference({
      channelId: 'slack',
      conversation: { id: c.channel, isGroup: false, conversationType: 'personal', name: c.channel },
      from: { id: c.user, name: 'x' },
      recipient: { id: env.fake.botUserId, name: 'bot' },
    });
    await env.adapter.continueConversation(reference, async (context) => {
      await context.sendActivity({ type: 'typing' });
    });
    expect(env.fake.calls.length).toBe(before);
  });
});
