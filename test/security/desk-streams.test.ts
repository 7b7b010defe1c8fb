import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores, type Stores } from '../../src/core/stores.js';
import type { RunningBalie } from '../../src/main.js';
import { startTestBalie, testConfig } from '../support/app.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

/*
 * A desk session that ends (signed out in another process, or expired) ends its open live streams
 * in every process: the stream was authorised once, when it opened, and must not go on carrying a
 * customer's words to whoever holds it.
 */

const TOKEN = 'stream-token-sanne-0123456789abcd';
const logger = createLogger({ level: 'silent' });
let a: RunningBalie;
let b: RunningBalie;
let storesA: Stores;
let storesB: Stores;

beforeAll(async () => {
  const prefix = uniquePrefix('desk-streams');
  storesA = await createRedisStores({ url: testRedisUrl(), prefix, logger });
  storesB = await createRedisStores({ url: testRedisUrl(), prefix, logger });
  const config = testConfig({ BALIE_AGENT_TOKENS: `sanne=${TOKEN}`, REDIS_URL: testRedisUrl() });
  a = await startTestBalie({ config, stores: storesA });
  b = await startTestBalie({ config, stores: storesB });
});
afterAll(async () => {
  await Promise.allSettled([a?.stop(), b?.stop()]);
});

async function signIn(on: RunningBalie): Promise<string> {
  const res = await fetch(`${on.url}/api/desk/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: TOKEN }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { session: string }).session;
}

/** Opens the live stream and resolves once it is ready; `ended` resolves with the events seen when it closes. */
async function openStream(on: RunningBalie, session: string): Promise<{ ended: Promise<string[]>; abort(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${on.url}/api/desk/events`, { headers: { authorization: `Bearer ${session}` }, signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: string[] = [];
  let buffer = '';
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return events;
        buffer += decoder.decode(value, { stream: true });
        for (const m of buffer.matchAll(/^event: ([\w-]+)$/gm)) events.push(m[1]!);
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
        if (events.includes('ready')) ready();
      }
    } catch {
      return events;
    }
  })();
  await isReady;
  return { ended, abort: () => controller.abort() };
}

const within = <T>(ms: number, p: Promise<T>) => Promise.race([p, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);

describe('desk live streams and their session', () => {
  it('closes a stream open on another process within a second of signing out', async () => {
    const session = await signIn(a);
    const stream = await openStream(b, session);
    try {
      const out = await fetch(`${a.url}/api/desk/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${session}` } });
      expect(out.status).toBe(204);
      const events = await within(1000, stream.ended);
      expect(events).not.toBe('still open');
      expect(events).toContain('signed-out');
      // And the session opens no new stream.
      expect((await fetch(`${b.url}/api/desk/events`, { headers: { authorization: `Bearer ${session}` } })).status).toBe(401);
    } finally {
      stream.abort();
    }
  });

  it('closes a stream whose session expired', async () => {
    const session = await signIn(a);
    const stream = await openStream(b, session);
    try {
      // What expiry does in Redis: the session's key is gone.
      const hash = createHash('sha256').update(session).digest('hex');
      expect(await storesA.redis!.del(`${storesA.prefix}desk:session:${hash}`)).toBe(1);
      const events = await within(10_000, stream.ended);
      expect(events).toContain('signed-out');
    } finally {
      stream.abort();
    }
  });

  it('keeps the streams of other sessions open', async () => {
    const mine = await signIn(a);
    const other = await signIn(a);
    const stream = await openStream(b, other);
    try {
      await fetch(`${a.url}/api/desk/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${mine}` } });
      expect(await within(1500, stream.ended)).toBe('still open');
    } finally {
      stream.abort();
    }
  });
});
