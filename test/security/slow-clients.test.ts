import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllChannels, type AllChannels } from '../support/all-channels.js';

/*
 * A client that sends slowly, or not at all, holds a socket only as long as the limits say; a
 * credential that is a header is checked before the body is read; a process takes a bounded
 * number of connections.
 */

let all: AllChannels;
let port: number;
beforeAll(async () => {
  all = await startAllChannels({
    configure: (config) => Object.assign(config.limits, { headersTimeoutSeconds: 1, requestTimeoutSeconds: 2, maxConnections: 10 }),
  });
  port = Number(new URL(all.balie.url).port);
});
afterAll(() => all?.stop());

const sockets = new Set<Socket>();
afterAll(() => {
  for (const s of sockets) s.destroy();
});

/** A raw connection; resolves with everything the server sent once it closes the connection. */
function raw(): { socket: Socket; answer: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  sockets.add(socket);
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  const answer = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(received));
    socket.on('error', () => undefined);
  });
  return { socket, answer };
}

const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

describe('slow and silent clients', () => {
  it('answers 408 and closes when a body trickles in slower than the request timeout', async () => {
    const { socket, answer } = raw();
    socket.write('POST /api/webchat/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{');
    const drip = setInterval(() => socket.writable && socket.write(' '), 500);
    try {
      expect(status(await answer)).toBe(408);
    } finally {
      clearInterval(drip);
    }
  });

  it('answers 408 and closes when the headers never end', async () => {
    const { socket, answer } = raw();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(status(await answer)).toBe(408);
  });

  it('refuses a Telegram update with a wrong secret before reading its body', async () => {
    const { socket, answer } = raw();
    // The body is announced and never sent: only a check of the header can answer this.
    socket.write('POST /webhooks/telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: wrong\r\nContent-Length: 100000\r\n\r\n');
    const got = await answer;
    expect(status(got)).toBe(401);
    expect(got).toContain('X-Telegram-Bot-Api-Secret-Token');
  });

  it('refuses a web chat message with a wrong conversation token before reading its body', async () => {
    const { socket, answer } = raw();
    socket.write(
      'POST /api/webchat/conversations/abcdefgh12345678/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer forged\r\nContent-Length: 100000\r\n\r\n',
    );
    expect(status(await answer)).toBe(401);
  });

  it('closes connections over the cap at once, and takes new ones when there is room again', async () => {
    // Ten idle connections fill the cap (the other tests' sockets are closed by now).
    const idle: Socket[] = [];
    for (let i = 0; i < 10; i++) {
      const s = connect(port, '127.0.0.1');
      sockets.add(s);
      s.on('error', () => undefined);
      await new Promise((r) => s.once('connect', r));
      idle.push(s);
    }
    await new Promise((r) => setTimeout(r, 50));
    const over = raw();
    over.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await over.answer).toBe('');
    for (const s of idle) s.destroy();
    await expect.poll(async () => (await fetch(`${all.balie.url}/healthz`).catch(() => undefined))?.status).toBe(200);
  });
});
