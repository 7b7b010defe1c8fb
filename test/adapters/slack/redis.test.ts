import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMrkdwn } from '../../../src/adapters/slack/format.js';
import { createLogger } from '../../../src/core/logger.js';
import { createRedisStores } from '../../../src/core/stores.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { APP_TOKEN, BOT_TOKEN, channelMessageEvent, eventually, mentionEvent, postSigned, startSlackEnv, type SlackTestEnv } from './driver.js';

/** Two balie processes behind a load balancer, sharing one Redis, both receiving from one Slack app. */
let fake: FakeSlack;
let a: SlackTestEnv;
let b: SlackTestEnv;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  fake.addUser({ id: 'U0REDIS0001', name: 'redis', displayName: 'Rita', locale: 'en-GB' });
  const prefix = uniquePrefix('slack');
  const logger = createLogger({ level: 'silent' });
  a = await startSlackEnv({ fake, stores: await createRedisStores({ url: testRedisUrl(), prefix, logger }) });
  b = await startSlackEnv({ fake, stores: await createRedisStores({ url: testRedisUrl(), prefix, logger }) });
}, 30_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await fake?.close();
});

describe('Slack on shared Redis (two processes)', () => {
  it('answers a mention once when its app_mention and message events land on different processes', async () => {
    const channel = 'C0REDIS0001';
    const mention = mentionEvent({ channel, user: 'U0REDIS0001', text: 'What are your opening hours?', botUserId: fake.botUserId });
    const twin = channelMessageEvent({ channel, user: 'U0REDIS0001', text: mention.event.text, ts: mention.event.ts, botUserId: fake.botUserId });
    const [ra, rb] = await Promise.all([postSigned(a.eventsUrl, JSON.stringify(mention)), postSigned(b.eventsUrl, JSON.stringify(twin))]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    await eventually(
      () => fake.posted(channel).filter((p) => p.thread_ts === mention.event.ts),
      (r) => r.length >= 1,
    );

    // A follow-up in the thread, without a mention, reaches the other process: it knows the thread
    // is balie's from the transcript in Redis.
    const follow = channelMessageEvent({ channel, user: 'U0REDIS0001', text: 'hello', threadTs: mention.event.ts, botUserId: fake.botUserId });
    expect((await postSigned(b.eventsUrl, JSON.stringify(follow))).status).toBe(200);
    const thread = await eventually(
      () => fake.posted(channel).filter((p) => p.thread_ts === mention.event.ts),
      (r) => r.length >= 2,
    );
    expect(thread).toHaveLength(2);
    expect(thread[0]!.text).toBe(toMrkdwn(a.balie.app.config.faq.find((f) => f.language === 'en')!.entries.find((e) => e.id === 'opening-hours')!.answer));
  });

  it('answers a redelivery that lands on the other process once', async () => {
    const channel = 'C0REDIS0001';
    const mention = mentionEvent({ channel, user: 'U0REDIS0001', text: 'hello', botUserId: fake.botUserId });
    const raw = JSON.stringify(mention);
    expect((await postSigned(a.eventsUrl, raw)).status).toBe(200);
    expect((await postSigned(b.eventsUrl, raw, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    await eventually(
      () => fake.posted(channel).filter((p) => p.thread_ts === mention.event.ts),
      (r) => r.length >= 1,
    );
    const follow = channelMessageEvent({ channel, user: 'U0REDIS0001', text: 'What are your opening hours?', threadTs: mention.event.ts, botUserId: fake.botUserId });
    await postSigned(a.eventsUrl, JSON.stringify(follow));
    const thread = await eventually(
      () => fake.posted(channel).filter((p) => p.thread_ts === mention.event.ts),
      (r) => r.length >= 2,
    );
    expect(thread).toHaveLength(2);
  });
});
