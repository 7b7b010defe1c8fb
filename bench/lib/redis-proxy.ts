import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy in front of Redis that counts round trips as Redis sees them: a round trip
 * is a burst of client bytes that follows an answer (or opens the connection). A pipeline or a
 * script is one burst; N awaited commands are N bursts. Counted on every connection (commands,
 * pub/sub, blocking), so nothing a process does can hide.
 */
export interface CountingProxy {
  url: string;
  roundTrips: number;
  close(): Promise<void>;
}

export async function startCountingProxy(redisPort: number): Promise<CountingProxy> {
  const sockets = new Set<Socket>();
  const proxy: CountingProxy = { url: '', roundTrips: 0, close: async () => {} };
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: redisPort });
    sockets.add(client).add(upstream);
    let lastFromClient = false;
    client.on('data', (chunk) => {
      if (!lastFromClient) proxy.roundTrips++;
      lastFromClient = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      lastFromClient = false;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `redis://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return proxy;
}
