import type { Activity, Attachment } from 'botbuilder-core';
import { z } from 'zod';
import { CONTACT_TYPE, LOCATION_TYPE } from './format.js';
import type { WAMessage } from './library.js';
import { localeForPhoneDigits } from '../../core/phone-locale.js';

export const WHATSAPP_CHANNEL = 'whatsapp';
export const MEDIA_REF_PREFIX = 'whatsapp-media:';

/** How the bot behaves in group chats: answer when mentioned (default), always, or never. */
export type GroupPolicy = 'mentions' | 'all' | 'off';

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);
const REPLY_TYPES = new Set(['buttons_response', 'list_response', 'template_button_reply']);
const HANDLED_TYPES = new Set(['chat', 'location', 'vcard', 'multi_vcard', ...MEDIA_TYPES, ...REPLY_TYPES]);

const serialized = z.union([z.string(), z.object({ _serialized: z.string() }).transform((w) => w._serialized)]);

/** What the adapter reads from a whatsapp-web.js Message; anything else it leaves alone. */
export const inboundMessageSchema = z.object({
  id: z.object({ _serialized: z.string().min(1, 'is empty'), fromMe: z.boolean() }),
  from: z.string().regex(/^[^@\s]+@[a-z.]+$/, 'is not a WhatsApp id like 31612345678@c.us'),
  author: z.string().nullish(),
  type: z.string().min(1),
  body: z.string().default(''),
  timestamp: z.number().nonnegative().optional(),
  hasMedia: z.boolean().default(false),
  isStatus: z.boolean().optional(),
  vCards: z.array(z.string()).default([]),
  location: z.object({ latitude: z.coerce.number(), longitude: z.coerce.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
  mentionedIds: z.array(serialized).default([]),
  selectedButtonId: z.string().optional(),
  selectedRowId: z.string().optional(),
  _data: z
    .object({
      notifyName: z.string().optional(),
      mimetype: z.string().optional(),
      filename: z.string().optional(),
      size: z.number().optional(),
    })
    .loose(),
});
export type InboundMessage = z.output<typeof inboundMessageSchema>;

/** The Message's own fields as a plain object (zod reads plain data, the Message is a class). */
export function viewOf(message: WAMessage): unknown {
  const m = message as unknown as Record<string, unknown>;
  const location = message.location as unknown as Record<string, unknown> | undefined;
  return {
    id: m.id,
    from: m.from,
    author: m.author,
    type: m.type,
    body: m.body,
    timestamp: m.timestamp,
    hasMedia: m.hasMedia,
    isStatus: m.isStatus,
    vCards: m.vCards,
    location: location ? { latitude: location.latitude, longitude: location.longitude, name: location.name ?? undefined, address: location.address ?? undefined } : undefined,
    mentionedIds: m.mentionedIds,
    selectedButtonId: m.selectedButtonId,
    selectedRowId: m.selectedRowId,
    _data: m._data,
  };
}

export type ChatKind = 'direct' | 'group' | 'other';

/** `…@c.us` (phone number) and `…@lid` (hidden number) are people; `…@g.us` are groups. */
export function chatKind(chatId: string): ChatKind {
  if (chatId.endsWith('@g.us')) return 'group';
  if (chatId.endsWith('@c.us') || chatId.endsWith('@lid') || chatId.endsWith('@s.whatsapp.net')) return 'direct';
  return 'other';
}

export function localeFromWid(wid: string): string | undefined {
  const match = /^(\d{6,15})@(c\.us|s\.whatsapp\.net)$/.exec(wid);
  return match ? localeForPhoneDigits(match[1]!) : undefined;
}

/** A vCard's name and phone numbers (WhatsApp puts the number in `waid=` and after the colon). */
export function parseVCard(vcard: string): { name: string; phones: string[] } {
  const lines = vcard
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
  const unescape = (s: string) =>
    s
      .replace(/\\([,;\\])/g, '$1')
      .replace(/\\n/gi, ' ')
      .trim();
  let name = '';
  const phones: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).toUpperCase();
    const value = line.slice(colon + 1);
    if (key === 'FN' || key.startsWith('FN;')) name = unescape(value);
    else if (!name && (key === 'N' || key.startsWith('N;'))) name = unescape(value.split(';').filter(Boolean).reverse().join(' '));
    else if (key === 'TEL' || key.startsWith('TEL;') || /^ITEM\d+\.TEL/.test(key)) {
      const waid = /waid=(\d+)/i.exec(key)?.[1];
      const phone = unescape(value) || (waid ? `+${waid}` : '');
      if (phone) phones.push(phone);
    }
  }
  return { name, phones };
}

export interface ParseContext {
  /** The bot's own WhatsApp ids (to see mentions in groups). */
  ownIds: string[];
  groups: GroupPolicy;
}

export type ParseResult = { kind: 'activity'; activity: Partial<Activity>; nativeId: string; chatId: string; senderId: string } | { kind: 'ignored'; reason: string };

const CHANNEL_DATA_KEYS = [
  'type',
  't',
  'notifyName',
  'mimetype',
  'filename',
  'size',
  'duration',
  'isForwarded',
  'forwardingScore',
  'broadcast',
  'mentionedJidList',
  'quotedStanzaID',
  'quotedParticipant',
  'isGif',
  'lat',
  'lng',
  'loc',
  'selectedButtonId',
] as const;

/** The native payload minus what a log or a transcript must not carry (media keys, thumbnails). */
function channelData(message: InboundMessage): Record<string, unknown> {
  const data: Record<string, unknown> = { id: message.id._serialized, from: message.from, author: message.author ?? undefined };
  for (const key of CHANNEL_DATA_KEYS) if (message._data[key] !== undefined) data[key] = message._data[key];
  return { whatsapp: data };
}

function mentionsBot(message: InboundMessage, ownIds: string[]): boolean {
  if (message.mentionedIds.some((id) => ownIds.includes(id))) return true;
  // Mentions are written into the text as "@<number>"; newer clients may mention by a hidden id.
  return ownIds.some((id) => message.body.includes(`@${id.split('@')[0]}`));
}

/**
 * A whatsapp-web.js Message as a botbuilder Activity, or the reason it is not one: our own
 * messages, status updates, unmentioned group chatter and non-message notifications are ignored.
 */
export function toActivity(message: WAMessage, ctx: ParseContext): ParseResult {
  const parsed = inboundMessageSchema.safeParse(viewOf(message));
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'message'}: ${i.message}`);
    return { kind: 'ignored', reason: `not a message this adapter understands (${problems.join('; ')})` };
  }
  const m = parsed.data;
  if (m.id.fromMe) return { kind: 'ignored', reason: "sent from the business's own WhatsApp" };
  if (m.isStatus || m.from === 'status@broadcast') return { kind: 'ignored', reason: 'a status update' };
  const kind = chatKind(m.from);
  if (kind === 'other') return { kind: 'ignored', reason: 'not a direct or group chat (broadcast or channel)' };
  if (!HANDLED_TYPES.has(m.type)) return { kind: 'ignored', reason: `message type ${m.type} is not handled` };
  if (kind === 'group') {
    if (!m.author) return { kind: 'ignored', reason: 'a group message without an author' };
    if (ctx.groups === 'off') return { kind: 'ignored', reason: 'group chats are switched off' };
    if (ctx.groups === 'mentions' && !mentionsBot(m, ctx.ownIds)) return { kind: 'ignored', reason: 'a group message that does not mention the bot' };
  }

  const chatId = m.from;
  const senderId = kind === 'group' ? m.author! : m.from;
  const nativeId = m.id._serialized;
  const attachments: Attachment[] = [];
  let text: string | undefined;
  let value: { action: string } | undefined;

  if (m.type === 'chat') text = m.body;
  else if (MEDIA_TYPES.has(m.type)) {
    text = m.body || undefined; // the caption
    attachments.push({
      contentType: m._data.mimetype ?? (m.type === 'sticker' ? 'image/webp' : 'application/octet-stream'),
      contentUrl: `${MEDIA_REF_PREFIX}${nativeId}`,
      name: m._data.filename ?? undefined,
    });
  } else if (m.type === 'location') {
    // The body of a location message is a thumbnail, not text.
    if (!m.location || !Number.isFinite(m.location.latitude) || !Number.isFinite(m.location.longitude)) return { kind: 'ignored', reason: 'a location without coordinates' };
    const { latitude, longitude, name, address } = m.location;
    attachments.push({ contentType: LOCATION_TYPE, content: { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) } });
  } else if (m.type === 'vcard' || m.type === 'multi_vcard') {
    for (const vcard of m.vCards) {
      const contact = parseVCard(vcard);
      attachments.push({ contentType: CONTACT_TYPE, content: contact, name: contact.name || undefined });
    }
  } else {
    // Replies to legacy buttons and lists: the id of what was picked.
    const picked = m.selectedButtonId ?? m.selectedRowId;
    if (!picked) return { kind: 'ignored', reason: `a ${m.type} without a selection` };
    text = picked;
    value = { action: picked };
  }

  const activity: Partial<Activity> = {
    type: 'message',
    id: nativeId,
    text,
    value,
    attachments: attachments.length ? attachments : undefined,
    locale: localeFromWid(senderId),
    timestamp: m.timestamp ? new Date(m.timestamp * 1000) : new Date(),
    from: { id: senderId, name: m._data.notifyName?.trim() ?? '', role: 'user' },
    conversation:
      kind === 'group'
        ? { id: chatId, isGroup: true, conversationType: 'group', name: 'WhatsApp group' }
        : { id: chatId, isGroup: false, conversationType: 'personal', name: 'WhatsApp' },
    channelData: channelData(m),
  };
  return { kind: 'activity', activity, nativeId, chatId, senderId };
}
