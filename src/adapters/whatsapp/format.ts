import type { Activity, Attachment } from 'botbuilder-core';
import { renderMarkdown, type MarkdownRenderer } from '../../core/markdown.js';
import { splitText } from '../../core/split-text.js';

/**
 * WhatsApp accepts up to 65,536 characters in one message, but a wall of text that long is
 * unreadable on a phone; 4,096 keeps each bubble scrollable and matches what people expect
 * from the other channels.
 */
export const TEXT_LIMIT = 4096;

/** A suggested action as WhatsApp shows it: a numbered line, answered by its number or its text. */
export interface OfferedOption {
  title: string;
  value: string;
}

/** One message to send. Plain data, so a plan can travel over the event bus to the session holder. */
export type OutboundPart =
  | { kind: 'text'; text: string }
  | { kind: 'media'; url: string; contentType?: string; name?: string }
  | { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string };

export interface OutboundPlan {
  parts: OutboundPart[];
  /** The options this activity offers; they replace the chat's previous ones once sent. */
  options: OfferedOption[];
  /** Attachments WhatsApp cannot take from us (e.g. no http(s) URL), described for the log. */
  unsupported: string[];
}

export const LOCATION_TYPE = 'application/vnd.balie.location';
export const CONTACT_TYPE = 'application/vnd.balie.contact';

/** WhatsApp marks up `*bold*` and `_italic_`; the markers must touch the text they wrap. */
function wrap(marker: string, inner: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  const [, lead, core, trail] = match;
  return core ? `${lead}${marker}${core}${marker}${trail}` : inner;
}

/*
 * WhatsApp has no escape character: a literal `*` or `_` in plain text stays as it is, and a
 * pair of them may show as formatting. Changing the customer-visible characters would be worse,
 * so plain text is passed through unchanged (see docs/channels/whatsapp.md).
 */
export const whatsappRenderer: MarkdownRenderer = {
  text: (text) => text,
  bold: (inner) => wrap('*', inner),
  italic: (inner) => wrap('_', inner),
  link: (text, url) => (!text.trim() || text === url ? url : `${text} (${url})`),
  bullet: '• ',
};

export function toWhatsappText(markdown: string): string {
  return renderMarkdown(markdown, whatsappRenderer);
}

/** `*Sanne*: ` — the agent's name in bold, without characters that would break the bold. */
export function agentPrefix(name: string): string {
  const clean = name.replace(/[*_~`]/g, '').trim();
  return clean ? `*${clean}*: ` : '';
}

export function offeredOptions(activity: Partial<Activity>): OfferedOption[] {
  return (activity.suggestedActions?.actions ?? [])
    .map((a) => {
      const title = String(a.title ?? a.value ?? '').trim();
      const value = String(a.value ?? a.title ?? '').trim();
      return { title, value };
    })
    .filter((o) => o.title && o.value);
}

export function optionsBlock(options: OfferedOption[]): string {
  return options.map((o, i) => `${i + 1}. ${o.title.replace(/\s+/g, ' ')}`).join('\n');
}

function attachmentPart(attachment: Attachment): OutboundPart | string {
  if (attachment.contentType === LOCATION_TYPE) {
    const c = attachment.content as { latitude?: unknown; longitude?: unknown; name?: unknown; address?: unknown } | undefined;
    if (typeof c?.latitude === 'number' && typeof c.longitude === 'number') {
      return {
        kind: 'location',
        latitude: c.latitude,
        longitude: c.longitude,
        name: typeof c.name === 'string' ? c.name : undefined,
        address: typeof c.address === 'string' ? c.address : undefined,
      };
    }
    return 'a location without coordinates';
  }
  if (attachment.contentUrl && /^https?:\/\//i.test(attachment.contentUrl)) {
    return { kind: 'media', url: attachment.contentUrl, contentType: attachment.contentType, name: attachment.name };
  }
  return `${attachment.contentType ?? 'an attachment'} without an http(s) URL`;
}

/**
 * An outbound Activity as the WhatsApp messages to send: internal markdown in WhatsApp's
 * syntax, the agent's name in front when a person speaks, texts split at TEXT_LIMIT, suggested
 * actions as a numbered list (whatsapp-web.js buttons are deprecated and no longer shown), then
 * media and locations as messages of their own.
 */
export function formatActivity(activity: Partial<Activity>): OutboundPlan {
  const options = offeredOptions(activity);
  const isAgent = activity.from?.role === 'agent' && !!activity.from.name;
  const prefix = isAgent ? agentPrefix(activity.from!.name!) : '';
  const body = activity.text?.trim() ? toWhatsappText(activity.text) : '';

  const attachmentParts: OutboundPart[] = [];
  const unsupported: string[] = [];
  for (const attachment of activity.attachments ?? []) {
    const part = attachmentPart(attachment);
    if (typeof part === 'string') unsupported.push(part);
    else attachmentParts.push(part);
  }

  const texts: string[] = [];
  if (body) texts.push(...splitText(prefix + body, TEXT_LIMIT));
  else if (prefix && (attachmentParts.length || options.length)) texts.push(prefix.replace(/:\s*$/, ''));

  const parts: OutboundPart[] = texts.map((text) => ({ kind: 'text', text }));
  parts.push(...attachmentParts);
  if (options.length) {
    const block = optionsBlock(options);
    const last = parts.at(-1);
    // The list goes under the last text when that is also the last message and there is room.
    if (last?.kind === 'text' && last.text.length + 2 + block.length <= TEXT_LIMIT) last.text = `${last.text}\n\n${block}`;
    else parts.push(...splitText(block, TEXT_LIMIT).map((text): OutboundPart => ({ kind: 'text', text })));
  }
  return { parts, options, unsupported };
}
