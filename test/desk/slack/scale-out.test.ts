import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOT_TOKEN } from '../../adapters/slack/driver.js';
import { DESK_ACTIONS } from '../../../src/desk/slack/blocks.js';
import { deskTexts } from '../../../src/desk/slack/texts.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';
import { startTestBalie, testConfig } from '../../support/app.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { DESK, SLACK_IDS, eventually, readable, startDeskBalie, type DeskBalie } from './harness.js';

// Two balie processes behind one load balancer, on one Redis, one Slack app, one Telegram bot:
// both hear every desk event, and the desk channel must still read as if there were one.
const texts = deskTexts('nl');
let slack: FakeSlack;
let telegram: FakeTelegram;
let a: DeskBalie;
let b: DeskBalie;

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  telegram = await startFakeTelegram();
  const prefix = uniquePrefix('desk-scale');
  a = await startDeskBalie({ slack, telegram, prefix });
  b = await startDeskBalie({ slack, telegram, prefix });
}, 30_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await slack?.close();
  await telegram?.close();
});

const settle = () => new Promise((r) => setTimeout(r, 300));

it('posts each handoff once, relays each message once, and works whichever process Slack calls', async () => {
  const chat = 8_820_001;
  const key = `telegram:${chat}`;
  const postsOf = () => slack.posted(DESK).filter((p) => !p.thread_ts && JSON.stringify(p.blocks).includes(`|${key}"`));

  await a.customerSays(chat, 'I would like to talk to a person');
  await eventually(postsOf, (p) => p.length > 0);
  await settle();
  expect(postsOf()).toHaveLength(1);
  const post = postsOf()[0]!;

  // The press reaches process B; the post follows in both.
  expect(await b.press(SLACK_IDS.sanne!, post, DESK_ACTIONS.take)).toBe(200);
  await eventually(
    () => a.customerSaw(chat),
    (s) => s.some((t) => t.includes('talking to Sanne')),
  );
  const controls = () => a.thread(post.ts).filter((m) => JSON.stringify(m.blocks ?? []).includes(DESK_ACTIONS.resolve));
  await eventually(controls, (c) => c.length > 0);

  // The customer writes (to A); the thread gets it once. Sanne answers through A; the customer gets it once.
  await a.customerSays(chat, 'It is about order 12345');
  await eventually(
    () => a.thread(post.ts).filter((m) => m.text?.includes('order 12345')),
    (m) => m.length > 0,
  );
  await a.agentWrites(SLACK_IDS.sanne!, post.ts, 'Let me look that up.');
  await eventually(
    () => a.customerSaw(chat),
    (s) => s.some((t) => t.includes('Let me look that up.')),
  );
  await settle();

  // Still the one post (now without its Take button), and one set of controls.
  expect(slack.posted(DESK).filter((p) => !p.thread_ts && p.text === post.text)).toHaveLength(1);
  expect(controls()).toHaveLength(1);
  expect(a.thread(post.ts).filter((m) => m.text?.includes('order 12345'))).toHaveLength(1);
  expect(a.thread(post.ts).filter((m) => m.text === texts('lineTaken', { agent: 'Sanne de Vries' }))).toHaveLength(1);
  expect(a.customerSaw(chat).filter((t) => t.includes('Let me look that up.'))).toHaveLength(1);
  expect(a.customerSaw(chat).filter((t) => t.includes('talking to Sanne'))).toHaveLength(1);
});

it('posts the chats that were opened while no balie ran the desk, when one starts', async () => {
  const prefix = uniquePrefix('desk-late');
  // A balie without the desk (SLACK_DESK_CHANNEL not set yet) on the same Redis takes a request.
  const plain = await startTestBalie({ config: testConfig({ REDIS_URL: testRedisUrl(), BALIE_REDIS_PREFIX: prefix }) });
  const customer = { channelId: 'telegram', conversationId: '8820002', userId: '8820002', name: 'Late Customer' };
  try {
    await plain.app.handoff!.service.request({ customer, reference: {}, reason: 'customer-asked', language: 'nl', collected: { orderNumber: 'TC-12345' } });
  } finally {
    await plain.stop();
  }
  const late = await startDeskBalie({ slack, telegram, prefix });
  try {
    const post = await eventually(
      () => slack.posted(DESK).find((p) => JSON.stringify(p.blocks ?? []).includes('|telegram:8820002"')),
      (p) => p !== undefined,
    );
    expect(readable(post)).toContain('Late Customer');
    expect(readable(post)).toContain('orderNumber: TC-12345');
  } finally {
    await late.stop();
  }
});
