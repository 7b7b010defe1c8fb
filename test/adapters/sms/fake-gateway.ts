import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGateway {
  url: string;
  /** Texts balie sent to `to`, oldest first. */
  sentTo(to: string): string[];
  close(): Promise<void>;
}

/** A local SMS gateway API: takes POST /messages {to, text} and remembers them. */
export async function startFakeGateway(): Promise<FakeGateway> {
  const sent: { to: string; text: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/messages') {
        res.statusCode = 404;
        res.end();
        return;
      }
      const message = JSON.parse(body) as { to: string; text: string };
      sent.push(message);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `sms-${sent.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sentTo: (to) => sent.filter((m) => m.to === to).map((m) => m.text),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
