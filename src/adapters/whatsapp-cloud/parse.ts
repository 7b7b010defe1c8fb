import type { Activity, Attachment } from 'botbuilder-core';
import { z } from 'zod';
import { localeForPhoneDigits } from '../../core/phone-locale.js';

export const WHATSAPP_CLOUD_CHANNEL = 'whatsapp-cloud';
export const LOCATION_TYPE = 'application/vnd.balie.location';
export const CONTACT_TYPE = 'application/vnd.balie.contact';

const MEDIA_PREFIX = `${WHATSAPP_CLOUD_CHANNEL}-media:`;

/** The lazy reference to an inbound media file put in `contentUrl`; `fetchMedia()` resolves it. */
export function mediaRef(mediaId: string): string {
  return `${MEDIA_PREFIX}${mediaId}`;
}

export function mediaIdOf(contentUrl: string | undefined): string | undefined {
  if (!contentUrl?.startsWith(MEDIA_PREFIX)) return undefined;
  const id = contentUrl.slice(MEDIA_PREFIX.length);
  return /^[A-Za-z0-9_.-]{1,128}$/.test(id) ? id : undefined;
}

/*
 * Schemas for what Meta posts to the webhook. Objects are loose (Meta adds fields over time) and
 * only what balie reads is required; message types balie does not handle pass validation and are
 * skipped later, because a 4xx would make Meta redeliver a valid payload for days.
 */

const timestamp = z.union([z.string().regex(/^\d+$/, 'must be seconds since 1970 as digits'), z.number().int().nonnegative()]);

const media = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string().min(1).optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

const location = z.looseObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().optional(),
  address: z.string().optional(),
  url: z.string().optional(),
});

const contactCard = z.looseObject({
  name: z.looseObject({ formatted_name: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }).optional(),
  phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() })).optional(),
});

const reply = z.looseObject({ id: z.string().min(1), title: z.string(), description: z.string().optional() });

const platformError = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

const MEDIA_TYPES = ['image', 'document', 'audio', 'voice', 'video', 'sticker'] as const;
type MediaType = (typeof MEDIA_TYPES)[number];
/** Types whose content lives under a key of the same name, e.g. `{ type: 'image', image: {...} }`. */
const CONTENT_KEYED = new Set<string>(['text', 'location', 'contacts', 'interactive', 'button', ...MEDIA_TYPES]);

const message = z
  .looseObject({
    from: z.string().min(1),
    id: z.string().min(1),
    timestamp,
    type: z.string().min(1),
    text: z.looseObject({ body: z.string() }).optional(),
    image: media.optional(),
    document: media.optional(),
    audio: media.optional(),
    voice: media.optional(),
    video: media.optional(),
    sticker: media.optional(),
    location: location.optional(),
    contacts: z.array(contactCard).optional(),
    interactive: z
      .looseObject({ type: z.string().min(1), button_reply: reply.optional(), list_reply: reply.optional() })
      .superRefine((i, ctx) => {
        if ((i.type === 'button_reply' || i.type === 'list_reply') && !i[i.type]) {
          ctx.addIssue({ code: 'custom', path: [i.type], message: `is missing for an interactive reply of type ${i.type}` });
        }
      })
      .optional(),
    button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
    context: z.looseObject({ from: z.string().optional(), id: z.string().optional(), forwarded: z.boolean().optional(), frequently_forwarded: z.boolean().optional() }).optional(),
    errors: z.array(platformError).optional(),
  })
  .superRefine((m, ctx) => {
    if (CONTENT_KEYED.has(m.type) && m[m.type as keyof typeof m] === undefined) {
      ctx.addIssue({ code: 'custom', path: [m.type], message: `is missing for a message of type "${m.type}"` });
    }
  });

const status = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: timestamp.optional(),
  recipient_id: z.string().optional(),
  errors: z.array(platformError).optional(),
});

const changeValue = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({ display_phone_number: z.string().optional(), phone_number_id: z.string().min(1) }).optional(),
  contacts: z.array(z.looseObject({ wa_id: z.string().min(1), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(message).optional(),
  statuses: z.array(status).optional(),
  errors: z.array(platformError).optional(),
});

export const webhookSchema = z.looseObject({
  object: z.literal('whatsapp_business_account', { error: 'must be "whatsapp_business_account" (is the webhook subscribed to a WhatsApp Business Account?)' }),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(
        z.looseObject({ field: z.string().min(1), value: changeValue }).superRefine((c, ctx) => {
          if (c.field === 'messages' && !c.value.metadata)
            ctx.addIssue({ code: 'custom', path: ['value', 'metadata'], message: 'is required for a "messages" change (it says which phone number was written to)' });
        }),
      ),
    }),
  ),
});

export type WebhookPayload = z.output<typeof webhookSchema>;
export type CloudMessage = z.output<typeof message>;
export type CloudStatus = z.output<typeof status>;
type Metadata = NonNullable<z.output<typeof changeValue>['metadata']>;
type Profile = NonNullable<z.output<typeof changeValue>['contacts']>[number];

export interface InboundMessage {
  nativeId: string;
  activity: Partial<Activity>;
}

export interface Skipped {
  /** Why the item runs no turn (logged at debug or info, never with personal data). */
  reason: 'other-field' | 'other-phone-number' | 'unsupported-type';
  field?: string;
  type?: string;
  phoneNumberId?: string;
  errorCodes?: number[];
}

export interface ParsedDelivery {
  messages: InboundMessage[];
  statuses: CloudStatus[];
  skipped: Skipped[];
}

/**
 * Splits one webhook delivery into customer messages (as Activities, in delivery order), delivery
 * statuses of our own messages, and what balie deliberately ignores: other webhook fields, other
 * phone numbers of the same business account, and message types it does not handle.
 */
export function parseDelivery(payload: WebhookPayload, phoneNumberId: string): ParsedDelivery {
  const out: ParsedDelivery = { messages: [], statuses: [], skipped: [] };
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') {
        out.skipped.push({ reason: 'other-field', field: change.field });
        continue;
      }
      const { value } = change;
      const metadata = value.metadata!;
      if (metadata.phone_number_id !== phoneNumberId) {
        // One Meta app can serve several numbers; answering from ours would be wrong.
        out.skipped.push({ reason: 'other-phone-number', phoneNumberId: metadata.phone_number_id });
        continue;
      }
      out.statuses.push(...(value.statuses ?? []));
      for (const m of value.messages ?? []) {
        const profile = value.contacts?.find((c) => c.wa_id === m.from) ?? (value.contacts?.length === 1 ? value.contacts[0] : undefined);
        const activity = toActivity(m, profile, metadata);
        if (activity) out.messages.push({ nativeId: m.id, activity });
        else
          out.skipped.push({
            reason: 'unsupported-type',
            type: m.type === 'interactive' ? `interactive/${m.interactive?.type}` : m.type,
            errorCodes: m.errors?.map((e) => e.code),
          });
      }
    }
  }
  return out;
}

interface Content {
  text?: string;
  value?: { action: string };
  attachments?: Partial<Attachment>[];
}

/** One customer message as an Activity; undefined for types balie does not handle (reactions, system notices...). */
export function toActivity(m: CloudMessage, profile: Profile | undefined, metadata: Metadata): Partial<Activity> | undefined {
  const content = contentOf(m);
  if (!content) return undefined;
  // The profile name is what the customer chose to show; without one, no phone number stands in for it.
  const name = profile?.profile?.name ?? 'WhatsApp customer';
  const seconds = typeof m.timestamp === 'number' ? m.timestamp : Number(m.timestamp);
  return {
    type: 'message',
    id: m.id,
    timestamp: new Date(seconds * 1000),
    text: content.text,
    value: content.value,
    attachments: content.attachments as Attachment[] | undefined,
    replyToId: m.context?.id,
    locale: localeForPhoneDigits(m.from),
    from: { id: m.from, name, role: 'user' },
    // Cloud API chats are always one customer and one business number.
    conversation: { id: m.from, name, isGroup: false, conversationType: 'personal' },
    recipient: { id: metadata.phone_number_id, name: metadata.display_phone_number ?? 'bot', role: 'bot' },
    channelData: { message: m, contact: profile, metadata },
  };
}

function contentOf(m: CloudMessage): Content | undefined {
  switch (m.type) {
    case 'text':
      return { text: m.text!.body };
    case 'image':
    case 'document':
    case 'audio':
    case 'voice':
    case 'video':
    case 'sticker':
      return mediaContent(m.type, m[m.type]!);
    case 'location': {
      const l = m.location!;
      return {
        attachments: [{ contentType: LOCATION_TYPE, name: l.name, content: { latitude: l.latitude, longitude: l.longitude, name: l.name, address: l.address } }],
      };
    }
    case 'contacts':
      return {
        attachments: m.contacts!.map((c) => {
          const name = c.name?.formatted_name ?? [c.name?.first_name, c.name?.last_name].filter(Boolean).join(' ');
          return { contentType: CONTACT_TYPE, name, content: { name, phones: (c.phones ?? []).map((p) => p.phone ?? p.wa_id).filter((p): p is string => !!p) } };
        }),
      };
    case 'interactive': {
      const picked = m.interactive!.type === 'button_reply' ? m.interactive!.button_reply : m.interactive!.type === 'list_reply' ? m.interactive!.list_reply : undefined;
      // What the customer's screen shows is the title; the id is what the bot offered as value.
      return picked ? { text: picked.title, value: { action: picked.id } } : undefined;
    }
    case 'button':
      // A quick-reply button of a template message.
      return { text: m.button!.text, value: { action: m.button!.payload ?? m.button!.text } };
    default:
      return undefined;
  }
}

function mediaContent(type: MediaType, file: z.output<typeof media>): Content {
  const contentType = file.mime_type ?? (type === 'sticker' ? 'image/webp' : 'application/octet-stream');
  return {
    text: file.caption,
    attachments: [{ contentType, contentUrl: mediaRef(file.id), name: file.filename }],
  };
}
