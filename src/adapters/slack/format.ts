import type { Activity, CardAction } from 'botbuilder-core';
import { neutraliseBidi, showBidiControls } from '../../core/bidi.js';
import { renderMarkdown, type MarkdownRenderer } from '../../core/markdown.js';
import { splitText } from '../../core/split-text.js';
import { ACTION_PREFIX } from './parse.js';

/** Slack's limits (api.slack.com/reference/block-kit and chat.postMessage). */
export const LIMITS = {
  /** chat.postMessage `text`: longer is truncated by Slack. */
  messageText: 40_000,
  /** A section block's mrkdwn text. */
  sectionText: 3_000,
  blocksPerMessage: 50,
  buttonsPerActions: 25,
  buttonText: 75,
  buttonValue: 2_000,
  username: 80,
} as const;

/**
 * Slack's own markup only needs `&`, `<` and `>` escaped; everything else is literal. Bidi
 * controls are neutralised too: customer text posted to agents in Slack must not reverse the line.
 */
export function escapeMrkdwn(text: string): string {
  return neutraliseBidi(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Slack only formats `*x*` when the markers touch the words, so spaces move outside them.
const wrap = (marker: string) => (inner: string) => {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : inner;
};

const mrkdwnRenderer: MarkdownRenderer = {
  text: escapeMrkdwn,
  bold: wrap('*'),
  italic: wrap('_'),
  link: (text, url) => `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${escapeMrkdwn(text)}>`,
  bullet: '• ',
};

/** balie markdown (`**bold**`, `_italic_`, `[text](url)`, `- ` lists) as Slack mrkdwn. */
export function toMrkdwn(markdown: string): string {
  return renderMarkdown(markdown, mrkdwnRenderer);
}

export interface SlackBlock {
  type: string;
  [key: string]: unknown;
}

/** One chat.postMessage call, without channel and thread (the sender adds those). */
export interface SlackMessage {
  /** mrkdwn; with blocks it is the notification fallback. */
  text: string;
  blocks?: SlackBlock[];
  /** An agent's name and avatar instead of the bot's (needs the chat:write.customize scope). */
  username?: string;
  icon_url?: string;
}

export interface FormatOptions {
  /** Makes relative avatar URLs (e.g. `/avatars/sanne.png`) absolute. */
  publicUrl?: string;
}

const truncate = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

function buttonsOf(actions: CardAction[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < actions.length; i += LIMITS.buttonsPerActions) {
    blocks.push({
      type: 'actions',
      elements: actions.slice(i, i + LIMITS.buttonsPerActions).map((a, j) => {
        const title = String(a.title ?? a.value ?? '');
        const value = typeof a.value === 'string' ? a.value : a.value === undefined ? title : JSON.stringify(a.value);
        return {
          type: 'button',
          // Unique within the message, which is all Slack asks; the value tells the bot what was pressed.
          action_id: `${ACTION_PREFIX}${i + j}`,
          text: { type: 'plain_text', text: truncate(title || '…', LIMITS.buttonText), emoji: true },
          value: truncate(value, LIMITS.buttonValue),
        };
      }),
    });
  }
  return blocks;
}

function absolute(url: string | undefined, base?: string): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url, base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One outbound Activity as Slack messages: text in mrkdwn split at Slack's limits, images as image
 * blocks, other files as links, suggested actions as buttons under the last part, and an agent's
 * own name and avatar. Usually one message; very long texts become several.
 */
export function formatActivity(activity: Partial<Activity>, options: FormatOptions = {}): SlackMessage[] {
  const measure = (s: string) => toMrkdwn(s).length;
  const markdown = (activity.text ?? '').trim();
  const images: SlackBlock[] = [];
  const links: string[] = [];
  for (const a of activity.attachments ?? []) {
    const url = absolute(a.contentUrl, options.publicUrl);
    if (!url) continue;
    if (a.contentType?.startsWith('image/')) images.push({ type: 'image', image_url: url, alt_text: truncate(a.name ?? 'image', 2000) });
    else links.push(`<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${escapeMrkdwn(showBidiControls(a.name ?? url))}>`);
  }
  const buttons = buttonsOf(activity.suggestedActions?.actions ?? []);

  // Split the markdown, not the mrkdwn, so a cut never lands inside `*bold*` or `<url|text>`.
  const sources = markdown ? splitText(markdown, LIMITS.messageText - 1_000, measure) : [''];
  const linkText = links.join('\n');
  const messages: SlackMessage[] = sources.map((source, i) => ({
    text: [toMrkdwn(source), i === sources.length - 1 ? linkText : ''].filter(Boolean).join('\n'),
  }));
  const last = messages[messages.length - 1]!;
  if (buttons.length || images.length) {
    // Blocks replace the text on screen, so the last part's text moves into sections.
    const lastSource = sources[sources.length - 1]!;
    const sections = [...(lastSource ? splitText(lastSource, LIMITS.sectionText, measure).map(toMrkdwn) : []), ...(linkText ? [linkText] : [])].map((text) => ({
      type: 'section',
      text: { type: 'mrkdwn', text },
    }));
    last.blocks = [...sections, ...images, ...buttons].slice(0, LIMITS.blocksPerMessage);
    if (!last.text) last.text = buttons.length ? (activity.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value)).join(' / ') : 'image';
  }

  if (activity.from?.role === 'agent' && activity.from.name) {
    const icon = absolute((activity.channelData as { avatarUrl?: string } | undefined)?.avatarUrl, options.publicUrl);
    for (const m of messages) {
      m.username = truncate(activity.from.name, LIMITS.username);
      if (icon) m.icon_url = icon;
    }
  }
  return messages.filter((m) => m.text || m.blocks?.length);
}
