import type { Activity } from 'botbuilder';
import { formatActivity as formatSlack } from '../../src/adapters/slack/format.js';
import { CallbackData } from '../../src/adapters/telegram/callback-data.js';
import { formatActivity as formatTelegram } from '../../src/adapters/telegram/format.js';
import { formatActivity as formatWhatsapp } from '../../src/adapters/whatsapp/format.js';
import { renderMarkdown } from '../../src/core/markdown.js';
import type { ChannelStyle } from './options.js';
import { htmlToTerminal, mrkdwnToTerminal, terminalStyle, whatsappToTerminal } from './terminal.js';

export interface Button {
  title: string;
  value: string;
}

/** One bot Activity as a channel shows it: its message bubbles and the buttons to pick from. */
export interface Rendered {
  bubbles: string[];
  buttons: Button[];
  /** WhatsApp has no buttons: the numbered options are part of the text already. */
  numberedInText: boolean;
}

/**
 * Uses each adapter's own format function, so the REPL shows what that channel would receive:
 * Telegram's HTML parts, Slack's mrkdwn and blocks, WhatsApp's `*bold*` and numbered options.
 * With colour the markup is rendered (bold, italic, links); without, the markup itself is shown.
 */
export function renderActivity(activity: Partial<Activity>, channel: ChannelStyle, color: boolean): Rendered {
  const style = terminalStyle(color);
  const actions = activity.suggestedActions?.actions ?? [];
  const buttons = actions.map((a) => ({ title: String(a.title ?? a.value ?? ''), value: String(a.value ?? a.title ?? '') }));
  switch (channel) {
    case 'telegram': {
      const plan = formatTelegram(activity, new CallbackData());
      return { bubbles: plan.texts.map((p) => (color ? htmlToTerminal(p.html, style) : p.html)), buttons, numberedInText: false };
    }
    case 'slack': {
      const bubbles = formatSlack(activity).map((m) => {
        // With blocks, Slack shows the sections and not the fallback text.
        const sections = (m.blocks ?? []).filter((b) => b.type === 'section').map((b) => (b.text as { text: string }).text);
        const text = m.blocks?.length ? sections.join('\n') : m.text;
        return color ? mrkdwnToTerminal(text, style) : text;
      });
      return { bubbles, buttons, numberedInText: false };
    }
    case 'whatsapp': {
      const plan = formatWhatsapp(activity);
      const bubbles = plan.parts.map((p) =>
        p.kind === 'text' ? p.text : p.kind === 'media' ? `[${p.contentType ?? 'file'}] ${p.url}` : `[location] ${p.latitude},${p.longitude}`,
      );
      return { bubbles: bubbles.map((b) => (color ? whatsappToTerminal(b, style) : b)), buttons: plan.options, numberedInText: true };
    }
    case 'webchat': {
      const markdown = activity.text ?? '';
      const text = color ? renderMarkdown(markdown, { text: (t) => t, bold: style.bold, italic: style.italic, link: style.link, bullet: '• ' }) : markdown;
      // The web chat shows the author above the bubble, as the REPL's "name ›" label does.
      return { bubbles: text ? [text] : [], buttons, numberedInText: false };
    }
  }
}
