import { Agent } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationSchema } from '../../src/adapters/webchat/parse.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores, type Stores } from '../../src/core/stores.js';
import { startAllChannels, type AllChannels } from '../support/all-channels.js';
import { captureLog } from '../support/log-capture.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { extraHeaders, METHODS, mutantValue, mutate, paramValue, querySuffix, wrongBody, type Json } from './generators.js';
import { send, sendRaw, type FuzzAnswer, type FuzzRequest } from './http-client.js';
import { cloudModel, slackEventsModel, slackInteractionsModel, telegramModel, webchatMessageModel, type EndpointModel } from './near-valid.js';
import { RAW_REQUESTS } from './raw-requests.js';

/*
 * Sends well over 10,000 malformed, oversized, forged and random requests to every public
 * endpoint of one balie with every channel on. Expected: a 4xx with a JSON error that says what is
 * wrong (or 413 for a body over the limit), never a 5xx, nothing stored, nothing sent to any
 * platform, no unhandled rejection, and the process still healthy afterwards.
 *
 * Answers that are not JSON, on purpose:
 *  - HEAD: a HEAD answer has no body (RFC 9110), so its 4xx carries none.
 *  - Requests Node's HTTP parser refuses before any route runs (a request line or header that is
 *    not HTTP, headers over 16 KB → 431, an unknown method): Node answers a bare 400/431 and closes
 *    the connection. They never reach balie, so they cannot change anything.
 *  - Public pages (/, /webchat/*, /healthz, /readyz, /metrics, /desk pages) answer 200 to any GET;
 *    for them the rule is "never 5xx, never anything stored".
 */

const MAX_BODY = 256 * 1024;
/** Requests in flight at once: enough to interleave, few enough for a 2-core CI machine. */
const BATCH = 10;
/** Case numbers tag every id in a near-valid payload (chat ids, event ids, conversation ids). */
let nextCase = 7_000_000;

/** Answer anything but 5xx: pages anyone may load, and signing out (of nothing, when there is no session). */
const PUBLIC_PAGE = /^(GET (\/|\/healthz|\/readyz|\/metrics|\/webchat\/:file|\/desk(\/.*)?|\/media\/.*)|POST \/api\/desk\/sign-out)$/;
/**
 * Routes whose body is read before anything else is checked: an oversized one is exactly 413 there.
 * (Telegram's secret and the web chat's token are headers, checked before the body: a wrong one is
 * a 401 whatever the size.)
 */
const BODY_FIRST = new Set(['POST /api/webchat/conversations', 'POST /webhooks/slack/events', 'POST /webhooks/slack/interactions', 'POST /webhooks/whatsapp']);

interface Case {
  /** The endpoint this case is counted under. */
  endpoint: string;
  req: FuzzRequest;
  /** 'reject': must be 4xx. 'safe': any status but 5xx (public pages, signed payloads). A number: exactly that. */
  expect: 'reject' | 'safe' | number;
  /** The case number its ids carry, for tracing leftovers. */
  n?: number;
}

interface Failure {
  endpoint: string;
  method: string;
  path: string;
  status: number;
  why: string;
  body: string;
  sent: string;
}

let all: AllChannels;
let stores: Stores;
let base: URL;
let agent: Agent;
let webchatSecret: string;
let routes: { method: string; path: string }[] = [];
const counts = new Map<string, number>();
/** Errors balie logged: a 5xx in the report comes with its cause here. */
const log = captureLog('error');
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

function count(endpoint: string): void {
  counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
}

function withParams(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/:[A-Za-z_]+/g, () => values[i++ % Math.max(1, values.length)] ?? 'x');
}

/** What is wrong with `answer` for `c`, or undefined when it is right. */
function judge(c: Case, a: FuzzAnswer): string | undefined {
  if (a.status === -1) return `the test could not send it: ${a.reset}`;
  if (a.status === 0) return `no answer (${a.reset ?? 'connection closed'})`;
  if (a.status >= 500) return `answered ${a.status}`;
  // Headers near Node's 16 KB limit: whether Node (431) or balie answers depends on a few bytes.
  if (a.status === 431 && a.headers.server !== 'balie' && headerBytes(c.req.headers, c.req.path) > 15_000) return undefined;
  if (typeof c.expect === 'number' && a.status !== c.expect) return `answered ${a.status}, expected ${c.expect}`;
  if (c.expect === 'reject' && a.status < 400) return `accepted it (${a.status})`;
  const byBalie = a.headers.server === 'balie';
  if (a.status >= 400 && byBalie && c.req.method !== 'HEAD') {
    if (!String(a.headers['content-type']).startsWith('application/json')) return `a ${a.status} that is not JSON (${a.headers['content-type']})`;
    let parsed: { error?: { code?: unknown; message?: unknown } };
    try {
      parsed = JSON.parse(a.body) as typeof parsed;
    } catch {
      return `a ${a.status} whose body is not JSON`;
    }
    if (typeof parsed.error?.code !== 'string' || !parsed.error.code) return `a ${a.status} without error.code`;
    if (typeof parsed.error.message !== 'string' || !parsed.error.message.trim()) return `a ${a.status} without error.message`;
  }
  if (!byBalie && a.status !== 400 && a.status !== 431) return `an answer (${a.status}) that did not come from balie or Node's HTTP parser`;
  if (byBalie && a.headers['x-content-type-options'] !== 'nosniff') return `a ${a.status} without X-Content-Type-Options: nosniff`;
  if (/"name":\s*"balie"|root:x:0:0/.test(a.body)) return 'served a file outside the public folder';
  return undefined;
}

async function run(cases: Case[], failures: Failure[]): Promise<void> {
  const answers = await Promise.all(cases.map((c) => send(base, c.req, agent)));
  cases.forEach((c, i) => {
    const a = answers[i]!;
    if (a.status !== -1) count(c.endpoint);
    const why = judge(c, a);
    if (why)
      failures.push({ endpoint: c.endpoint, method: c.req.method, path: c.req.path.slice(0, 200), status: a.status, why, body: a.body.slice(0, 300), sent: describe_(c.req) });
  });
}

/** Runs `numRuns` batches of cases through fast-check; a failing batch is shrunk to the smallest one. */
async function fuzz(arb: fc.Arbitrary<Case>, numRuns: number, failures: Failure[]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(arb, { minLength: BATCH, maxLength: BATCH }), async (cases) => {
      const found: Failure[] = [];
      await run(cases, found);
      if (found.length) {
        failures.push(...found);
        throw new Error(found.map((f) => `${f.method} ${f.path}: ${f.why}: ${f.body}`).join('\n'));
      }
    }),
    { numRuns, endOnFailure: true },
  );
}

/** Any route, any bad body, odd headers; the route's own method mostly, sometimes another. */
function genericCase(route: { method: string; path: string }): fc.Arbitrary<Case> {
  const endpoint = `${route.method} ${route.path}`;
  return fc
    .record({
      method: fc.oneof({ weight: 6, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
      params: fc.array(paramValue, { minLength: 1, maxLength: 3 }),
      query: querySuffix,
      body: wrongBody(MAX_BODY),
      headers: extraHeaders,
    })
    .map(({ method, params, query, body, headers }) => {
      const req: FuzzRequest = {
        method,
        path: withParams(route.path, params) + query,
        headers: { ...headers, ...(body.contentType !== undefined ? { 'content-type': body.contentType } : {}) },
        body: method === 'GET' || method === 'HEAD' ? (body.body && body.body.length < 4096 ? body.body : undefined) : body.body,
      };
      let expected: Case['expect'] = PUBLIC_PAGE.test(`${method} ${route.path}`) ? 'safe' : 'reject';
      // Over the limit: 413 where the body is read first; elsewhere the path or the session may be refused before it (404, 401).
      if (method === route.method && method === 'POST' && body.expect) expected = BODY_FIRST.has(endpoint) ? body.expect : 'reject';
      if (endpoint === 'POST /api/webchat/conversations' && method === 'POST' && expected === 'reject') expected = createConversationOk(req) ? 201 : 'reject';
      // Headers beyond Node's limit never reach a route.
      if (oversizedHeaders(req.headers)) expected = 'reject';
      return { endpoint, req, expect: expected };
    });
}

function headerBytes(headers: Record<string, string>, path = ''): number {
  return Object.entries(headers).reduce((sum, [k, v]) => sum + k.length + v.length + 4, path.length);
}

/** Over Node's 16 KB header limit: Node answers 431 (or 400) before any route runs. */
function oversizedHeaders(headers: Record<string, string>): boolean {
  return headerBytes(headers) > 17_000;
}

/** Starting a web chat needs nothing but no body or a well-formed JSON one: the one public POST that may say 201. */
function createConversationOk(req: FuzzRequest): boolean {
  if (req.path.split(/[?#]/)[0] !== '/api/webchat/conversations') return false;
  if (!req.body?.length) return true;
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return false;
  try {
    // A JSON null is read as no body at all.
    return createConversationSchema.safeParse(JSON.parse(req.body.toString('utf8')) ?? {}).success;
  } catch {
    return false;
  }
}

/** A recorded payload with one field mutated; forged credentials (must be refused) or real ones (must not crash). */
function nearValidCase(model: EndpointModel, signed: boolean): fc.Arbitrary<Case> {
  return fc
    .record({ which: fc.nat(), pick: fc.nat(), value: mutantValue, forge: model.forge, mutateAfterSigning: fc.boolean(), extra: extraHeaders })
    .map(({ which, pick, value, forge, mutateAfterSigning, extra }) => {
      const n = nextCase++;
      const bases = model.bases(n);
      const original = bases[which % bases.length]!;
      const mutated = mutate(original, pick, value);
      const { contentType, body } = model.encode(mutated);
      let auth: Record<string, string>;
      if (signed) auth = model.sign(body, n);
      else if (mutateAfterSigning && model.signsBody && !model.encode(original).body.equals(body))
        auth = model.sign(model.encode(original).body, n); // a valid signature of another body
      else auth = forge(body, n);
      const headers = { ...(signed ? {} : pickHarmless(extra)), 'content-type': contentType, ...auth };
      const huge = oversizedHeaders(headers);
      return {
        endpoint: model.route,
        req: { method: model.method, path: model.path(n), headers, body },
        expect: huge ? 'reject' : signed ? 'safe' : body.length > MAX_BODY && BODY_FIRST.has(model.route) ? 413 : 'reject',
        n,
      };
    });
}

/** Extra headers that cannot turn a forged request into a valid one. */
function pickHarmless(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!/^(authorization|x-slack-|x-hub-|x-telegram-|content-type)/i.test(k)) out[k] = v;
  return out;
}

/** Web chat conversations: a near-valid body with one field mutated; 201 only when it is still valid. */
const createConversationCase: fc.Arbitrary<Case> = fc.record({ pick: fc.nat(), value: mutantValue, extra: extraHeaders }).map(({ pick, value, extra }) => {
  const body = Buffer.from(JSON.stringify(mutate({ locale: 'nl-NL', name: 'Anna' }, pick, value)) ?? '');
  const req: FuzzRequest = { method: 'POST', path: '/api/webchat/conversations', headers: { ...pickHarmless(extra), 'content-type': 'application/json' }, body };
  return { endpoint: 'POST /api/webchat/conversations', req, expect: oversizedHeaders(req.headers) ? 'reject' : createConversationOk(req) ? 201 : 'reject' };
});

/** Odd methods and paths: traversal, encoded separators, case, trailing junk, very long. */
function oddPathCase(knownPaths: string[]): fc.Arbitrary<Case> {
  return fc
    .record({
      method: fc.constantFrom(...METHODS),
      path: fc.constantFrom(...knownPaths),
      params: fc.array(paramValue, { minLength: 1, maxLength: 3 }),
      twist: fc.constantFrom(
        (p: string) => `${p}/..`,
        (p: string) => `${p}/../../../../etc/passwd`,
        (p: string) => `/webchat/..%2f..%2f..%2fpackage.json${p.slice(0, 0)}`,
        (p: string) => `/webchat/%2e%2e/%2e%2e/package.json${p.slice(0, 0)}`,
        (p: string) => `/webchat/..%5c..%5cpackage.json${p.slice(0, 0)}`,
        (p: string) => `${p}%00.html`,
        (p: string) => `${p}/`,
        (p: string) => `/${p}`,
        (p: string) => p.toUpperCase(),
        (p: string) => `${p};jsessionid=1`,
        (p: string) => `${p}/${'x'.repeat(6000)}`,
        (p: string) => p.replaceAll('/', '%2f'),
        (p: string) => p.replaceAll('/', '\\'),
        (p: string) => `${p}/.%2e/.%2e/`,
        (p: string) => `/./${p}/./`,
      ),
      query: querySuffix,
      headers: extraHeaders,
    })
    .map(({ method, path, params, twist, query, headers }) => {
      const req: FuzzRequest = { method, path: twist(withParams(path, params)) + query, headers };
      return { endpoint: 'odd methods and paths', req, expect: oversizedHeaders(req.headers) || req.path.length > 17_000 ? 'reject' : 'safe' };
    });
}

async function redisKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await stores.redis!.scan(cursor, 'MATCH', `${stores.prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const k of batch) keys.add(k);
  } while (cursor !== '0');
  return keys;
}

/** Keys that change with time or with every request by design (rate-limit counters, the WhatsApp lease). */
const VOLATILE = /rate-?limit|ratelimit|:rl:|:lease|whatsapp:(pairing|session|lease)/i;

async function messagesIn(): Promise<number> {
  const metric = await all.balie.app.metrics.messagesIn.get();
  return metric.values.reduce((sum, v) => sum + v.value, 0);
}

function report(failures: Failure[]): string {
  const byWhy = new Map<string, Failure>();
  for (const f of failures) if (!byWhy.has(`${f.endpoint} ${f.why}`)) byWhy.set(`${f.endpoint} ${f.why}`, f);
  return [...byWhy.values()].map((f) => `${f.endpoint}: ${f.method} ${f.path} → ${f.why}\n    answer: ${f.body}\n    sent: ${f.sent}`).join('\n');
}

/** The request, short enough for a report. */
function describe_(req: FuzzRequest): string {
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v}`)
    .join('; ');
  const body = req.body ? (req.body.length > 400 ? `${req.body.subarray(0, 400).toString('utf8')}…(${req.body.length} bytes)` : req.body.toString('utf8')) : '';
  return `${headers} | ${body}`;
}

describe('fuzz: bad input on every public endpoint', () => {
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    stores = await createRedisStores({ url: testRedisUrl(), prefix: uniquePrefix('fuzz'), logger: createLogger({ level: 'silent' }) });
    // Rate limits high enough that the parsers, not the limiter, answer (the limiter has its own tests).
    all = await startAllChannels({ stores, configure: raiseLimits, logger: log.logger });
    base = new URL(all.balie.url);
    agent = new Agent({ keepAlive: true, maxSockets: BATCH });
    webchatSecret = all.config.webchat.secret ?? (await all.balie.app.stores.shared.getOrCreate('webchat-secret'));
    // Every route the running server has (new endpoints are fuzzed without touching this file),
    // and the known public ones as a floor.
    const registered = Object.values(all.balie.server.router.getDebugInfo() as Record<string, { method: string; path: string }>).map((r) => ({
      method: r.method.toUpperCase(),
      path: r.path,
    }));
    const known = [
      'GET /healthz',
      'GET /readyz',
      'GET /metrics',
      'GET /',
      'GET /webchat/:file',
      'POST /api/webchat/conversations',
      'GET /api/webchat/conversations/:id/messages',
      'POST /api/webchat/conversations/:id/messages',
      'GET /api/webchat/conversations/:id/stream',
      'POST /webhooks/telegram',
      'POST /webhooks/slack/events',
      'POST /webhooks/slack/interactions',
      'GET /webhooks/whatsapp',
      'POST /webhooks/whatsapp',
      'GET /whatsapp/qr',
      'POST /api/desk/sign-in',
      'GET /api/desk/chats',
      'GET /api/desk/events',
      'GET /desk',
    ];
    const seen = new Set(registered.map((r) => `${r.method} ${r.path}`));
    for (const k of known) expect(seen, `the server no longer registers ${k}`).toContain(k);
    routes = registered;
  });

  afterAll(async () => {
    agent?.destroy();
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const lines = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${String(v).padStart(6)}  ${k}`);
    console.log(`fuzz: ${total} requests sent\n${lines.join('\n')}`);
    const errors = new Map<string, unknown>();
    for (const line of log.lines) errors.set(`${line.msg} ${JSON.stringify((line as { err?: { message?: string } }).err?.message)}`, line);
    if (errors.size) console.log(`balie logged ${errors.size} distinct errors:\n${[...errors.values()].map((l) => JSON.stringify(l).slice(0, 1500)).join('\n')}`);
    await all?.stop();
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  }, 60_000);

  it('refuses forged, malformed and oversized requests with a 4xx and a JSON error, and stores nothing', async () => {
    const keysBefore = await redisKeys();
    const inBefore = await messagesIn();
    const sendsBefore = all.platformSends();
    const failures: Failure[] = [];
    const attempt = async (what: () => Promise<void>) => {
      try {
        await what();
      } catch (err) {
        // Failures are collected in `failures`; the other groups still run so one report shows everything.
        if (!failures.length) failures.push({ endpoint: 'fuzz', method: '', path: '', status: 0, why: String(err).slice(0, 2000), body: '', sent: '' });
      }
    };

    // Per route: 200 generic cases each (more routes, more cases).
    for (const route of routes) await attempt(() => fuzz(genericCase(route), 20, failures));
    // Recorded payloads with one field mutated and forged credentials.
    for (const model of [telegramModel, slackEventsModel, slackInteractionsModel, cloudModel, webchatMessageModel(webchatSecret)]) {
      await attempt(() => fuzz(nearValidCase(model, false), 60, failures));
    }
    await attempt(() => fuzz(createConversationCase, 30, failures));
    await attempt(() => fuzz(oddPathCase([...new Set(routes.map((r) => r.path))]), 50, failures));
    for (const raw of RAW_REQUESTS) {
      const a = await sendRaw(base, raw.bytes);
      count('raw HTTP (malformed requests)');
      const why =
        a.status === 0
          ? raw.mayClose
            ? undefined
            : 'no answer'
          : a.status >= 500
            ? `answered ${a.status}`
            : a.status >= 400 && a.headers.server === 'balie' && !/^application\/json/.test(String(a.headers['content-type'] ?? ''))
              ? 'a balie 4xx that is not JSON'
              : undefined;
      if (why) failures.push({ endpoint: 'raw HTTP', method: 'RAW', path: raw.name, status: a.status, why, body: a.body.slice(0, 200), sent: raw.name });
    }

    expect(report(failures)).toBe('');
    expect(unhandled).toEqual([]);
    // Nothing stored, nothing counted, nothing sent.
    const added = [...(await redisKeys())].filter((k) => !keysBefore.has(k) && !VOLATILE.test(k));
    expect(added).toEqual([]);
    expect(await messagesIn()).toBe(inBefore);
    expect(all.platformSends()).toBe(sendsBefore);
    expect((await fetch(`${all.balie.url}/healthz`)).status).toBe(200);
  }, 120_000);

  it('never answers 5xx to signed payloads with a mutated field, and a refused one leaves no trace', async () => {
    const keysBefore = await redisKeys();
    const failures: Failure[] = [];
    const refused = new Set<number>();
    const accepted = new Set<number>();
    const models = [telegramModel, slackEventsModel, slackInteractionsModel, cloudModel, webchatMessageModel(webchatSecret)];
    for (const model of models) {
      const arb = nearValidCase(model, true);
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(arb, { minLength: BATCH, maxLength: BATCH }), async (cases) => {
            const answers = await Promise.all(cases.map((c) => send(base, c.req, agent)));
            const found: Failure[] = [];
            cases.forEach((c, i) => {
              const a = answers[i]!;
              count(`${c.endpoint} (signed)`);
              (a.status >= 200 && a.status < 300 ? accepted : refused).add(c.n!);
              const why = judge(c, a);
              if (why)
                found.push({
                  endpoint: `${c.endpoint} (signed)`,
                  method: c.req.method,
                  path: c.req.path,
                  status: a.status,
                  why,
                  body: a.body.slice(0, 300),
                  sent: describe_(c.req),
                });
            });
            failures.push(...found);
            if (found.length) throw new Error(report(found));
          }),
          { numRuns: 30, endOnFailure: true },
        );
      } catch {
        // Reported below with the others.
      }
    }
    expect(report(failures)).toBe('');
    // Let the accepted turns finish before looking at what they left.
    await all.balie.app.ingress.drain?.();
    expect(unhandled).toEqual([]);
    const added = [...(await redisKeys())].filter((k) => !keysBefore.has(k) && !VOLATILE.test(k));
    const traced = added.filter((k) => [...refused].some((n) => k.includes(String(n))));
    expect(traced, 'keys left by refused requests').toEqual([]);
    expect(accepted.size, 'some mutated payloads are still valid and answered').toBeGreaterThan(0);
    expect((await fetch(`${all.balie.url}/healthz`)).status).toBe(200);
  }, 120_000);
});

function raiseLimits(config: Config): void {
  Object.assign(config.limits, { newConversationsPerIp: 1_000_000, requestsPerIp: 1_000_000, messagesPerConversation: 1_000_000 });
}

export type { Json };
