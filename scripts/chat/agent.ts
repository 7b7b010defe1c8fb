/**
 * Agent mode (`npm run chat -- --agent sanne`): the developer plays an agent in a second terminal
 * while the first plays the customer (`npm run chat`), both on one Redis (REDIS_URL). It uses the
 * same Desk API as the web console: offers and the customer's messages arrive live over the bus.
 */
import { createInterface } from 'node:readline';
import type { App } from '../../src/app.js';
import type { AgentIdentity, QueueItem } from '../../src/handoff/desk.js';
import type { DeskEvent } from '../../src/handoff/ports.js';
import type { Io } from './customer.js';
import { terminalStyle } from './terminal.js';

export const AGENT_PROMPT = 'agent › ';

export const AGENT_HELP = `Agent commands:
  /queue              who is waiting
  /chats              chats offered to you or yours
  /accept [n|key]     take the offered chat        /decline [n|key]  let it go to someone else
  /claim <n|key>      take a chat from the queue
  /transfer [agent] [note...]                      pass the current chat on, with a note
  /handback           give the chat back to the bot /resolve          close it (the customer is asked for a rating)
  /away, /online      your presence                /quit             go offline and leave
  /link [chat] <key>  supervisors: the customer of the chat (default: the current one) is the same
                      person as <key>, a chat key of an open chat or a customer key (whatsapp:316…@c.us)
  /unlink [chat] <customer key>                    supervisors: take that key out of the person again
Any other line is sent to the customer of the current chat.`;

export async function runAgentMode(app: App, agentId: string, io: Io, color: boolean): Promise<number> {
  const style = terminalStyle(color);
  const write = (line: string): void => void io.output.write(`${line}\n`);
  const handoff = app.handoff;
  if (!handoff) {
    write('Agent mode needs agents: config/agents.yaml lists nobody.');
    return 2;
  }
  if (app.stores.kind !== 'redis') {
    write('Agent mode needs REDIS_URL, shared with the customer terminal (e.g. REDIS_URL=redis://127.0.0.1:6379 in both).');
    return 2;
  }
  const { desk } = handoff;
  let who: AgentIdentity;
  try {
    who = desk.identify(agentId);
  } catch (err) {
    write((err as Error).message);
    return 2;
  }
  const profile = handoff.service.agentProfile(agentId)!;
  let current: string | undefined;
  let listed: QueueItem[] = [];
  let queueLength = 0;
  const rl = createInterface({ input: io.input, output: io.output, prompt: AGENT_PROMPT, terminal: io.output.isTTY === true });
  // Events arrive while the agent types: print them above a fresh prompt.
  const notify = (line: string) => {
    io.output.write(`\n${line}\n`);
    rl.prompt(true);
  };
  const describe = (i: QueueItem) =>
    `${i.customerName ?? 'customer'} on ${i.channel} (${i.language}, ${i.reason}${i.vip ? ', VIP' : ''}, waiting ${i.waitingSeconds}s) ${style.dim(i.key)}`;
  const pick = (arg: string | undefined, items: QueueItem[]) => (arg && /^\d+$/.test(arg) ? items[Number(arg) - 1]?.key : arg);

  const showContext = async (key: string) => {
    const context = await desk.context(who, key);
    write(
      style.dim(
        `── ${context.customerName ?? 'customer'} · ${context.channel} · ${context.language} · reason ${context.reason}${Object.keys(context.collected).length ? ` · collected ${JSON.stringify(context.collected)}` : ''}${context.note ? ` · note: ${context.note}` : ''}`,
      ),
    );
    for (const entry of context.transcript) write(style.dim(`   ${entry.role.padEnd(8)} ${(entry.text ?? '').split('\n').join('\n            ')}`));
  };

  const onEvent = (event: DeskEvent) => {
    if (event.type === 'offer' && event.agentId === who.id)
      notify(`── offer: ${event.key} (answer within ${Math.round((event.deadline - Date.now()) / 1000)}s) — /accept or /decline`);
    else if (event.type === 'offer-withdrawn' && event.agentId === who.id) notify(style.dim(`── offer withdrawn: ${event.key} (${event.why})`));
    else if (event.type === 'customer-message' && event.agentId === who.id) notify(`customer › ${event.text ?? ''}`);
    else if (event.type === 'closed' && event.agentId === who.id) notify(style.dim(`── closed: ${event.key} (${event.how})`));
    else if (event.type === 'queue-changed' && event.length > queueLength) notify(style.dim(`── queue: ${event.length} waiting`));
    if (event.type === 'queue-changed') queueLength = event.length;
  };
  const unsubscribe = await desk.subscribe(who, onEvent);
  await desk.setPresence(who, 'online');
  write(`${style.bold(`balie desk · ${profile.name}`)} · ${who.role} · online · ${app.stores.kind} stores\n${style.dim('/help for commands')}`);

  const commands: Record<string, (args: string[]) => Promise<void>> = {
    '/help': async () => write(AGENT_HELP),
    '/queue': async () => {
      const queue = await desk.queue(who);
      listed = queue.items;
      write(queue.length ? listed.map((i, n) => `${n + 1}. ${describe(i)}`).join('\n') : 'nobody is waiting');
    },
    '/chats': async () => {
      listed = await desk.myChats(who);
      write(listed.length ? listed.map((i, n) => `${n + 1}. ${i.state} · ${describe(i)}${i.key === current ? ' ← current' : ''}`).join('\n') : 'no chats');
    },
    '/accept': async ([arg]) => {
      const key = pick(arg, listed) ?? (await desk.myChats(who)).find((c) => c.state === 'offered' && c.offeredTo === who.id)?.key;
      if (!key) return write('no offer to accept');
      await desk.accept(who, key);
      current = key;
      write(`── you now talk with this customer (${key})`);
      await showContext(key);
    },
    '/decline': async ([arg]) => {
      const key = pick(arg, listed) ?? (await desk.myChats(who)).find((c) => c.state === 'offered')?.key;
      if (!key) return write('no offer to decline');
      await desk.decline(who, key);
      write('── declined');
    },
    '/claim': async ([arg]) => {
      const key = pick(arg, listed);
      if (!key) return write('which one? /queue first, then /claim <n>');
      await desk.claim(who, key);
      current = key;
      await showContext(key);
    },
    '/transfer': async ([to, ...note]) => {
      if (!current) return write('no current chat');
      await desk.transfer(who, current, to && to !== '-' ? to : undefined, note.join(' ') || undefined);
      write('── transferred');
      current = undefined;
    },
    '/handback': async () => {
      if (!current) return write('no current chat');
      await desk.handBack(who, current);
      current = undefined;
    },
    '/resolve': async () => {
      if (!current) return write('no current chat');
      await desk.resolve(who, current);
      current = undefined;
    },
    '/link': async (args) => {
      const [key, other] = args.length >= 2 ? args : [current, args[0]];
      if (!key || !other) return write('which? /link <chat key> <chat or customer key>, or /link <key> for the current chat');
      write(`── linked: ${(await desk.linkChatCustomer(who, key, other)).join(', ')}`);
    },
    '/unlink': async (args) => {
      const [key, other] = args.length >= 2 ? args : [current, args[0]];
      if (!key || !other) return write('which? /unlink <chat key> <customer key>, or /unlink <customer key> for the current chat');
      const left = await desk.unlinkChatCustomer(who, key, other);
      write(`── unlinked ${other}; the customer is now ${left.join(', ')}`);
    },
    '/away': async () => void (await desk.setPresence(who, 'away')),
    '/online': async () => void (await desk.setPresence(who, 'online')),
  };

  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (io.output.isTTY !== true) io.output.write(`${raw}\n`);
    if (line === '/quit' || line === '/exit') break;
    try {
      const [command, ...args] = line.split(/\s+/);
      const run = command ? commands[command] : undefined;
      if (run) await run(args);
      else if (line.startsWith('/')) write(`unknown command ${command}; /help`);
      else if (line) {
        if (!current) write('no current chat: /accept an offer or /claim from the /queue first');
        else await desk.send(who, current, line);
      }
    } catch (err) {
      write(`✗ ${(err as Error).message}`);
    }
    rl.prompt();
  }
  rl.close();
  await unsubscribe();
  await desk.setPresence(who, 'offline');
  return 0;
}
