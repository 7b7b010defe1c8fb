import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_ACTIONS } from '../../../src/desk/slack/blocks.js';
import { deskTexts } from '../../../src/desk/slack/texts.js';
import { DESK, SLACK_IDS, STRANGER, eventually, readable, startDeskBalie, type DeskBalie } from './harness.js';

// The team's language in config/balie.yaml is Dutch: the desk speaks it to the agents.
const texts = deskTexts('nl');
/** Where Telegram's servers would fetch balie's files (PUBLIC_URL); in the test, balie's own address serves the path. */
const PUBLIC_URL = 'https://balie.example.nl';
let env: DeskBalie;
let chatId = 8_800_000;

beforeAll(async () => {
  env = await startDeskBalie({
    publicUrl: PUBLIC_URL,
    ...(process.env.DESK_DEBUG ? { logger: (await import('../../../src/core/logger.js')).createLogger({ level: 'warn' }) } : {}),
  });
}, 30_000);
afterAll(() => env?.stop());

/** A Telegram customer asks for a person; resolves with their chat id and the desk post. */
async function customerAsksForAPerson() {
  const chat = ++chatId;
  await env.customerSays(chat, 'I would like to talk to a person');
  const key = `telegram:${chat}`;
  const mine = await eventually(
    () => env.posts().filter((p) => JSON.stringify(p.blocks).includes(`|${key}"`)),
    (p) => p.length > 0,
  );
  expect(mine).toHaveLength(1);
  return { chat, key, post: mine[0]! };
}

const current = (ts: string) => env.posts().find((p) => p.ts === ts)!;

describe('the Slack desk with a Telegram customer', () => {
  it('takes a chat from the post, talks in its thread, and resolves it', async () => {
    const { chat, key, post } = await customerAsksForAPerson();

    // The post has the context an agent needs and the button to take it.
    const shown = readable(post);
    expect(shown).toContain(texts('postTitle', { customer: 'Test User', channel: 'Telegram' }));
    expect(shown).toContain(texts('reason:customer-asked'));
    expect(shown).toContain('en');
    expect(shown).toContain('I would like to talk to a person');
    expect(shown).toContain(texts('statusQueued'));
    expect(shown).toContain(texts('take'));
    expect(post.text).toContain('Test User');

    // Sanne takes it: the customer hears who they are talking to.
    expect(await env.press(SLACK_IDS.sanne!, post, DESK_ACTIONS.take)).toBe(200);
    await eventually(
      () => env.customerSaw(chat),
      (s) => s.some((t) => t.includes('talking to Sanne')),
    );
    expect(env.customerSaw(chat).at(-1)).toContain("You're now talking to Sanne");

    // The post now says who has it; the thread has Sanne's controls.
    const taken = texts('statusActive', { agent: `<@${SLACK_IDS.sanne}>`, minutes: 0 });
    await eventually(
      () => readable(current(post.ts)),
      (t) => t.includes(taken),
    );
    expect(readable(current(post.ts))).toContain(taken);
    expect(readable(current(post.ts))).not.toContain(texts('take'));
    const controls = await eventually(
      () => env.thread(post.ts).find((m) => JSON.stringify(m.blocks ?? []).includes(DESK_ACTIONS.resolve)),
      (m) => m !== undefined,
    );
    expect(readable(controls)).toContain(texts('resolve'));
    expect(readable(controls)).toContain(texts('handBack'));
    expect(readable(controls)).toContain(texts('transfer'));

    // Sanne answers in the thread: it reaches the customer on Telegram under her name.
    await env.agentWrites(SLACK_IDS.sanne!, post.ts, 'Hi! I can see your question. Which *order* is it about?');
    await eventually(
      () => env.customerSaw(chat),
      (s) => s.some((t) => t.includes('Which order')),
    );
    expect(env.customerSaw(chat).at(-1)).toBe('Sanne de Vries\nHi! I can see your question. Which order is it about?');
    // Slack's bold is Telegram's bold, under the agent's name in bold on its own line.
    expect(env.telegram.sentTo(chat).at(-1)!.params.text).toBe('<b>Sanne de Vries</b>\nHi! I can see your question. Which <b>order</b> is it about?');

    // The customer answers on Telegram: it appears in the thread.
    await env.customerSays(chat, 'Order 12345, it has not arrived');
    const relayed = await eventually(
      () => env.thread(post.ts).find((m) => m.text?.includes('Order 12345')),
      (m) => m !== undefined,
    );
    expect(relayed!.text).toBe(texts('customerSays', { name: 'Test User', text: 'Order 12345, it has not arrived' }));

    // Resolve: the customer is asked for a rating, the post says it is done, the controls are gone.
    expect(await env.press(SLACK_IDS.sanne!, controls!, DESK_ACTIONS.resolve, post.ts)).toBe(200);
    await eventually(
      () => env.telegram.sentTo(chat),
      (s) => JSON.stringify(s.at(-1)?.params ?? {}).includes('balie'),
    );
    const rating = env.telegram.sentTo(chat).at(-1)!;
    expect(String(rating.params.text)).toContain('How happy are you');
    expect(JSON.stringify(rating.params.reply_markup)).toContain('"5"');
    const resolved = texts('statusClosed:resolved', { agent: 'Sanne de Vries' });
    await eventually(
      () => readable(current(post.ts)),
      (t) => t.includes(resolved),
    );
    expect(readable(current(post.ts))).toContain('I would like to talk to a person');
    expect(JSON.stringify(current(post.ts).blocks)).not.toContain(DESK_ACTIONS.take);
    await eventually(
      () => env.slack.posted(DESK).find((m) => m.ts === controls!.ts),
      (m) => !JSON.stringify(m?.blocks).includes(DESK_ACTIONS.resolve),
    );
    expect(await env.balie.app.handoff!.service.caseFor(key)).toBeUndefined();
    // The thread reads as a log of what happened.
    const log = await eventually(
      () => env.thread(post.ts).map((m) => m.text),
      (t) => t.includes(resolved),
    );
    expect(log).toEqual(expect.arrayContaining([texts('lineTaken', { agent: 'Sanne de Vries' }), relayed!.text, resolved]));
  });

  it('passes files the agent shares in the thread on to the customer, and says which could not go', async () => {
    const { chat, post } = await customerAsksForAPerson();
    expect(await env.press(SLACK_IDS.sanne!, post, DESK_ACTIONS.take)).toBe(200);
    await eventually(
      () => env.customerSaw(chat),
      (s) => s.some((t) => t.includes('talking to Sanne')),
    );
    // A 1×1 PNG, as Slack would store it; and a video far over the 5 MB an agent may send.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const label = { id: 'F0LABEL0001', name: 'retourlabel.png', mimetype: 'image/png', data: png };
    const video = { id: 'F0VIDEO0001', name: 'uitleg.mp4', mimetype: 'video/mp4', data: Buffer.alloc(6 * 1024 * 1024) };
    const told = env.slack.ephemerals(SLACK_IDS.sanne).length;

    await env.agentWrites(SLACK_IDS.sanne!, post.ts, 'Here is your return label.', [label, video]);
    const message = await eventually(
      () => env.telegram.sentTo(chat).at(-1),
      (c) => String(c?.params.text).includes('return label'),
    );
    // Under her name, her words and the file as a link (agents' files go as links on every channel)
    // to an address under PUBLIC_URL, where balie serves the bytes Slack had.
    const text = String(message!.params.text);
    expect(text).toMatch(new RegExp(`^<b>Sanne de Vries</b>\\nHere is your return label\\.\\n<a href="${PUBLIC_URL}/media/[A-Za-z0-9_-]{32}">retourlabel\\.png</a>$`));
    const url = /href="([^"]+)"/.exec(text)![1]!;
    const served = await fetch(`${env.balie.url}${new URL(url).pathname}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
    // The video did not go, and Sanne is told so (only she sees it).
    expect(text).not.toContain('uitleg.mp4');
    const notes = await eventually(
      () => env.slack.ephemerals(SLACK_IDS.sanne),
      (e) => e.length > told,
    );
    expect(notes.at(-1)!.text).toBe(texts('notDelivered', { why: texts('whyFileTooLarge', { name: 'uitleg.mp4', mb: 5 }) }));
    // Her message is in the thread already (she wrote it there): not mirrored back as if from the console.
    await env.balie.app.handoff!.desk.send(env.balie.app.handoff!.desk.identify('sanne'), `telegram:${chat}`, 'Anything else?');
    await eventually(
      () => env.thread(post.ts).map((m) => m.text ?? ''),
      (t) => t.some((line) => line.includes('Anything else?')),
    );
    expect(env.thread(post.ts).filter((m) => m.text?.includes('return label'))).toEqual([]);
  });

  it('refuses a Slack user who is not an agent, and changes nothing', async () => {
    const { chat, key, post } = await customerAsksForAPerson();
    const told = env.slack.ephemerals(STRANGER).length;

    expect(await env.press(STRANGER, post, DESK_ACTIONS.take)).toBe(200);
    const ephemeral = await eventually(
      () => env.slack.ephemerals(STRANGER),
      (e) => e.length > told,
    );
    expect(ephemeral.at(-1)).toMatchObject({ channel: DESK, user: STRANGER });
    expect(ephemeral.at(-1)!.text).toBe(texts('refuseUnmapped', { user: STRANGER }));
    const after = await env.balie.app.handoff!.service.caseFor(key);
    expect(after?.state).not.toBe('active');
    expect(after?.agentId).toBeUndefined();
    expect(env.customerSaw(chat).some((t) => t.includes('talking to'))).toBe(false);
    expect(readable(current(post.ts))).toContain(texts('take'));
  });

  it('lets only the owner write to the customer and use the controls', async () => {
    const { chat, post } = await customerAsksForAPerson();
    // Bram writes before anyone took it: told so, only he sees it; the customer gets nothing.
    await env.agentWrites(SLACK_IDS.bram!, post.ts, 'Hello?');
    await eventually(
      () => env.slack.ephemerals(SLACK_IDS.bram),
      (e) => e.length > 0,
    );
    expect(env.slack.ephemerals(SLACK_IDS.bram).at(-1)!.text).toBe(texts('notDelivered', { why: texts('whyNotTaken') }));

    expect(await env.press(SLACK_IDS.sanne!, post, DESK_ACTIONS.take)).toBe(200);
    const controls = await eventually(
      () => env.thread(post.ts).find((m) => JSON.stringify(m.blocks ?? []).includes(DESK_ACTIONS.resolve)),
      (m) => m !== undefined,
    );
    const sent = env.telegram.sentTo(chat).length;

    // Bram may not resolve Sanne's chat, nor write to her customer.
    const bramTold = env.slack.ephemerals(SLACK_IDS.bram).length;
    expect(await env.press(SLACK_IDS.bram!, controls!, DESK_ACTIONS.resolve, post.ts)).toBe(200);
    await env.agentWrites(SLACK_IDS.bram!, post.ts, 'I can take over');
    const refusals = await eventually(
      () => env.slack.ephemerals(SLACK_IDS.bram),
      (e) => e.length >= bramTold + 2,
    );
    expect(refusals.slice(bramTold).map((e) => e.text)).toEqual(
      expect.arrayContaining([texts('refuseNotOwner', { agent: 'Sanne de Vries' }), texts('notDelivered', { why: texts('whyNotOwner', { agent: 'Sanne de Vries' }) })]),
    );
    expect(await env.balie.app.handoff!.service.caseFor(`telegram:${chat}`)).toMatchObject({ state: 'active', agentId: 'sanne' });
    expect(env.telegram.sentTo(chat).length).toBe(sent);
  });
});

describe('a desk channel thread that is not a handoff', () => {
  it('is left alone: colleagues may talk there', async () => {
    const before = env.slack.calls.length;
    await env.agentWrites(SLACK_IDS.sanne!, '1767326125.870439', 'Lunch at one?');
    await new Promise((r) => setTimeout(r, 200));
    expect(env.slack.calls.length).toBe(before);
    expect(env.slack.posted(DESK).filter((p) => p.thread_ts === '1767326125.870439')).toEqual([]);
  });
});
