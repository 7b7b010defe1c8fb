import type { Activity, Attachment, CardAction } from 'botbuilder-core';
import { BalieError } from '../../core/errors.js';
import { renderMarkdown, type MarkdownRenderer } from '../../core/markdown.js';
import { splitText } from '../../core/split-text.js';
import { CONTACT_TYPE, LOCATION_TYPE } from './parse.js';

/** Limits of the Cloud API's messages endpoint. */
export const LIMITS = {
  text: 4096,
  /** Body of an interactive message, and a media caption. */
  interactiveBody: 1024,
  replyButtons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listRows: 10,
  rowTitle: 24,
  rowId: 200,
  listButton: 20,
} as const;

/** A message body for `POST /<phone-number-id>/messages`, without `messaging_product` and `to`. */
export type OutboundMessage =
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | { type: 'interactive'; interactive: Interactive }
  | { type: 'image' | 'video' | 'document'; image?: MediaLink; video?: MediaLink; document?: MediaLink }
  | { type: 'audio'; audio: { link: string } }
  | { type: 'location'; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: 'contacts'; contacts: { name: { formatted_name: string; first_name: string }; phones: { phone: string }[] }[] };

interface MediaLink {
  link: string;
  caption?: string;
  filename?: string;
}

export type Interactive =
  | { type: 'button'; body: { text: string }; action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] } }
  | { type: 'list'; body: { text: string }; action: { button: string; sections: { rows: { id: string; title: string }[] }[] } };

export interface Option {
  title: string;
  value: string;
}

export type Layout = 'buttons' | 'list' | 'numbered';

// Characters WhatsApp reads as formatting: *bold*, _italic_, ~strike~, `code`.
const MARKERS = /[*_~`]/g;
const URL = /https?:\/\/[^\s<>]+/g;
/** Zero-width space: after a marker character it keeps WhatsApp from pairing it, and shows nothing. */
const ZWSP = '\u200B';

/** WhatsApp has no escape character: literal markers in plain text get a zero-width space after them (not inside URLs). */
export function escapeWhatsApp(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL)) {
    out += text.slice(last, m.index).replace(MARKERS, (c) => c + ZWSP) + m[0];
    last = m.index + m[0].length;
  }
  return out + text.slice(last).replace(MARKERS, (c) => c + ZWSP);
}

/** WhatsApp only formats a span whose markers touch its text, so surrounding spaces move outside. */
const wrap = (marker: string) => (inner: string) => {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : inner;
};

const renderer: MarkdownRenderer = {
  text: escapeWhatsApp,
  bold: wrap('*'),
  italic: wrap('_'),
  // WhatsApp links bare URLs itself; a link whose text is its URL is shown once.
  link: (text, url) => (text === url || `https://${text}` === url || `http://${text}` === url ? url : `${escapeWhatsApp(text)} (${url})`),
  bullet: '• ',
};

/** balie markdown in WhatsApp's own syntax: `*bold*`, `_italic_`, links as "text (url)". */
export function toWhatsAppText(markdown: string): string {
  return renderMarkdown(markdown, renderer);
}

/** How a set of suggested actions can be shown: reply buttons, a list, or numbered lines as a last resort. */
export function layoutFor(options: Option[]): Layout {
  const unique = (xs: string[]) => new Set(xs).size === xs.length;
  const ids = options.map((o) => o.value);
  const titles = options.map((o) => o.title);
  const fits = (titleMax: number, idMax: number) =>
    titles.every((t) => t.trim().length > 0 && t.length <= titleMax) && ids.every((v) => v.length > 0 && v.length <= idMax) && unique(ids) && unique(titles);
  if (options.length <= LIMITS.replyButtons && fits(LIMITS.buttonTitle, LIMITS.buttonId)) return 'buttons';
  if (options.length <= LIMITS.listRows && fits(LIMITS.rowTitle, LIMITS.rowId)) return 'list';
  return 'numbered';
}

export function optionsOf(actions: CardAction[] | undefined): Option[] {
  return (actions ?? []).map((a) => {
    const value = String(a.value ?? a.title ?? '');
    return { title: a.title ?? value, value };
  });
}

/** The label of the button that opens a list, in the conversation's language where known. */
const LIST_BUTTON: Record<string, string> = { en: 'Choose', nl: 'Kies', de: 'Auswählen', fr: 'Choisir', es: 'Elegir' };

export interface FormatOptions {
  /** The conversation's language, for the list button's label. */
  language?: string;
  /** Overrides the list button's label (at most 20 characters). */
  listButtonLabel?: string;
}

/**
 * One Activity as the Cloud API messages that show it: the text (agent name first, split at the
 * limit), suggested actions as reply buttons or a list on the last part, then the attachments. A
 * single media attachment with a short text and no actions becomes one captioned message.
 */
export function formatActivity(activity: Partial<Activity>, options: FormatOptions = {}): OutboundMessage[] {
  const agent = activity.from?.role === 'agent' && activity.from.name ? `*${escapeWhatsApp(activity.from.name)}*: ` : '';
  const body = activity.text?.trim() ? toWhatsAppText(activity.text.trim()) : '';
  const text = agent && !body ? agent.trimEnd() : agent + body;
  const choices = optionsOf(activity.suggestedActions?.actions);
  const attachments = (activity.attachments ?? []).map(attachmentMessage);

  const captioned = attachments.length === 1 && !choices.length && text.length <= LIMITS.interactiveBody ? withCaption(attachments[0]!, text) : undefined;
  if (captioned) return [captioned];

  const out: OutboundMessage[] = [];
  const layout = choices.length ? layoutFor(choices) : undefined;
  if (layout === 'buttons' || layout === 'list') {
    const parts = text ? splitText(text, LIMITS.text) : [];
    let last = parts.pop() ?? '';
    if (last.length > LIMITS.interactiveBody) {
      const pieces = splitText(last, LIMITS.interactiveBody);
      last = pieces.pop()!;
      parts.push(...pieces);
    }
    out.push(...parts.map(textMessage));
    // WhatsApp needs a body on interactive messages; a pointing hand reads in any language.
    const interactive = layout === 'buttons' ? buttons(last || '👇', choices) : list(last || '👇', choices, options);
    if (attachments.length && !text) return [...attachments, { type: 'interactive', interactive }];
    out.push({ type: 'interactive', interactive });
  } else {
    const numbered = layout === 'numbered' ? `${text}${text ? '\n\n' : ''}${choices.map((c, i) => `${i + 1}. ${escapeWhatsApp(c.title)}`).join('\n')}` : text;
    if (numbered) out.push(...splitText(numbered, LIMITS.text).map(textMessage));
  }
  out.push(...attachments);
  return out;
}

function textMessage(body: string): OutboundMessage {
  return { type: 'text', text: { body, preview_url: /https?:\/\//.test(body) } };
}

function buttons(body: string, choices: Option[]): Interactive {
  return { type: 'button', body: { text: body }, action: { buttons: choices.map((c) => ({ type: 'reply', reply: { id: c.value, title: c.title } })) } };
}

function list(body: string, choices: Option[], options: FormatOptions): Interactive {
  const label = (options.listButtonLabel ?? LIST_BUTTON[options.language?.slice(0, 2).toLowerCase() ?? ''] ?? LIST_BUTTON.en!).slice(0, LIMITS.listButton);
  return { type: 'list', body: { text: body }, action: { button: label, sections: [{ rows: choices.map((c) => ({ id: c.value, title: c.title })) }] } };
}

function withCaption(message: OutboundMessage, caption: string): OutboundMessage | undefined {
  if (!caption) return message;
  if (message.type === 'image' || message.type === 'video' || message.type === 'document') {
    const media = message[message.type]!;
    return { type: message.type, [message.type]: { ...media, caption } } as OutboundMessage;
  }
  return undefined;
}

/** An attachment as a Cloud API message: media by link, a location pin or a contact card. */
export function attachmentMessage(a: Partial<Attachment>): OutboundMessage {
  if (a.contentType === LOCATION_TYPE) {
    const c = a.content as { latitude?: unknown; longitude?: unknown; name?: string; address?: string } | undefined;
    if (typeof c?.latitude !== 'number' || typeof c.longitude !== 'number')
      throw new BalieError('BAD_REQUEST', 'a location attachment needs numeric content.latitude and content.longitude');
    return { type: 'location', location: { latitude: c.latitude, longitude: c.longitude, name: c.name, address: c.address } };
  }
  if (a.contentType === CONTACT_TYPE) {
    const c = a.content as { name?: string; phones?: string[] } | undefined;
    if (!c?.name) throw new BalieError('BAD_REQUEST', 'a contact attachment needs content.name');
    return { type: 'contacts', contacts: [{ name: { formatted_name: c.name, first_name: c.name }, phones: (c.phones ?? []).map((phone) => ({ phone })) }] };
  }
  if (!a.contentUrl || !/^https?:\/\//.test(a.contentUrl)) {
    throw new BalieError('NOT_SUPPORTED', `WhatsApp can only send media from a public http(s) link; got an attachment of type ${a.contentType ?? 'unknown'} without one`);
  }
  const type = a.contentType ?? '';
  if (type.startsWith('image/')) return { type: 'image', image: { link: a.contentUrl } };
  if (type.startsWith('video/')) return { type: 'video', video: { link: a.contentUrl } };
  if (type.startsWith('audio/')) return { type: 'audio', audio: { link: a.contentUrl } };
  return { type: 'document', document: { link: a.contentUrl, filename: a.name } };
}
