import { Agent, request } from 'node:http';
import { BENCH_WEBHOOK_SECRET } from './balie-node.js';
import type { LeanTelegram } from './fake-telegram.js';

/**
 * How the load generator talks to balie: sends a customer's message through one ingress and
 * hears the bot's reply. Conversations are numbered; `target` picks the process (load balancer).
 */
export interface IngressDriver {
  readonly name: string;
  prepare(conversations: number): Promise<void>;
  send(conversation: number, seq: number, text: string): Promise<void>;
  /** Called once per bot reply, with the conversation's number. */
  onReply: (conversation: number) => void;
  close(): Promise<void>;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  try {
    return await postOnce(url, body, headers);
  } catch (err) {
    // A kept-alive socket the server closed while idle: send again on a fresh one (webhooks are deduped).
    if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
    return postOnce(url, body, headers);
  }
}

function postOnce(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let updateId = 1;

/** Telegram webhook updates in, sendMessage calls to the lean fake Telegram out. */
export function telegramDriver(urls: string[], telegram: LeanTelegram, runTag: number): IngressDriver {
  const base = 1_000_000 + runTag * 100_000;
  const driver: IngressDriver = {
    name: 'telegram',
    onReply: () => {},
    async prepare() {
      telegram.onReply = (chatId) => driver.onReply(chatId - base);
    },
    async send(conversation, seq, text) {
      const chatId = base + conversation;
      const update = {
        update_id: updateId++,
        message: {
          message_id: seq + 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', first_name: 'Klant' },
          from: { id: chatId, is_bot: false, first_name: 'Klant', language_code: 'en' },
          text,
        },
      };
      const res = await post(`${urls[conversation % urls.length]}/webhooks/telegram`, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': BENCH_WEBHOOK_SECRET });
      if (res.status !== 200) throw new Error(`telegram webhook answered ${res.status}: ${res.body}`);
    },
    async close() {},
  };
  return driver;
}

/** The web chat's own API in, its SSE stream out (one stream per conversation, like a browser). */
export function webchatDriver(urls: string[]): IngressDriver {
  const conversations: { url: string; id: string; token: string }[] = [];
  const streams: { destroy(): void }[] = [];
  let seqs = 0;
  const tag = Math.random().toString(36).slice(2, 8);
  const driver: IngressDriver = {
    name: 'webchat',
    onReply: () => {},
    async prepare(count) {
      for (let i = 0; i < count; i++) {
        const url = urls[i % urls.length]!;
        const res = await post(`${url}/api/webchat/conversations`, '{}', {});
        if (res.status !== 201) throw new Error(`web chat answered ${res.status}: ${res.body}`);
        const { conversationId, token } = JSON.parse(res.body) as { conversationId: string; token: string };
        conversations.push({ url, id: conversationId, token });
        const issued = await post(`${url}/api/webchat/conversations/${conversationId}/stream-tickets`, '{}', { authorization: `Bearer ${token}` });
        if (issued.status !== 201) throw new Error(`web chat refused a stream ticket: ${issued.status} ${issued.body}`);
        const { ticket } = JSON.parse(issued.body) as { ticket: string };
        await new Promise<void>((resolve, reject) => {
          const req = request(
            `${url}/api/webchat/conversations/${conversationId}/stream?ticket=${encodeURIComponent(ticket)}`,
            { agent: false, headers: { accept: 'text/event-stream' } },
            (res) => {
              let buffer = '';
              res.setEncoding('utf8');
              // A stream cut short (its balie process stopped: ECONNRESET) is no crash of the
              // load generator; replies it did not carry count as unanswered.
              res.on('error', () => {});
              res.on('data', (chunk: string) => {
                buffer += chunk;
                let end;
                while ((end = buffer.indexOf('\n\n')) >= 0) {
                  const frame = buffer.slice(0, end);
                  buffer = buffer.slice(end + 2);
                  const data = frame.split('\n').find((l) => l.startsWith('data:'));
                  if (data && data.includes('"role":"bot"')) driver.onReply(i);
                }
              });
              resolve();
            },
          );
          req.on('error', reject);
          req.on('response', () => req.on('error', () => {}));
          streams.push(req);
          req.end();
        });
      }
    },
    async send(conversation, _seq, text) {
      const c = conversations[conversation]!;
      // Spread messages over the processes like a load balancer would (the stream stays where it is).
      const url = urls[(conversation + seqs++) % urls.length]!;
      const res = await post(`${url}/api/webchat/conversations/${c.id}/messages`, JSON.stringify({ text, clientMessageId: `${tag}-${String(seqs).padStart(8, '0')}` }), {
        authorization: `Bearer ${c.token}`,
      });
      if (res.status !== 202) throw new Error(`web chat answered ${res.status}: ${res.body}`);
    },
    async close() {
      for (const s of streams) s.destroy();
    },
  };
  return driver;
}
