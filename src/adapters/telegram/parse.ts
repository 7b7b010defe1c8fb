import type { Activity, Attachment } from 'botbuilder-core';
import { z } from 'zod';
import { HttpError, validate } from '../../core/http.js';

export const TELEGRAM_CHANNEL = 'telegram';

/** The update kinds balie acts on; Telegram is asked (allowed_updates) for these only. */
export const HANDLED_KINDS = ['message', 'edited_message', 'callback_query'] as const;

export const LOCATION_TYPE = 'application/vnd.balie.location';
export const CONTACT_TYPE = 'application/vnd.balie.contact';
export const MEDIA_PREFIX = 'telegram-media:';

/*
 * Schemas for what Telegram sends (https://core.telegram.org/bots/api#update). Objects are loose:
 * Telegram adds fields with every Bot API version, and a new field must never turn into a 400.
 */
const int = z.number().int();
const fileId = z.string().min(1);

const userSchema = z.looseObject({
  id: int,
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

const chatSchema = z.looseObject({
  id: int,
  type: z.string().min(1),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});

const entitySchema = z.looseObject({ type: z.string(), offset: int.nonnegative(), length: int.nonnegative(), user: userSchema.optional() });
const photoSizeSchema = z.looseObject({ file_id: fileId, width: int, height: int, file_size: int.optional() });
const fileSchema = z.looseObject({ file_id: fileId, file_name: z.string().optional(), mime_type: z.string().optional(), file_size: int.optional() });
const locationSchema = z.looseObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) });

const inlineKeyboardSchema = z.looseObject({
  inline_keyboard: z.array(z.array(z.looseObject({ text: z.string(), callback_data: z.string().optional() }))),
});

const messageSchema = z.looseObject({
  message_id: int,
  date: int,
  chat: chatSchema,
  from: userSchema.optional(),
  edit_date: int.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entitySchema).optional(),
  caption_entities: z.array(entitySchema).optional(),
  reply_to_message: z.looseObject({ message_id: int, from: userSchema.optional() }).optional(),
  photo: z.array(photoSizeSchema).min(1).optional(),
  document: fileSchema.optional(),
  animation: fileSchema.optional(),
  voice: fileSchema.optional(),
  audio: fileSchema.extend({ title: z.string().optional(), performer: z.string().optional() }).optional(),
  video: fileSchema.optional(),
  video_note: fileSchema.optional(),
  sticker: z.looseObject({ file_id: fileId, emoji: z.string().optional(), is_animated: z.boolean().optional(), is_video: z.boolean().optional() }).optional(),
  location: locationSchema.optional(),
  venue: z.looseObject({ location: locationSchema, title: z.string(), address: z.string() }).optional(),
  contact: z.looseObject({ phone_number: z.string(), first_name: z.string(), last_name: z.string().optional(), user_id: int.optional() }).optional(),
});

const callbackQuerySchema = z.looseObject({
  id: z.string().min(1),
  from: userSchema,
  // Absent for buttons under inline-mode messages; date 0 marks a message too old to read.
  message: z.looseObject({ message_id: int, chat: chatSchema, reply_markup: inlineKeyboardSchema.optional() }).optional(),
  inline_message_id: z.string().optional(),
  data: z.string().optional(),
});

export const updateSchema = z
  .looseObject({
    update_id: int.nonnegative(),
    message: messageSchema.optional(),
    edited_message: messageSchema.optional(),
    callback_query: callbackQuerySchema.optional(),
  })
  .refine((u) => Object.keys(u).some((k) => k !== 'update_id'), {
    message: 'an update needs a kind next to update_id, such as message, edited_message or callback_query',
    path: ['update_id'],
  });

export type TelegramUpdate = z.output<typeof updateSchema>;
export type TelegramMessage = z.output<typeof messageSchema>;
export type TelegramUser = z.output<typeof userSchema>;
export type TelegramChat = z.output<typeof chatSchema>;
type Entity = z.output<typeof entitySchema>;

/** Checks a webhook body; a non-object or a malformed update is a 400 that says what is wrong. */
export function parseUpdateBody(body: unknown): TelegramUpdate {
  let value = body;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    try {
      value = JSON.parse(value.toString());
    } catch {
      throw new HttpError(400, 'BAD_REQUEST', 'the body is not valid JSON; Telegram sends one Update object as JSON');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'BAD_REQUEST', 'the body must be one Telegram Update object (a JSON object with update_id)');
  }
  return validate(updateSchema, value, 'update');
}

/** The kind of a valid update that balie does not handle (e.g. my_chat_member), or undefined. */
export function unhandledKind(update: TelegramUpdate): string | undefined {
  if (HANDLED_KINDS.some((k) => update[k] !== undefined)) return undefined;
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';
}

/** Who the bot is, from getMe: needed to see whether a group message is meant for it. */
export interface BotIdentity {
  id: number;
  username?: string;
}

export type Inbound = { kind: 'message'; activity: Partial<Activity>; callbackQueryId?: string } | { kind: 'ignored'; reason: IgnoredReason; callbackQueryId?: string };

export type IgnoredReason = 'edited' | 'from-bot' | 'not-addressed' | 'no-content' | 'unhandled-kind' | 'unknown-button' | 'inline-button';

export interface NormaliseOptions {
  bot: BotIdentity;
  /** Turns a button's callback_data back into the value the dialog set (see callback-data.ts). */
  decodeCallbackData(data: string): string | undefined;
}

/**
 * One Telegram update as a botbuilder Activity, or the reason it gets no turn. Decisions:
 * edits are not answered again; bots (including ourselves) are ignored; in groups only messages
 * that mention the bot, reply to it or are commands are answered.
 */
export function toActivity(update: TelegramUpdate, options: NormaliseOptions): Inbound {
  if (update.message) return normaliseMessage(update, update.message, options.bot);
  if (update.edited_message) return { kind: 'ignored', reason: 'edited' };
  if (update.callback_query) return normaliseCallback(update, update.callback_query, options);
  return { kind: 'ignored', reason: 'unhandled-kind' };
}

function normaliseMessage(update: TelegramUpdate, message: TelegramMessage, bot: BotIdentity): Inbound {
  const from = message.from;
  if (!from || from.is_bot) return { kind: 'ignored', reason: 'from-bot' };
  const isGroup = message.chat.type !== 'private';
  const rawText = message.text ?? message.caption;
  const entities = (message.text !== undefined ? message.entities : message.caption_entities) ?? [];
  if (isGroup && !addressesBot(message, rawText, entities, bot)) return { kind: 'ignored', reason: 'not-addressed' };

  const text = rawText === undefined ? undefined : cleanText(rawText, entities, bot);
  const attachments = attachmentsOf(message);
  if (!text && attachments.length === 0) return { kind: 'ignored', reason: 'no-content' };
  return {
    kind: 'message',
    activity: {
      type: 'message',
      id: String(message.message_id),
      text: text || undefined,
      attachments: attachments.length ? attachments : undefined,
      ...common(update, message.chat, from, message.date),
      replyToId: message.reply_to_message ? String(message.reply_to_message.message_id) : undefined,
    },
  };
}

function normaliseCallback(update: TelegramUpdate, query: NonNullable<TelegramUpdate['callback_query']>, options: NormaliseOptions): Inbound {
  const message = query.message;
  if (!message || query.data === undefined) return { kind: 'ignored', reason: 'inline-button', callbackQueryId: query.id };
  const value = options.decodeCallbackData(query.data);
  // A token this process does not know (restart, other process): fall back to the button's label,
  // which is what the customer would have typed.
  const label = message.reply_markup?.inline_keyboard.flat().find((b) => b.callback_data === query.data)?.text;
  if (value === undefined && !label) return { kind: 'ignored', reason: 'unknown-button', callbackQueryId: query.id };
  return {
    kind: 'message',
    callbackQueryId: query.id,
    activity: {
      type: 'message',
      id: query.id,
      text: value ?? label,
      value: value !== undefined ? { action: value } : undefined,
      ...common(update, message.chat, query.from, Math.floor(Date.now() / 1000)),
      replyToId: String(message.message_id),
    },
  };
}

function common(update: TelegramUpdate, chat: TelegramChat, from: TelegramUser, date: number): Partial<Activity> {
  const name = displayName(from);
  return {
    timestamp: new Date(date * 1000),
    locale: from.language_code,
    from: { id: String(from.id), name, role: 'user' },
    conversation: {
      id: String(chat.id),
      isGroup: chat.type !== 'private',
      conversationType: conversationType(chat.type),
      name: chat.title ?? name,
    },
    channelData: update,
  };
}

export function displayName(user: { first_name: string; last_name?: string }): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ');
}

function conversationType(type: string): 'personal' | 'group' | 'channel' {
  if (type === 'private') return 'personal';
  return type === 'channel' ? 'channel' : 'group';
}

/** A mention of the bot, a reply to one of its messages, or a command (not for another bot). */
function addressesBot(message: TelegramMessage, text: string | undefined, entities: Entity[], bot: BotIdentity): boolean {
  if (message.reply_to_message?.from?.id === bot.id) return true;
  if (text === undefined) return false;
  if (entities.some((e) => e.type === 'text_mention' && e.user?.id === bot.id)) return true;
  if (bot.username && mentionPattern(bot.username).test(text)) return true;
  const command = /^\/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?/.exec(text);
  return !!command && (!command[1] || command[1].toLowerCase() === bot.username?.toLowerCase());
}

function mentionPattern(username: string): RegExp {
  return new RegExp(`@${username.replace(/[^A-Za-z0-9_]/g, '')}(?![A-Za-z0-9_])`, 'i');
}

/** Drops the bot's @mention and a command's @botname suffix, so the dialogs see the question itself. */
function cleanText(text: string, entities: Entity[], bot: BotIdentity): string {
  let out = text;
  // Offsets are in UTF-16 code units, like JS strings; cut from the end so earlier offsets stay valid.
  for (const e of [...entities].sort((a, b) => b.offset - a.offset)) {
    if (e.type === 'text_mention' && e.user?.id === bot.id) out = out.slice(0, e.offset) + out.slice(e.offset + e.length);
  }
  if (bot.username) {
    out = out.replace(new RegExp(`^(/[A-Za-z0-9_]+)@${bot.username.replace(/[^A-Za-z0-9_]/g, '')}(?![A-Za-z0-9_])`, 'i'), '$1');
    out = out.replace(new RegExp(mentionPattern(bot.username).source, 'gi'), '');
  }
  return out
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[\s,:]+/, '')
    .trim();
}

function media(fileId: string, contentType: string, name?: string): Attachment {
  return { contentType, contentUrl: `${MEDIA_PREFIX}${fileId}`, ...(name ? { name } : {}) };
}

function attachmentsOf(m: TelegramMessage): Attachment[] {
  const out: Attachment[] = [];
  if (m.photo) {
    // Telegram sends every size it made; the largest is the original.
    const largest = m.photo.reduce((a, b) => ((b.file_size ?? b.width * b.height) > (a.file_size ?? a.width * a.height) ? b : a));
    out.push(media(largest.file_id, 'image/jpeg'));
  }
  // A GIF arrives as `animation` with a copy in `document`; take it once.
  if (m.animation) out.push(media(m.animation.file_id, m.animation.mime_type ?? 'video/mp4', m.animation.file_name));
  else if (m.document) out.push(media(m.document.file_id, m.document.mime_type ?? 'application/octet-stream', m.document.file_name));
  if (m.voice) out.push(media(m.voice.file_id, m.voice.mime_type ?? 'audio/ogg'));
  if (m.audio) out.push(media(m.audio.file_id, m.audio.mime_type ?? 'audio/mpeg', m.audio.file_name ?? m.audio.title));
  if (m.video) out.push(media(m.video.file_id, m.video.mime_type ?? 'video/mp4', m.video.file_name));
  if (m.video_note) out.push(media(m.video_note.file_id, 'video/mp4'));
  if (m.sticker) {
    const type = m.sticker.is_animated ? 'application/x-tgsticker' : m.sticker.is_video ? 'video/webm' : 'image/webp';
    out.push(media(m.sticker.file_id, type));
  }
  if (m.venue) {
    out.push({ contentType: LOCATION_TYPE, content: { ...m.venue.location, name: m.venue.title, address: m.venue.address } });
  } else if (m.location) {
    out.push({ contentType: LOCATION_TYPE, content: { latitude: m.location.latitude, longitude: m.location.longitude } });
  }
  if (m.contact) {
    out.push({ contentType: CONTACT_TYPE, content: { name: displayName(m.contact), phones: [m.contact.phone_number] } });
  }
  return out;
}
