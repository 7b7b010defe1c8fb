import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A lean stand-in for the Telegram Bot API: answers every method telegraf calls and reports each
 * sendMessage (chat id) to `onReply`. Lean on purpose: the load side must not be the bottleneck.
 */
export interface LeanTelegram {
  apiRoot: string;
  onReply: (chatId: number, text: string) => void;
  close(): Promise<void>;
}

export async function startLeanTelegram(): Promise<LeanTelegram> {
  let messageId = 1;
  const fake: LeanTelegram = { apiRoot: '', onReply: () => {}, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.url?.split('/').pop() ?? '';
      let params: { chat_id?: number; text?: string } = {};
      try {
        params = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        /* telegraf sends JSON for text messages; anything else is answered generically */
      }
      let result: unknown = true;
      if (method === 'sendMessage') {
        result = { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: params.chat_id, type: 'private' }, text: params.text };
        fake.onReply(Number(params.chat_id), params.text ?? '');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}
