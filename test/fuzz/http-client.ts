import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/** One request as the fuzz sends it: anything node:http lets a client put on the wire. */
export interface FuzzRequest {
  method: string;
  /** Sent as is: no URL normalisation, so `..` and `%2f` reach the server. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The server closed the connection before or instead of answering. */
  reset?: string;
}

/**
 * Sends one request with node:http (fetch would normalise the path and refuse odd methods and
 * headers). Resolves with whatever came back, never rejects: a reset is an answer too.
 */
export function send(base: URL, req: FuzzRequest, agent: Agent, timeoutMs = 5000): Promise<FuzzAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: FuzzAnswer) => {
      if (!settled) {
        settled = true;
        resolve(answer);
      }
    };
    let r: ReturnType<typeof request>;
    try {
      // An explicit length: node:http sends a GET's body unframed otherwise, and the server then
      // reads it as the next request.
      const framed = req.body && !Object.keys(req.headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h));
      const headers = framed ? { ...req.headers, 'content-length': String(req.body!.length) } : req.headers;
      r = request({ host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), reset: err.message }));
      });
    } catch (err) {
      // node:http refused to build this request (e.g. a character it will not put in a header).
      done({ status: -1, headers: {}, body: '', reset: `client refused: ${(err as Error).message}` });
      return;
    }
    r.on('error', (err) => done({ status: 0, headers: {}, body: '', reset: err.message }));
    // An answer that never comes is a finding too (a hung request holds a socket and memory).
    r.setTimeout(timeoutMs, () => {
      done({ status: 0, headers: {}, body: '', reset: `no answer within ${timeoutMs} ms` });
      r.destroy();
    });
    if (req.body) r.end(req.body);
    else r.end();
  });
}

/** Writes raw bytes on a fresh socket (malformed request lines and headers); resolves with the status line's code. */
export function sendRaw(base: URL, bytes: string | Buffer): Promise<FuzzAnswer> {
  return new Promise((resolve) => {
    const socket = connect(Number(base.port), base.hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status, headers, body });
    });
    socket.end(bytes);
  });
}
