/**
 * Bytes no HTTP client library would send: broken request lines, framing and headers. Node's
 * parser refuses most of them with a bare 400 before balie sees them; the rest reach a route.
 * `mayClose`: the server may close without answering (a body that never ends is not an answer
 * anyone can give).
 */
export interface RawRequest {
  name: string;
  bytes: string | Buffer;
  mayClose?: boolean;
}

const head = (line: string, headers: string[] = [], body = '') => `${line}\r\nHost: 127.0.0.1\r\n${[...headers, 'Connection: close'].map((h) => `${h}\r\n`).join('')}\r\n${body}`;
const json = 'Content-Type: application/json';

export const RAW_REQUESTS: RawRequest[] = [
  { name: 'garbage', bytes: 'GARBAGE\r\n\r\n' },
  { name: 'unknown method', bytes: head('FOO /healthz HTTP/1.1') },
  { name: 'HTTP/0.9', bytes: 'GET /\r\n\r\n' },
  { name: 'HTTP/2 preface', bytes: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' },
  { name: 'HTTP/3.0', bytes: head('GET /healthz HTTP/3.0') },
  { name: 'no path', bytes: head('GET  HTTP/1.1') },
  { name: 'absolute URI', bytes: head('GET http://evil.example/healthz HTTP/1.1') },
  { name: 'asterisk', bytes: head('OPTIONS * HTTP/1.1') },
  { name: 'control char in header', bytes: head('GET /healthz HTTP/1.1', ['X-A: a\u0001b']) },
  { name: 'NUL in path', bytes: head('GET /heal\u0000thz HTTP/1.1') },
  { name: 'space in path', bytes: head('GET /api/webchat/conversations /x HTTP/1.1') },
  { name: 'header without colon', bytes: head('GET /healthz HTTP/1.1', ['NoColonHere']) },
  { name: 'obsolete line folding', bytes: head('GET /healthz HTTP/1.1', ['X-A: a', ' folded']) },
  { name: 'two content-lengths', bytes: head('POST /webhooks/telegram HTTP/1.1', [json, 'Content-Length: 2', 'Content-Length: 10'], '{}') },
  { name: 'content-length and chunked', bytes: head('POST /webhooks/telegram HTTP/1.1', [json, 'Content-Length: 2', 'Transfer-Encoding: chunked'], '2\r\n{}\r\n0\r\n\r\n') },
  { name: 'negative content-length', bytes: head('POST /webhooks/telegram HTTP/1.1', [json, 'Content-Length: -1'], '{}') },
  { name: 'bad chunk size', bytes: head('POST /webhooks/slack/events HTTP/1.1', [json, 'Transfer-Encoding: chunked'], 'zz\r\n{}\r\n0\r\n\r\n') },
  { name: 'chunked with trailer', bytes: head('POST /webhooks/whatsapp HTTP/1.1', [json, 'Transfer-Encoding: chunked'], '2\r\n{}\r\n0\r\nX-Hub-Signature-256: sha256=00\r\n\r\n') },
  { name: 'transfer-encoding gzip, chunked', bytes: head('POST /webhooks/telegram HTTP/1.1', [json, 'Transfer-Encoding: gzip, chunked'], '2\r\n{}\r\n0\r\n\r\n') },
  { name: 'content-encoding gzip, not gzip', bytes: head('POST /api/webchat/conversations HTTP/1.1', [json, 'Content-Encoding: gzip', 'Content-Length: 7'], 'notgzip') },
  {
    name: 'content-encoding gzip, truncated',
    bytes: Buffer.concat([
      Buffer.from(head('POST /webhooks/telegram HTTP/1.1', [json, 'Content-Encoding: gzip', 'Content-Length: 10'])),
      Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]),
    ]),
  },
  { name: 'content-encoding deflate', bytes: head('POST /webhooks/slack/events HTTP/1.1', [json, 'Content-Encoding: deflate', 'Content-Length: 2'], '{}') },
  { name: 'content-encoding gzip on a GET', bytes: head('GET /healthz HTTP/1.1', ['Content-Encoding: gzip', 'Content-Length: 4'], 'abcd') },
  { name: 'body shorter than content-length', bytes: head('POST /webhooks/telegram HTTP/1.1', [json, 'Content-Length: 100'], '{"update_id":'), mayClose: true },
  { name: 'expect 100-continue', bytes: head('POST /api/webchat/conversations HTTP/1.1', [json, 'Expect: 100-continue', 'Content-Length: 2'], '{}') },
  { name: 'expect something else', bytes: head('POST /api/webchat/conversations HTTP/1.1', [json, 'Expect: 200-ok', 'Content-Length: 2'], '{}') },
  {
    name: 'upgrade to websocket',
    bytes: head('GET /api/webchat/conversations/abcdefgh/stream HTTP/1.1', [
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
    ]),
  },
  { name: 'request line of 20 KB', bytes: head(`GET /${'a'.repeat(20_000)} HTTP/1.1`) },
  {
    name: '200 headers',
    bytes: head(
      'GET /healthz HTTP/1.1',
      Array.from({ length: 200 }, (_, i) => `X-H${i}: ${i}`),
    ),
  },
  { name: 'latin-1 header value', bytes: Buffer.from(head('GET /healthz HTTP/1.1', ['X-Name: caf\u00e9']), 'latin1') },
  {
    name: 'invalid UTF-8 in JSON',
    bytes: Buffer.concat([Buffer.from(head('POST /webhooks/telegram HTTP/1.1', [json, 'Content-Length: 6'])), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])]),
  },
  {
    name: 'invalid UTF-8 in form',
    bytes: Buffer.concat([
      Buffer.from(head('POST /webhooks/slack/interactions HTTP/1.1', ['Content-Type: application/x-www-form-urlencoded', 'Content-Length: 11'])),
      Buffer.from('payload=%ff'),
      Buffer.alloc(0),
    ]),
  },
  {
    name: 'pipelined requests',
    bytes: `GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nPOST /webhooks/telegram HTTP/1.1\r\nHost: x\r\n${json}\r\nContent-Length: 1\r\n\r\n{GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
  },
];
