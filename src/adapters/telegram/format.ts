import type { Activity, Attachment, CardAction } from 'botbuilder-core';
import { neutraliseBidi } from '../../core/bidi.js';
import { parseMarkdown, type Inline } from '../../core/markdown.js';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { CallbackData } from './callback-data.js';
import { MEDIA_PREFIX } from './parse.js';

/** Telegram's limit on one message's text. */
export const TELEGRAM_TEXT_LIMIT = 4096;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** For attribute values (link URLs): quotes too, since the value sits inside `href="…"`. */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

interface Style {
  bold: boolean;
  italic: boolean;
  href?: string;
}

/**
 * A message as plain characters with a style per character. Splitting happens on this form, so a
 * cut never lands inside a tag or an entity, and every part opens and closes its own tags.
 */
class StyledText {
  text = '';
  private readonly styleIds: number[] = [];
  private readonly styles: Style[] = [];
  private readonly styleKeys = new Map<string, number>();

  append(text: string, style: Style): void {
    const key = `${+style.bold}${+style.italic}${style.href ?? ''}`;
    let id = this.styleKeys.get(key);
    if (id === undefined) {
      id = this.styles.push(style) - 1;
      this.styleKeys.set(key, id);
    }
    this.text += text;
    for (let i = 0; i < text.length; i++) this.styleIds.push(id);
  }

  /** Telegram HTML for characters [from, to). */
  html(from: number, to: number): string {
    let out = '';
    let i = from;
    while (i < to) {
      const id = this.styleIds[i]!;
      let j = i + 1;
      while (j < to && this.styleIds[j] === id) j++;
      const s = this.styles[id]!;
      let run = escapeHtml(this.text.slice(i, j));
      if (s.italic) run = `<i>${run}</i>`;
      if (s.bold) run = `<b>${run}</b>`;
      if (s.href) run = `<a href="${escapeAttribute(s.href)}">${run}</a>`;
      out += run;
      i = j;
    }
    return out;
  }

  /** The same characters without markup, links written out, for when Telegram rejects the HTML. */
  plain(from: number, to: number): string {
    let out = '';
    let i = from;
    while (i < to) {
      const id = this.styleIds[i]!;
      let j = i + 1;
      while (j < to && this.styleIds[j] === id) j++;
      const href = this.styles[id]!.href;
      const run = this.text.slice(i, j);
      out += href && href !== run ? `${run} (${href})` : run;
      i = j;
    }
    return out;
  }
}

// A link whose URL alone would fill most of a message is written out as text instead.
const MAX_HREF = 2000;

function styledFromMarkdown(markdown: string, header?: string, plainText = false): StyledText {
  const out = new StyledText();
  const plain: Style = { bold: false, italic: false };
  if (header) {
    out.append(header, { bold: true, italic: false });
    out.append('\n', plain);
  }
  if (plainText) {
    out.append(neutraliseBidi(markdown), plain);
    return out;
  }
  const walk = (nodes: Inline[], style: Style) => {
    for (const n of nodes) {
      if (n.kind === 'text') out.append(n.text, style);
      else if (n.kind === 'bold') walk(n.children, { ...style, bold: true });
      else if (n.kind === 'italic') walk(n.children, { ...style, italic: true });
      else if (n.url.length > MAX_HREF) out.append(`${n.text} (${n.url})`, style);
      else out.append(n.text, { ...style, href: n.url });
    }
  };
  parseMarkdown(markdown).forEach((line, index) => {
    if (index > 0) out.append('\n', plain);
    if (line.bullet) out.append('• ', plain);
    walk(line.inlines, plain);
  });
  return out;
}

export interface TextPart {
  /** Telegram HTML (parse_mode HTML). */
  html: string;
  /** The same without markup. */
  plain: string;
}

/**
 * Internal markdown as Telegram HTML, split into messages whose HTML (after escaping, tags
 * included) is at most `limit` characters. Telegram counts the text after parsing, so measuring
 * the HTML is on the safe side. Cuts prefer paragraph, line, sentence and word boundaries.
 */
export function toTelegramParts(markdown: string, options: { header?: string; limit?: number; plainText?: boolean } = {}): TextPart[] {
  const limit = options.limit ?? TELEGRAM_TEXT_LIMIT;
  const styled = styledFromMarkdown(markdown, options.header, options.plainText);
  const text = styled.text;
  const parts: TextPart[] = [];
  let pos = skipSpace(text, 0);
  while (pos < text.length) {
    let end = text.length;
    if (styled.html(pos, end).length > limit) {
      // The longest prefix that fits; HTML length only grows with more characters.
      let lo = pos + 1;
      let hi = end;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (styled.html(pos, mid).length <= limit) lo = mid;
        else hi = mid - 1;
      }
      end = pos + bestCut(text.slice(pos, lo));
    }
    let last = end;
    while (last > pos && /\s/.test(text[last - 1]!)) last--;
    if (last > pos) parts.push({ html: styled.html(pos, last), plain: styled.plain(pos, last) });
    pos = skipSpace(text, end);
  }
  return parts;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at;
}

function bestCut(fit: string): number {
  const sentence = Math.max(fit.lastIndexOf('. '), fit.lastIndexOf('! '), fit.lastIndexOf('? ')) + 1;
  for (const at of [fit.lastIndexOf('\n\n'), fit.lastIndexOf('\n'), sentence, fit.lastIndexOf(' ')]) {
    // Only a boundary that keeps the part reasonably full.
    if (at > fit.length / 3) return at;
  }
  // Never split a surrogate pair.
  return /[\uD800-\uDBFF]/.test(fit[fit.length - 1] ?? '') && fit.length > 1 ? fit.length - 1 : fit.length;
}

export type InlineKeyboard = InlineKeyboardMarkup;

/** Suggested actions as an inline keyboard: short labels side by side, long ones one per row. */
export function inlineKeyboard(actions: CardAction[] | undefined, callbackData: CallbackData): InlineKeyboard | undefined {
  if (!actions?.length) return undefined;
  const buttons = actions.map((a): InlineKeyboardButton => {
    const value = String(a.value ?? a.title ?? '');
    const text = a.title ?? value;
    if (a.type === 'openUrl' && /^https?:\/\//i.test(value)) return { text, url: value };
    return { text, callback_data: callbackData.encode(value) };
  });
  const oneRow = buttons.length <= 3 && buttons.every((b) => [...b.text].length <= 20);
  return { inline_keyboard: oneRow ? [buttons] : buttons.map((b) => [b]) };
}

export type MediaMethod = 'sendPhoto' | 'sendDocument';

export interface MediaSend {
  method: MediaMethod;
  /** An http(s) URL Telegram fetches itself, or a Telegram file_id. */
  file: string;
}

export interface OutboundPlan {
  texts: TextPart[];
  media: MediaSend[];
  keyboard?: InlineKeyboard;
  /** Attachments Telegram cannot be sent this way (cards, data: URLs, other channels' files). */
  unsupported: Attachment[];
}

/** How one outgoing Activity is sent: text parts, then media; the keyboard goes on the last message. */
export function formatActivity(activity: Partial<Activity>, callbackData: CallbackData): OutboundPlan {
  const header = activity.from?.role === 'agent' ? activity.from.name?.trim() || 'Agent' : undefined;
  const texts = activity.text || header ? toTelegramParts(activity.text ?? '', { header, plainText: activity.textFormat === 'plain' }) : [];
  const media: MediaSend[] = [];
  const unsupported: Attachment[] = [];
  for (const attachment of activity.attachments ?? []) {
    const url = attachment.contentUrl ?? '';
    const image = /^image\/(?!svg)/i.test(attachment.contentType ?? '');
    const method: MediaMethod = image ? 'sendPhoto' : 'sendDocument';
    if (/^https?:\/\//i.test(url)) media.push({ method, file: url });
    else if (url.startsWith(MEDIA_PREFIX)) media.push({ method, file: url.slice(MEDIA_PREFIX.length) });
    else unsupported.push(attachment);
  }
  return { texts, media, keyboard: inlineKeyboard(activity.suggestedActions?.actions, callbackData), unsupported };
}
