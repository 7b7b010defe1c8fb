import type { Activity } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { App } from '../../src/app.js';
import type { HumanRequest } from '../../src/dialogs/handoff-request.js';
import { USAGE, type ChatOptions } from './options.js';
import { renderActivity, type Button } from './render.js';
import type { ReplAdapter, ReplSink } from './repl-adapter.js';
import { terminalStyle } from './terminal.js';

export interface Io {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

const INDENT = '      ';

/** `{orderNumber: TC-100003, reason: too small}` */
function formatCollected(collected: Record<string, string>): string {
  return `{${Object.entries(collected)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}`;
}

export function describeHandoff(request: HumanRequest): string {
  const parts = [`reason: ${request.reason}`, `language: ${request.language}`, `collected: ${formatCollected(request.collected)}`];
  if (request.note) parts.push(`note: ${request.note}`);
  return `── handoff requested (${parts.join(', ')})`;
}

/** The customer side of the REPL: lines in, the bot's replies out, styled like the chosen channel. */
export function createCustomerSink(options: ChatOptions, io: Io, onButtons: (buttons: Button[]) => void): ReplSink {
  const style = terminalStyle(options.color);
  const write = (line: string) => io.output.write(`${line}\n`);
  return {
    message(activity: Partial<Activity>) {
      const rendered = renderActivity(activity, options.channel, options.color);
      const who = activity.from?.role === 'agent' ? `${activity.from.name ?? 'agent'} ›` : 'bot ›';
      for (const bubble of rendered.bubbles) write(`${style.bold(who.padEnd(INDENT.length - 1))} ${bubble.split('\n').join(`\n${INDENT}`)}`);
      if (rendered.buttons.length && !rendered.numberedInText) write(INDENT + rendered.buttons.map((b, i) => `[${i + 1}] ${b.title}`).join('   '));
      if (rendered.buttons.length) onButtons(rendered.buttons);
    },
    handoff(request) {
      write(style.dim(describeHandoff(request)));
    },
  };
}

/** Reads lines until /quit or the end of input; one turn at a time, in order. */
export async function runCustomer(app: App, adapter: ReplAdapter, options: ChatOptions, io: Io, buttons: { current: Button[] }): Promise<void> {
  const style = terminalStyle(options.color);
  let conversationId = options.conversation ?? `repl-${randomUUID().slice(0, 8)}`;
  const user = { id: `user-${conversationId}`, name: 'You', role: 'user' };
  const rl = createInterface({ input: io.input, output: io.output, prompt: 'you › ', terminal: io.output.isTTY === true });
  io.output.write(
    `${style.bold(`balie chat · ${app.config.bot.name}`)} · channel ${options.channel} · language ${options.lang ?? `auto (default ${app.t.defaultLanguage})`} · ${app.stores.kind} stores · conversation ${conversationId}\n` +
      style.dim('Type a message; a number picks a button; /help, /new, /quit.\n'),
  );

  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    // A terminal echoes what was typed; piped input is shown here, so the output reads as a chat.
    if (io.output.isTTY !== true) io.output.write(`${raw}\n`);
    if (line === '/quit' || line === '/exit') break;
    if (line === '/help') io.output.write(`${USAGE}\n`);
    else if (line === '/new') {
      conversationId = `repl-${randomUUID().slice(0, 8)}`;
      buttons.current = [];
      io.output.write(style.dim(`── new conversation ${conversationId}\n`));
    } else if (line) {
      const picked = /^\d{1,2}$/.test(line) ? buttons.current[Number(line) - 1] : undefined;
      buttons.current = [];
      await adapter.customerSays({
        type: 'message',
        text: picked ? picked.title : line,
        value: picked ? { action: picked.value } : undefined,
        locale: options.lang,
        from: { ...user, id: `user-${conversationId}` },
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: conversationId },
      });
    }
    rl.prompt();
  }
  rl.close();
  io.output.write('\n');
}
