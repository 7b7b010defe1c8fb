import fc from 'fast-check';

/*
 * fast-check arbitraries for bad input: bodies of the wrong shape, near-valid payloads with one
 * field mutated, broken JSON, wrong content types, odd headers, methods and paths.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What node:http lets a client put in a header value: tab, printable ASCII and Latin-1. */
const headerChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((c) => String.fromCharCode(c));
export const headerValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: headerChar, maxLength: 80 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 12_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', 'undefined', '0', '-1', '1e309', 'NaN', '[]', '{}', '\t', 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=') },
);
export const headerName = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,30}$/)
  .filter((h) => !/^(content-length|transfer-encoding|host|connection|expect|upgrade|content-encoding|te|trailer)$/i.test(h));

export const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

/** Unicode that is awkward for parsers: lone surrogates, RTL marks, NULs, emoji, combining marks. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    '\u0000',
    '\uD800',
    '\uDFFF',
    '\u202E\u202D',
    '🦄'.repeat(50),
    'e\u0301'.repeat(40),
    '\uFEFF',
    '%00',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '${jndi:ldap://x}',
    '{{7*7}}',
    '__proto__',
    'constructor',
  ),
);

/** Marks a field to be removed instead of replaced. */
export const DELETE = Symbol('delete');

/** Replacement values for one field of a near-valid payload. */
export const mutantValue: fc.Arbitrary<Json | typeof DELETE> = fc.oneof(
  fc.constant(DELETE),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e-308),
  fc.integer(),
  nastyString,
  fc.integer({ min: 5_000, max: 120_000 }).map((n) => 'A'.repeat(n)),
  fc.constantFrom<Json>([], {}, [[]], [null], JSON.parse('{"__proto__":{"polluted":true}}') as Json, { constructor: { prototype: { polluted: true } } }),
  fc.integer({ min: 50, max: 3_000 }).map((depth) => deepNest(depth)),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

export function deepNest(depth: number): Json {
  let v: Json = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

type Path = (string | number)[];

/** Every path into a JSON value (objects' keys and arrays' indexes, at every depth). */
export function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      pathsOf(v, p, out);
    }
  }
  return out;
}

/** A copy of `value` with the field at `pick % paths` replaced (or deleted); the root when there are none. */
export function mutate(value: Json, pick: number, replacement: Json | typeof DELETE): Json {
  const paths = pathsOf(value);
  if (!paths.length) return replacement === DELETE ? null : replacement;
  const copy = structuredClone(value);
  const path = paths[pick % paths.length]!;
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (last === '__proto__') {
    Object.defineProperty(parent, last, { value: replacement, enumerable: true, configurable: true, writable: true });
  } else parent[last] = replacement;
  return copy;
}

/** JSON text that does not parse: truncated, with a stray character, or not JSON at all. */
export function brokenJson(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat({ max: Math.max(0, valid.length - 1) }).map((cut) => valid.slice(0, cut)),
    fc
      .tuple(fc.nat({ max: valid.length }), fc.constantFrom('"', '{', ']', ',', '\\', '\u0000', ':', 'NaN', 'undefined', "'"))
      .map(([at, c]) => valid.slice(0, at) + c + valid.slice(at)),
    fc.constantFrom(
      '{',
      '}',
      '[',
      '{"a":}',
      '{a:1}',
      "{'a':1}",
      'NaN',
      'undefined',
      '\uFEFF{}',
      '{"a":1}{"b":2}',
      '[1,]',
      '{"a":1,}',
      '"\\uD800"x',
      '['.repeat(50_000),
      '{"a":'.repeat(20_000),
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((s) => !isJson(s)),
  );
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/octet-stream',
  'application/jsonx',
  'application/vnd.api+json',
  'image/png',
  '*/*',
  '',
  'json',
  ';;;',
];

/** A body that is wrong for any endpoint: wrong shape, broken, of another type, empty or huge. */
export interface RawBody {
  contentType?: string;
  body?: Buffer;
  /** What the answer must be, when the body alone decides it (e.g. 413 for an oversized body). */
  expect?: number;
}

export function wrongBody(maxBodyBytes: number): fc.Arbitrary<RawBody> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(v) ?? 'null') })) },
    {
      weight: 3,
      arbitrary: brokenJson('{"type":"event_callback","event":{"type":"message","text":"hi"}}').map((s) => ({ contentType: 'application/json', body: Buffer.from(s) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...CONTENT_TYPES),
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 300 }),
            fc.constantFrom(
              'payload=%7B',
              'payload=',
              'a=1&a=2&__proto__[x]=1',
              '------x\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{}\r\n------x--\r\n',
              '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
            ),
          ),
        )
        .map(([contentType, s]) => ({ contentType, body: Buffer.from(s) })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<RawBody>(
        {},
        { contentType: 'application/json' },
        { contentType: 'application/json', body: Buffer.alloc(0) },
        { contentType: 'application/x-www-form-urlencoded', body: Buffer.alloc(0) },
      ),
    },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 400 }).map((b) => ({ contentType: 'application/json', body: Buffer.from(b) })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: maxBodyBytes + 1, max: maxBodyBytes + 64 * 1024 }), fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'))
        .map(([n, contentType]) => ({ contentType, body: Buffer.alloc(n, contentType === 'application/json' ? ' ' : 'a'), expect: 413 })),
    },
  );
}

/** Extra headers: random names and values, forged credentials, a fake client address. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.dictionary(headerName, headerValue, { maxKeys: 4 }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        authorization: fc.oneof(
          headerValue,
          headerValue.map((v) => `Bearer ${v}`),
        ),
        cookie: headerValue.map((v) => `balie_desk=${v}`),
        'x-forwarded-for': fc.constantFrom('127.0.0.1', '10.0.0.1', '::1', '1.2.3.4, 127.0.0.1', 'garbage', ''),
        'x-slack-signature': headerValue,
        'x-slack-request-timestamp': fc.oneof(headerValue, fc.integer().map(String)),
        'x-hub-signature-256': fc.oneof(
          headerValue,
          hex64.map((h) => `sha256=${h}`),
        ),
        'x-telegram-bot-api-secret-token': headerValue,
        'last-event-id': headerValue,
        accept: fc.constantFrom('text/event-stream', '*/*', 'application/json', 'text/html', ''),
        'x-slack-retry-num': fc.oneof(headerValue, fc.integer().map(String)),
      },
      { requiredKeys: [] },
    ),
  },
  // Huge: beyond Node's 16 KB header limit, answered 431 by Node itself (documented exception).
  { weight: 1, arbitrary: fc.integer({ min: 17_000, max: 40_000 }).map((n) => ({ 'x-padding': 'p'.repeat(n) })) },
);

/** Every byte of the UTF-8 form percent-encoded (encodeURIComponent throws on lone surrogates). */
export function percentEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** A value for a route parameter or query string: random, encoded, traversal, huge. */
export const paramValue = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/),
  nastyString.map(percentEncode),
  // Names every object inherits: a lookup table indexed with them finds a function, not undefined.
  fc.constantFrom('valueOf', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'),
  fc.constantFrom(
    '..',
    '..%2f..%2fpackage.json',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%5c..%5cwindows',
    '%00',
    '%ff%fe',
    '%',
    '%zz',
    'webchat%3Aabc',
    'telegram%3A1',
    '*',
    '%20',
    'a'.repeat(5000),
  ),
);

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'SEARCH', 'PURGE', 'LOCK', 'MKCOL'];

export const querySuffix = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom('token', 'after', 'limit', 'hub.mode', 'hub.verify_token', 'hub.challenge', 'format', 'lang', '__proto__[x]', 'a[b][c]', 'x'), paramValue), {
        minLength: 1,
        maxLength: 4,
      })
      .map((kv) => `?${kv.map(([k, v]) => `${k}=${v}`).join('&')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('?', '?&&&', '?=', '?a', '?a=1&a=2&a=3', `?${'q=1&'.repeat(2000)}`, '#frag', '?token[]=a&token[]=b') },
);
