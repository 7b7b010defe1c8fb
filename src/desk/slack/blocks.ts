import { escapeMrkdwn, type SlackBlock } from '../../adapters/slack/format.js';
import { DESK_ACTION_PREFIX } from '../../adapters/slack/parse.js';
import type { AgentConfig } from '../../config.js';
import type { TranscriptEntry } from '../../core/storage/transcript.js';
import { customerLabel } from '../../handoff/customer-label.js';
import type { HandoffCase } from '../../handoff/types.js';
import type { DeskTexts } from './texts.js';

/** The desk's action ids; the Slack adapter sends everything starting with `balie_desk_` here. */
export const DESK_ACTIONS = {
  take: `${DESK_ACTION_PREFIX}take`,
  decline: `${DESK_ACTION_PREFIX}decline`,
  resolve: `${DESK_ACTION_PREFIX}resolve`,
  handBack: `${DESK_ACTION_PREFIX}hand_back`,
  transfer: `${DESK_ACTION_PREFIX}transfer`,
  /** The transfer modal's callback_id. */
  transferModal: `${DESK_ACTION_PREFIX}transfer_note`,
} as const;

/** Back to the queue, in the transfer select (agent ids are lower-case words, so this never clashes). */
export const TO_QUEUE = '_queue';
const SECTION_MAX = 2_900;
const LAST_LINES = 6;

export interface RenderContext {
  texts: DeskTexts;
  agents: AgentConfig[];
  now: number;
}

/** A button's value: which handoff of which conversation it acts on. */
export const handoffRef = (key: string, openedAt: number) => `${openedAt}|${key}`;

export function parseHandoffRef(value: string | undefined): { key: string; openedAt: number } | undefined {
  const match = /^(\d+)\|(.+)$/.exec(value ?? '');
  return match ? { openedAt: Number(match[1]), key: match[2]! } : undefined;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** `<@U…>` (Slack shows the person, and notifies them) when the agent has a Slack id, else their name. */
export function agentLabel(agents: AgentConfig[], agentId: string | undefined, mention = true): string {
  const agent = agents.find((a) => a.id === agentId);
  if (!agent) return escapeMrkdwn(agentId ?? '?');
  return mention && agent.slackUserId ? `<@${agent.slackUserId}>` : escapeMrkdwn(agent.name);
}

/** Slack shows the time in each reader's own time zone; the fallback is for notifications. */
const slackTime = (ms: number) => `<!date^${Math.floor(ms / 1000)}^{time}|${new Date(ms).toISOString().slice(11, 16)} UTC>`;

// The same label as the console's lists (never a whole phone number), else what the channel gave.
export const customerName = (c: HandoffCase) => customerLabel(c.customer) ?? (c.customer.name?.trim() || c.customer.userId);

/** What the customer said before asking, and what the bot answered: the last few lines. */
export function lastLines(transcript: TranscriptEntry[], c: HandoffCase, texts: DeskTexts): string {
  const lines = transcript
    .filter((e) => Date.parse(e.timestamp) <= c.openedAt + 1_000)
    .slice(-LAST_LINES)
    .map((e) => {
      const who = e.role === 'customer' ? customerName(c) : e.role === 'bot' ? texts('bot') : (e.from.name ?? e.from.id);
      const text = e.text?.trim() ? clip(e.text.trim().replace(/\n+/g, ' '), 300) : texts('customerFile');
      return `> *${escapeMrkdwn(who)}:* ${e.text?.trim() ? escapeMrkdwn(text) : text}`;
    });
  return lines.length ? lines.join('\n') : texts('noLines');
}

/** The post's body (everything but its status line and buttons): the case's context. */
export function headBlocks(c: HandoffCase, lines: string, ctx: RenderContext, noteBy?: string): SlackBlock[] {
  const { texts, agents } = ctx;
  const channel = texts.channel(c.customer.channelId);
  const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });
  const fields = [
    field(texts('reason'), escapeMrkdwn(texts(`reason:${c.reason}` as never))),
    field(texts('language'), escapeMrkdwn(c.language)),
    field(texts('channel'), escapeMrkdwn(channel)),
    field(texts('customer'), escapeMrkdwn(customerName(c))),
    field(texts('waiting'), slackTime(c.queuedAt)),
  ];
  const previous = c.reason !== 'transfer' && c.preferredAgentId ? agents.find((a) => a.id === c.preferredAgentId) : undefined;
  if (previous) fields.push(field(texts('previousAgent'), escapeMrkdwn(previous.name)));
  if (c.vip) fields.push(field(texts('vip'), texts('yes')));
  const blocks: SlackBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${texts('postTitle', { customer: escapeMrkdwn(customerName(c)), channel: escapeMrkdwn(channel) })}*` } },
    { type: 'section', fields },
  ];
  const collected = Object.entries(c.collected);
  if (collected.length) {
    const list = collected.map(([k, v]) => `• ${escapeMrkdwn(k)}: ${escapeMrkdwn(v)}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*${texts('collected')}*\n${list}`, SECTION_MAX) } });
  }
  if (c.note) {
    // A transfer's note names the colleague; a note from a dialog has no author.
    const title = noteBy ? texts('note', { agent: agentLabel(agents, noteBy, false) }) : texts('notePlain');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*${title}*\n> ${escapeMrkdwn(c.note)}`, SECTION_MAX) } });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*${texts('lastLines')}*\n${lines}`, SECTION_MAX) } });
  return blocks;
}

export function fallbackText(c: HandoffCase, texts: DeskTexts): string {
  return texts('fallback', { customer: customerName(c), channel: texts.channel(c.customer.channelId), reason: texts(`reason:${c.reason}` as never) });
}

/** One line saying where the case stands, with the people as Slack mentions. */
export function statusLine(c: HandoffCase, ctx: RenderContext): string {
  const { texts, agents } = ctx;
  if (c.state === 'active')
    return texts('statusActive', { agent: agentLabel(agents, c.agentId), minutes: Math.max(0, Math.round(((c.acceptedAt ?? ctx.now) - c.queuedAt) / 60_000)) });
  if (c.state === 'offered') return texts('statusOffered', { agent: agentLabel(agents, c.offeredTo), until: slackTime(c.offerDeadline ?? ctx.now) });
  if (c.preferredAgentId && (c.preferUntil ?? 0) > ctx.now) return texts('statusPreferred', { agent: agentLabel(agents, c.preferredAgentId) });
  return texts('statusQueued');
}

export function closedLine(how: string | undefined, by: string | undefined, ctx: RenderContext): string {
  const known = ['resolved', 'handed-back', 'idle', 'cancelled'].includes(how ?? '') ? how! : 'other';
  return ctx.texts(`statusClosed:${known}` as never, { agent: agentLabel(ctx.agents, by, false) });
}

/** The whole post: body, status, and while nobody has it, the button to take it. */
export function postBlocks(head: SlackBlock[], status: string, c: HandoffCase | undefined, texts: DeskTexts): SlackBlock[] {
  const blocks = [...head, { type: 'context', elements: [{ type: 'mrkdwn', text: status }] }];
  if (c && c.state !== 'active') {
    const value = handoffRef(c.key, c.openedAt);
    blocks.push({
      type: 'actions',
      block_id: 'balie_desk_offer',
      elements: [
        { type: 'button', action_id: DESK_ACTIONS.take, style: 'primary', text: { type: 'plain_text', text: texts('take') }, value },
        ...(c.state === 'offered' ? [{ type: 'button', action_id: DESK_ACTIONS.decline, text: { type: 'plain_text', text: texts('decline') }, value }] : []),
      ],
    });
  }
  return blocks;
}

/** The owner's controls, posted in the thread when someone takes the chat. */
export function controlsBlocks(c: HandoffCase, ctx: RenderContext): SlackBlock[] {
  const { texts, agents } = ctx;
  const value = handoffRef(c.key, c.openedAt);
  const others = agents.filter((a) => a.id !== c.agentId);
  const option = (text: string, v: string) => ({ text: { type: 'plain_text', text: clip(text, 75) }, value: v });
  return [
    { type: 'section', text: { type: 'mrkdwn', text: texts('controls', { agent: agentLabel(agents, c.agentId), channel: escapeMrkdwn(texts.channel(c.customer.channelId)) }) } },
    {
      type: 'actions',
      block_id: 'balie_desk_controls',
      elements: [
        { type: 'button', action_id: DESK_ACTIONS.resolve, style: 'primary', text: { type: 'plain_text', text: texts('resolve') }, value },
        { type: 'button', action_id: DESK_ACTIONS.handBack, text: { type: 'plain_text', text: texts('handBack') }, value },
        {
          type: 'static_select',
          action_id: DESK_ACTIONS.transfer,
          placeholder: { type: 'plain_text', text: texts('transfer') },
          // The select's options carry the target; the handoff comes from the thread (block_id above is fixed).
          options: [option(texts('toQueue'), `${TO_QUEUE}|${value}`), ...others.slice(0, 99).map((a) => option(a.name, `${a.id}|${value}`))],
        },
      ],
    },
  ];
}

/** The transfer modal: who it goes to, and an optional note for them. */
export function transferModal(ref: { key: string; openedAt: number; to?: string }, ctx: RenderContext) {
  const { texts, agents } = ctx;
  const to = ref.to ? (agents.find((a) => a.id === ref.to)?.name ?? ref.to) : texts('toQueue');
  return {
    type: 'modal' as const,
    callback_id: DESK_ACTIONS.transferModal,
    private_metadata: JSON.stringify(ref),
    title: { type: 'plain_text' as const, text: clip(texts('modalTitle'), 24) },
    submit: { type: 'plain_text' as const, text: texts('modalSubmit') },
    close: { type: 'plain_text' as const, text: texts('modalCancel') },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: texts('modalTo', { to: escapeMrkdwn(to) }) } },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: { type: 'plain_text', text: texts('modalNote') },
        hint: { type: 'plain_text', text: texts('modalNoteHint') },
        element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 1000 },
      },
    ],
  };
}
