import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_ACTIONS } from '../../../src/desk/slack/blocks.js';
import { deskTexts } from '../../../src/desk/slack/texts.js';
import { DESK, SLACK_IDS, eventually, readable, startDeskBalie, type DeskBalie } from './harness.js';

const texts = deskTexts('nl');

describe('offers on the Slack desk (in-memory stores, one process)', () => {
  let env: DeskBalie;
  beforeAll(async () => {
    env = await startDeskBalie({ memory: true });
  }, 30_000);
  afterAll(() => env?.stop());

  const current = (ts: string) => env.slack.posted(DESK).find((p) => p.ts === ts)!;

  it('shows who a chat is offered to, lets only them accept or pass, and shows it back in the queue', async () => {
    const { desk } = env.balie.app.handoff!;
    await desk.setPresence(desk.identify('bram'), 'online');
    const chat = 8_830_001;
    const key = `telegram:${chat}`;
    await env.customerSays(chat, 'I would like to talk to a person');
    const [post] = await eventually(
      () => env.posts().filter((p) => JSON.stringify(p.blocks).includes(`|${key}"`)),
      (p) => p.length > 0,
    );

    // The router offered it to Bram: the post mentions him (Slack notifies him) and he may pass.
    const offered = `${texts('statusOffered', { agent: `<@${SLACK_IDS.bram}>`, until: '' }).split(',')[0]}`;
    await eventually(
      () => readable(current(post!.ts)),
      (t) => t.includes(offered),
    );
    expect(readable(current(post!.ts))).toContain(texts('decline'));
    const line = texts('lineOffered', { agent: `<@${SLACK_IDS.bram}>` });
    await eventually(
      () => env.thread(post!.ts).map((m) => m.text),
      (lines) => lines.includes(line),
    );

    // Sanne cannot take a chat offered to Bram, nor pass it for him.
    expect(await env.press(SLACK_IDS.sanne!, current(post!.ts), DESK_ACTIONS.take)).toBe(200);
    expect(await env.press(SLACK_IDS.sanne!, current(post!.ts), DESK_ACTIONS.decline)).toBe(200);
    const told = await eventually(
      () => env.slack.ephemerals(SLACK_IDS.sanne),
      (e) => e.length >= 2,
    );
    expect(told.map((e) => e.text)).toEqual([texts('refuseOfferedElsewhere', { agent: 'Bram Jansen' }), texts('refuseNotOwner', { agent: 'Bram Jansen' })]);
    expect(await env.balie.app.handoff!.service.caseFor(key)).toMatchObject({ state: 'offered', offeredTo: 'bram' });

    // Bram passes: nobody else is online, so it waits in the queue, and anyone may take it.
    expect(await env.press(SLACK_IDS.bram!, current(post!.ts), DESK_ACTIONS.decline)).toBe(200);
    await eventually(
      () => readable(current(post!.ts)),
      (t) => t.includes(texts('statusQueued')),
    );
    expect(readable(current(post!.ts))).not.toContain(texts('decline'));
    expect(await env.balie.app.handoff!.service.caseFor(key)).toMatchObject({ state: 'queued', declinedBy: ['bram'] });

    // Sanne takes it from the queue and resolves it: the memory stores work as Redis does.
    expect(await env.press(SLACK_IDS.sanne!, current(post!.ts), DESK_ACTIONS.take)).toBe(200);
    await eventually(
      () => env.customerSaw(chat),
      (s) => s.some((t) => t.includes('talking to Sanne')),
    );
    const controls = await eventually(
      () => env.thread(post!.ts).find((m) => JSON.stringify(m.blocks ?? []).includes(DESK_ACTIONS.resolve)),
      (m) => m !== undefined,
    );
    expect(await env.press(SLACK_IDS.sanne!, controls!, DESK_ACTIONS.resolve, post!.ts)).toBe(200);
    await eventually(
      () => readable(current(post!.ts)),
      (t) => t.includes(texts('statusClosed:resolved', { agent: 'Sanne de Vries' })),
    );
    expect(await env.balie.app.handoff!.service.caseFor(key)).toBeUndefined();
  });
});
