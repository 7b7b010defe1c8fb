import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_ACTIONS } from '../../../src/desk/slack/blocks.js';
import { deskTexts } from '../../../src/desk/slack/texts.js';
import { fixture, nextTs } from '../../adapters/slack/driver.js';
import type { PostedMessage } from '../../support/fake-slack.js';
import { DESK, SLACK_IDS, eventually, readable, startDeskBalie, type DeskBalie } from './harness.js';

const texts = deskTexts('nl');
let env: DeskBalie;
let chatId = 8_810_000;

beforeAll(async () => {
  env = await startDeskBalie();
}, 30_000);
afterAll(() => env?.stop());

// Recorded Slack payloads, edited field by field: typing every shape would be the whole Slack API.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const current = (ts: string) => env.slack.posted(DESK).find((p) => p.ts === ts)!;
const controlsOf = (postTs: string, slackUser: string) =>
  eventually(
    () => env.thread(postTs).find((m) => JSON.stringify(m.blocks ?? []).includes(DESK_ACTIONS.resolve) && readable(m).includes(`<@${slackUser}>`)),
    (m) => m !== undefined,
  );

/** The recorded static-select press, on the desk's transfer select, choosing `option`. */
function selectPress(user: string, message: PostedMessage, threadTs: string, optionValue: string): Json {
  const body = fixture('actions-reactions-slack.json', 'staticSelectAction');
  body.user.id = user;
  body.container = { ...body.container, channel_id: DESK, message_ts: message.ts, thread_ts: threadTs };
  body.channel = { id: DESK, name: 'desk' };
  body.message = { ...body.message, ts: message.ts, thread_ts: threadTs };
  body.trigger_id = `${Date.now()}.3901254001572.${Math.random().toString(16).slice(2)}`;
  body.actions = [
    { ...body.actions[0], action_id: DESK_ACTIONS.transfer, selected_option: { text: { type: 'plain_text', text: 'x', emoji: true }, value: optionValue }, action_ts: nextTs() },
  ];
  return body;
}

/**
 * Submitting the modal: Slack's view_submission payload (no recording of one is in the fixtures, so
 * this follows api.slack.com/reference/interaction-payloads/views, reusing the recorded press's
 * team, app and token), with the opened view echoed back and the typed note in `state.values`.
 */
function submit(user: string, view: Json, note: string): Json {
  const press = fixture('actions-reactions-slack.json', 'action');
  return {
    type: 'view_submission',
    team: press.team,
    user: { ...press.user, id: user },
    api_app_id: press.api_app_id,
    token: press.token,
    trigger_id: press.trigger_id,
    view: {
      id: 'V0FAKEVIEW01',
      team_id: press.team.id,
      type: 'modal',
      ...view,
      state: { values: { note: { note: { type: 'plain_text_input', value: note } } } },
      hash: '1767326130.AbCdEfGh',
      previous_view_id: null,
      root_view_id: 'V0FAKEVIEW01',
      app_id: press.api_app_id,
      external_id: '',
      app_installed_team_id: press.team.id,
      bot_id: env.slack.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

describe('transfer and hand back from the Slack desk', () => {
  it('transfers to a colleague with a note, who takes it and hands it back to the bot', async () => {
    const chat = ++chatId;
    const key = `telegram:${chat}`;
    await env.customerSays(chat, 'I would like to talk to a person');
    const [post] = await eventually(
      () => env.posts().filter((p) => JSON.stringify(p.blocks).includes(`|${key}"`)),
      (p) => p.length > 0,
    );
    expect(await env.press(SLACK_IDS.sanne!, post!, DESK_ACTIONS.take)).toBe(200);
    const sanneControls = await controlsOf(post!.ts, SLACK_IDS.sanne!);

    // Sanne picks Bram in the transfer select: a modal asks for an optional note.
    const option = (JSON.parse(JSON.stringify(sanneControls!.blocks)) as Json[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === DESK_ACTIONS.transfer)
      .options.find((o: Json) => o.text.text === 'Bram Jansen');
    expect(await env.interact(selectPress(SLACK_IDS.sanne!, sanneControls!, post!.ts, option.value))).toBe(200);
    const [opened] = await eventually(
      () => env.slack.views(),
      (v) => v.length > 0,
    );
    expect(opened!.view.callback_id).toBe(DESK_ACTIONS.transferModal);
    expect(JSON.stringify(opened!.view.blocks)).toContain('Bram Jansen');
    // Nothing changed yet: the form can still be cancelled.
    expect(await env.balie.app.handoff!.service.caseFor(key)).toMatchObject({ state: 'active', agentId: 'sanne' });

    expect(await env.interact(submit(SLACK_IDS.sanne!, opened!.view, 'Wants a refund for order 12345'))).toBe(200);
    await eventually(
      () => env.customerSaw(chat),
      (s) => s.some((t) => t.includes('passing you on')),
    );
    expect(env.customerSaw(chat).at(-1)).toContain('Sanne is passing you on to a colleague (Bram Jansen)');
    const c = await eventually(
      () => env.balie.app.handoff!.service.caseFor(key),
      (x) => x?.state !== 'active',
    );
    expect(c).toMatchObject({ reason: 'transfer', note: 'Wants a refund for order 12345', preferredAgentId: 'bram' });

    // The post and its thread say so; Sanne's controls are gone, the Take button is back.
    const line = texts('lineTransferredNote', { from: 'Sanne de Vries', to: texts('toAgent', { agent: `<@${SLACK_IDS.bram}>` }), note: 'Wants a refund for order 12345' });
    await eventually(
      () => env.thread(post!.ts).map((m) => m.text),
      (t) => t.includes(line),
    );
    expect(readable(current(post!.ts))).toContain(`*${texts('note', { agent: 'Sanne de Vries' })}*\n> Wants a refund for order 12345`);
    expect(readable(current(post!.ts))).toContain(texts('take'));
    expect(readable(current(sanneControls!.ts))).toBe(texts('controlsDone', { agent: 'Sanne de Vries' }));

    // Bram takes it, and hands it back to the bot.
    expect(await env.press(SLACK_IDS.bram!, current(post!.ts), DESK_ACTIONS.take)).toBe(200);
    await eventually(
      () => env.customerSaw(chat),
      (s) => s.some((t) => t.includes('talking to Bram')),
    );
    const bramControls = await controlsOf(post!.ts, SLACK_IDS.bram!);
    expect(await env.press(SLACK_IDS.bram!, bramControls!, DESK_ACTIONS.handBack, post!.ts)).toBe(200);
    await eventually(
      () => env.customerSaw(chat),
      (s) => s.some((t) => t.includes('handed the conversation back')),
    );
    const handedBack = texts('statusClosed:handed-back', { agent: 'Bram Jansen' });
    await eventually(
      () => readable(current(post!.ts)),
      (t) => t.includes(handedBack),
    );
    expect(readable(current(post!.ts))).toContain(handedBack);
    expect(await env.balie.app.handoff!.service.caseFor(key)).toBeUndefined();
  });

  it('refuses a transfer form from someone who does not own the chat', async () => {
    const chat = ++chatId;
    const key = `telegram:${chat}`;
    await env.customerSays(chat, 'I would like to talk to a person');
    const [post] = await eventually(
      () => env.posts().filter((p) => JSON.stringify(p.blocks).includes(`|${key}"`)),
      (p) => p.length > 0,
    );
    expect(await env.press(SLACK_IDS.sanne!, post!, DESK_ACTIONS.take)).toBe(200);
    await controlsOf(post!.ts, SLACK_IDS.sanne!);
    const c = (await env.balie.app.handoff!.service.caseFor(key))!;
    const told = env.slack.ephemerals(SLACK_IDS.fatima).length;
    const view = { callback_id: DESK_ACTIONS.transferModal, private_metadata: JSON.stringify({ key, openedAt: c.openedAt }) };
    expect(await env.interact(submit(SLACK_IDS.fatima!, view, 'mine now'))).toBe(200);
    const refusals = await eventually(
      () => env.slack.ephemerals(SLACK_IDS.fatima),
      (e) => e.length > told,
    );
    expect(refusals.at(-1)!.text).toBe(texts('refuseNotOwner', { agent: 'Sanne de Vries' }));
    expect(await env.balie.app.handoff!.service.caseFor(key)).toMatchObject({ state: 'active', agentId: 'sanne', version: c.version });
  });
});
