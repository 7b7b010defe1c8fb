import type { Activity, Attachment } from 'botbuilder-core';
import { z } from 'zod';
import { HttpError, validate } from '../../core/http.js';

export const SLACK_CHANNEL = 'slack';
/** Prefix of the `contentUrl` of an inbound file: `slack-media:<file id>`, fetched on demand. */
export const MEDIA_PREFIX = 'slack-media:';
/** Prefix of the action_id of every button balie sends; other buttons belong to someone else. */
export const ACTION_PREFIX = 'balie-act-';
/** Prefix of the action_id and modal callback_id of the Slack desk's controls (src/desk/slack); never a customer's. */
export const DESK_ACTION_PREFIX = 'balie_desk_';

const ts = z.string().regex(/^\d{1,12}\.\d{1,9}$/, 'must be a Slack timestamp like 1767377001.319859');
const id = z.string().regex(/^[A-Z0-9]{2,40}$/i, 'must be a Slack id');

// ---- Events API (HTTP body, or the payload of a Socket Mode `events_api` envelope) ----

export const eventsBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(500) }),
  z.looseObject({
    type: z.literal('event_callback'),
    team_id: z.string().optional(),
    api_app_id: z.string().optional(),
    // Always sent by Slack; some sanitised recordings lack it, and balie dedupes on channel+ts anyway.
    event_id: z.string().min(1).max(100).optional(),
    event_time: z.number().optional(),
    event: z.looseObject({ type: z.string().min(1).max(100) }),
  }),
  z.looseObject({ type: z.literal('app_rate_limited') }),
]);
export type EventsBody = z.output<typeof eventsBodySchema>;

const fileSchema = z.looseObject({
  id,
  name: z.string().nullish(),
  title: z.string().nullish(),
  mimetype: z.string().nullish(),
  size: z.number().nullish(),
  mode: z.string().nullish(),
});

export const messageEventSchema = z.looseObject({
  type: z.enum(['message', 'app_mention']),
  subtype: z.string().optional(),
  channel: id,
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().nullish(),
  text: z.string().max(100_000).optional(),
  ts,
  thread_ts: ts.optional(),
  files: z.array(fileSchema).max(100).optional(),
  /** For `message_changed`: the message as it is now. */
  message: z.looseObject({ ts: ts.optional(), text: z.string().optional() }).optional(),
});
export type MessageEvent = z.output<typeof messageEventSchema>;

// ---- Interactivity (form field `payload`) ----

export const interactionSchema = z.looseObject({ type: z.string().min(1).max(100) });

export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id, name: z.string().optional(), username: z.string().optional() }),
  channel: z.looseObject({ id }).optional(),
  container: z.looseObject({ type: z.string(), channel_id: id.optional(), message_ts: ts.optional(), thread_ts: ts.optional() }),
  message: z.looseObject({ ts: ts.optional(), thread_ts: ts.optional() }).optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string().min(1).max(255),
        type: z.string(),
        value: z.string().max(2000).optional(),
        text: z.looseObject({ text: z.string() }).optional(),
        action_ts: ts,
      }),
    )
    .min(1, 'must hold the pressed button'),
});
export type BlockActions = z.output<typeof blockActionsSchema>;
export type BlockAction = BlockActions['actions'][number];

/** The `payload` form field of an interaction request, parsed and checked. */
export function parseInteractionForm(form: unknown): z.output<typeof interactionSchema> {
  const payload = (form as { payload?: unknown } | undefined)?.payload;
  if (typeof payload !== 'string' || payload === '')
    throw new HttpError(400, 'BAD_REQUEST', 'invalid request body: Slack interactions are form-encoded with a `payload` field holding JSON');
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch (err) {
    throw new HttpError(400, 'BAD_REQUEST', `invalid request body: the \`payload\` field is not JSON (${(err as Error).message})`, { cause: err });
  }
  return validate(interactionSchema, json, 'payload');
}

// ---- Conversations ----

export interface SlackConversation {
  /** DM: the channel id. Channel thread: `${channel}:${thread root ts}`. */
  id: string;
  channel: string;
  /** Set for channel threads: where replies go. */
  threadTs?: string;
  isGroup: boolean;
  conversationType: 'personal' | 'group' | 'channel';
}

/** DM channel ids start with D; everything else (C public, G private or group DM) is shared. */
export function isDirectChannel(channel: string, channelType?: string): boolean {
  return channelType === 'im' || (channelType === undefined && channel.startsWith('D'));
}

export function conversationOf(channel: string, threadRootTs: string, channelType?: string): SlackConversation {
  if (isDirectChannel(channel, channelType)) return { id: channel, channel, isGroup: false, conversationType: 'personal' };
  return { id: `${channel}:${threadRootTs}`, channel, threadTs: threadRootTs, isGroup: true, conversationType: channelType === 'mpim' ? 'group' : 'channel' };
}

/** Where a reply to conversation `id` goes. */
export function targetOf(conversationId: string | undefined): { channel: string; threadTs?: string } {
  const match = /^([A-Z0-9]+)(?::(\d+\.\d+))?$/i.exec(conversationId ?? '');
  if (!match) throw new HttpError(400, 'BAD_REQUEST', `"${conversationId}" is not a Slack conversation id (channel, or channel:thread_ts)`);
  return { channel: match[1]!, threadTs: match[2] };
}

// ---- Text ----

/** Does `text` @-mention the bot? */
export function mentions(text: string | undefined, botUserId: string): boolean {
  return !!text && new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`).test(text);
}

/**
 * Slack's message text as a person reads it: the bot's own mention removed, other mentions and
 * channels as `@name`/`#name`, links as the text the user typed, and `&amp; &lt; &gt;` unescaped.
 */
export function slackTextToPlain(text: string, botUserId?: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, user: string, label?: string) => (user === botUserId ? '' : `@${label || user}`))
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, channel: string, label?: string) => `#${label || channel}`)
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, label?: string) => label || '@team')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<([a-z][a-z0-9+.-]*:[^|>]+)(?:\|([^>]*))?>/gi, (_m, url: string, label?: string) => label || url.replace(/^mailto:/, ''))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

// ---- Activities ----

export interface ParseContext {
  botUserId: string;
}

/** Message subtypes that are still a person writing to the bot (a file, a reply also sent to the channel). */
export const ANSWERED_SUBTYPES: ReadonlySet<string> = new Set(['file_share', 'thread_broadcast']);

/** Why a message event gets no turn, or undefined when it is a customer's message. */
export function skipReason(event: MessageEvent, options: { botUserId: string; botId?: string; deskChannel?: string }): string | undefined {
  if (event.subtype === 'message_changed') return 'an edit (edited messages are not answered again)';
  if (event.subtype === 'message_deleted') return 'a deletion';
  if (event.subtype === 'bot_message' || event.bot_id) return 'a bot message';
  if (event.user === options.botUserId) return "the bot's own message";
  if (event.subtype && !ANSWERED_SUBTYPES.has(event.subtype)) return `a "${event.subtype}" message`;
  if (!event.user) return 'a message without a user';
  if (options.deskChannel && event.channel === options.deskChannel) return "a message in the agents' desk channel";
  return undefined;
}

function stripSecrets<T extends Record<string, unknown>>(body: T): Record<string, unknown> {
  // `token` is the legacy verification token; `response_url` lets anyone post into the chat.
  const { token: _token, response_url: _responseUrl, ...rest } = body;
  return rest;
}

export function fileAttachments(event: MessageEvent): Attachment[] {
  return (event.files ?? [])
    .filter((f) => f.mode !== 'tombstone' && f.mode !== 'hidden_by_limit')
    .map((f) => ({ contentType: f.mimetype || 'application/octet-stream', contentUrl: `${MEDIA_PREFIX}${f.id}`, name: f.name ?? f.title ?? undefined }));
}

/** A customer's message (DM, mention or thread reply) as a botbuilder Activity. */
export function toActivity(event: MessageEvent, body: Record<string, unknown>, conversation: SlackConversation, ctx: ParseContext): Partial<Activity> {
  const attachments = fileAttachments(event);
  return {
    type: 'message',
    id: event.ts,
    timestamp: new Date(Math.round(Number(event.ts) * 1000)),
    text: slackTextToPlain(event.text ?? '', ctx.botUserId),
    attachments: attachments.length ? attachments : undefined,
    from: { id: event.user!, name: event.user!, role: 'user' },
    recipient: { id: ctx.botUserId, name: 'bot', role: 'bot' },
    conversation: { id: conversation.id, isGroup: conversation.isGroup, conversationType: conversation.conversationType, name: conversation.channel },
    channelData: stripSecrets(body),
  };
}

/** A pressed balie button as a message: `text` and `value.action` are the button's value. */
export function actionToActivity(body: BlockActions, action: BlockAction, raw: Record<string, unknown>, ctx: ParseContext): Partial<Activity> | undefined {
  const channel = body.container.channel_id ?? body.channel?.id;
  if (!channel) return undefined;
  const root = body.container.thread_ts ?? body.message?.thread_ts ?? body.container.message_ts ?? body.message?.ts ?? action.action_ts;
  const conversation = conversationOf(channel, root);
  const value = action.value ?? action.text?.text ?? action.action_id;
  return {
    type: 'message',
    id: `${action.action_ts}-${action.action_id}`,
    timestamp: new Date(Math.round(Number(action.action_ts) * 1000)),
    text: value,
    value: { action: value },
    from: { id: body.user.id, name: body.user.name ?? body.user.username ?? body.user.id, role: 'user' },
    recipient: { id: ctx.botUserId, name: 'bot', role: 'bot' },
    conversation: { id: conversation.id, isGroup: conversation.isGroup, conversationType: conversation.conversationType, name: channel },
    channelData: stripSecrets(raw),
  };
}

/** The ingress's dedupe key: a message is its channel and ts, whichever event (message, app_mention, a retry) brings it. */
export function messageNativeId(event: MessageEvent): string {
  return `${event.channel}:${event.ts}`;
}

export function actionNativeId(body: BlockActions, action: BlockAction): string {
  return `action:${body.container.channel_id ?? body.channel?.id}:${body.container.message_ts ?? ''}:${action.action_id}:${action.action_ts}`;
}
