import type { ChannelModule } from '../../src/core/channel-module.js';

/*
 * The docs' channel tables, made from the channel list (src/adapters/index.ts), so adding a
 * channel updates docs/channels.md and the README by `npm run docs:channels`, and a test fails
 * when they drift.
 */

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/channels.md: one row per channel, with when it is on and what it can show. */
export function channelTable(modules: readonly ChannelModule[]): string {
  const rows = modules.map((m) => {
    const on = Object.entries(m.env).find(([, v]) => v.switch)?.[0];
    const can = [
      m.capabilities.buttons === 'native' ? 'buttons' : 'numbered choices',
      m.capabilities.media && 'files',
      m.capabilities.typing && 'typing',
      m.capabilities.threads && 'threads',
    ]
      .filter(Boolean)
      .join(', ');
    const details = m.docs ? `[${m.docs}](${m.docs})` : '';
    return `| ${cell(m.title ?? m.names.en)} | \`${m.id}\` | ${on ? `\`${on}\`` : 'always'} | ${cell(m.library)} | ${can}; ${m.capabilities.maxLength.toLocaleString('en')} characters a message | ${details} |`;
  });
  return ['| channel | id | on when | library | shows | details |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** The channels' environment variables, for the README's table. */
export function channelEnvTable(modules: readonly ChannelModule[]): string {
  const rows = modules.flatMap((m) =>
    Object.entries(m.env).map(([key, v]) => `| \`${key}\` | ${v.shownDefault ?? defaultOf(v.schema)} | ${cell(m.title ?? m.names.en)}: ${cell(v.what)} |`),
  );
  return ['| variable | default | what |', '| --- | --- | --- |', ...rows].join('\n');
}

function defaultOf(schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }): string {
  const parsed = schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? `\`${String(parsed.data)}\`` : 'unset';
}

/** Replaces what stands between `<!-- name:begin -->` and `<!-- name:end -->` in `text`. */
export function between(text: string, name: string, content: string): string {
  const begin = `<!-- ${name}:begin (npm run docs:channels) -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`the markers ${begin} … ${end} are missing`);
  return `${text.slice(0, a + begin.length)}\n${content}\n${text.slice(b)}`;
}
