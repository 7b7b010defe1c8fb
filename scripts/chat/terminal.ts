/** Terminal styling, or none when output goes to a pipe or a file. */
export interface Style {
  bold(s: string): string;
  italic(s: string): string;
  link(text: string, url: string): string;
  dim(s: string): string;
}

export function terminalStyle(color: boolean): Style {
  if (!color) return { bold: (s) => s, italic: (s) => s, link: (t, u) => (t === u ? u : `${t} (${u})`), dim: (s) => s };
  return {
    bold: (s) => `\x1b[1m${s}\x1b[22m`,
    italic: (s) => `\x1b[3m${s}\x1b[23m`,
    link: (t, u) => `\x1b[4m${t}\x1b[24m${t === u ? '' : ` \x1b[2m(${u})\x1b[22m`}`,
    dim: (s) => `\x1b[2m${s}\x1b[22m`,
  };
}

/** Telegram HTML (what the Telegram adapter sends with parse_mode HTML) as the app would show it. */
export function htmlToTerminal(html: string, style: Style): string {
  return html
    .replace(/<b>([\s\S]*?)<\/b>/g, (_, s: string) => style.bold(s))
    .replace(/<i>([\s\S]*?)<\/i>/g, (_, s: string) => style.italic(s))
    .replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, (_, url: string, text: string) => style.link(text, url.replace(/&amp;/g, '&')))
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Slack mrkdwn as the Slack client shows it. */
export function mrkdwnToTerminal(mrkdwn: string, style: Style): string {
  return mrkdwn
    .replace(/<([^|>]+)\|([^>]+)>/g, (_, url: string, text: string) => style.link(text, url))
    .replace(/(^|[^\w*])\*([^*\n]+)\*(?![\w*])/g, (_, pre: string, s: string) => pre + style.bold(s))
    .replace(/(^|[^\w_])_([^_\n]+)_(?![\w_])/g, (_, pre: string, s: string) => pre + style.italic(s))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** WhatsApp's `*bold*` and `_italic_` as WhatsApp shows them. */
export function whatsappToTerminal(text: string, style: Style): string {
  return text
    .replace(/(^|[^\w*])\*([^*\n]+)\*(?![\w*])/g, (_, pre: string, s: string) => pre + style.bold(s))
    .replace(/(^|[^\w_])_([^_\n]+)_(?![\w_])/g, (_, pre: string, s: string) => pre + style.italic(s))
    .replace(/\u200B/g, '');
}
