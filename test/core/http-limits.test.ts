import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores } from '../../src/core/stores.js';
import { textUpdate } from '../adapters/telegram/harness.js';
import { startAllChannels, TELEGRAM_SECRET, type AllChannels } from '../support/all-channels.js';
import { captureLog, type CapturedLog } from '../support/log-capture.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

/*
 * Rate limits as a stranger and a customer meet them: per client address on starting web chats
 * and on the public API, per conversation on messages (web chat and platforms), counted in Redis
 * so that every process sees the same count.
 */

const LIMITS = { newConversationsPerIp: 3, requestsPerIp: 40, messagesPerConversation: 4, trustedProxies: 1 };

let a: AllChannels;
let b: AllChannels;
let log: CapturedLog;

beforeAll(async () => {
  const prefix = uniquePrefix('limits');
  log = captureLog('warn');
  const stores = () => createRedisStores({ url: testRedisUrl(), prefix, logger: createLogger({ level: 'silent' }) });
  // Two processes on one Redis, as behind a load balancer (one proxy in front: trustedProxies 1).
  a = await startAllChannels({ stores: await stores(), logger: log.logger, configure: (c) => Object.assign(c.limits, LIMITS) });
  b = await startAllChannels({ stores: await stores(), configure: (c) => Object.assign(c.limits, LIMITS) });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
});

const start = (balie: AllChannels, ip: string) =>
  fetch(`${balie.balie.url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: '{}' });

async function rateLimited(balie: AllChannels, limit: string, channel: string): Promise<number> {
  return (
    (await balie.balie.app.metrics.registry.getSingleMetric('balie_rate_limited_total')?.get())?.values.find((v) => v.labels.limit === limit && v.labels.channel === channel)
      ?.value ?? 0
  );
}

describe('per client address', () => {
  it('lets an address start 3 web chats a minute across all processes, then answers 429 with Retry-After', async () => {
    const ip = '203.0.113.7';
    expect((await start(a, ip)).status).toBe(201);
    expect((await start(b, ip)).status).toBe(201);
    expect((await start(a, ip)).status).toBe(201);
    const refused = await start(b, ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toMatch(/too many new web chat conversations from your address \(at most 3 a minute\); try again in \d+ s/);
    // Another address is not affected.
    expect((await start(a, '203.0.113.8')).status).toBe(201);
  });

  it('takes the client from X-Forwarded-For only as far as the trusted proxies reach', async () => {
    // The client wrote "1.1.1.1" itself; the one trusted proxy appended the real address.
    for (let i = 0; i < 3; i++) expect((await start(a, `1.1.1.${i}, 198.51.100.9`)).status).toBe(201);
    expect((await start(a, '9.9.9.9, 198.51.100.9')).status).toBe(429);
  });

  it("limits the public API per address, but never the platforms' webhooks", async () => {
    const ip = '203.0.113.50';
    let status = 0;
    for (let i = 0; i < LIMITS.requestsPerIp + 1 && status !== 429; i++) {
      status = (await fetch(`${a.balie.url}/api/webchat/conversations/abcdefghij/messages`, { headers: { 'x-forwarded-for': ip } })).status;
    }
    expect(status).toBe(429);
    // Telegram's servers, from one address, well past every per-address limit: refused for their bad secret, never limited.
    const statuses = new Set<number>();
    for (let i = 0; i < LIMITS.requestsPerIp + 10; i++) {
      const res = await fetch(a.telegram.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, 'x-telegram-bot-api-secret-token': 'wrong' },
        body: JSON.stringify(textUpdate(1, 'hi')),
      });
      statuses.add(res.status);
    }
    expect([...statuses]).toEqual([401]);
  });
});

describe('per conversation', () => {
  it('takes 4 web chat messages a minute, then answers 429 and stores nothing more', async () => {
    const started = (await (await start(a, '203.0.113.90')).json()) as { conversationId: string; token: string };
    const say = (balie: AllChannels, n: number) =>
      fetch(`${balie.balie.url}/api/webchat/conversations/${started.conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}`, 'x-forwarded-for': '203.0.113.90' },
        body: JSON.stringify({ clientMessageId: `limit-msg-${n}`, text: `bericht ${n}` }),
      });
    for (let n = 1; n <= 4; n++) expect((await say(n % 2 ? a : b, n)).status).toBe(202);
    const refused = await say(a, 5);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/too many messages in this conversation; wait \d+ s and send it again/),
    });
    const customerLines = (await a.balie.app.stores.transcripts.list(`webchat:${started.conversationId}`)).filter((e) => e.direction === 'in');
    expect(customerLines.map((e) => e.text)).not.toContain('bericht 5');
  });

  it('drops a platform message over the limit with a 200 (no retry), no turn, a metric and one warning', async () => {
    const chat = 6_600_001;
    const post = (n: number) =>
      fetch(a.telegram.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(textUpdate(chat, `vraag ${n}`)),
      });
    for (let n = 1; n <= 4; n++) expect((await post(n)).status).toBe(200);
    const turnsBefore = (await a.balie.app.metrics.messagesIn.get()).values.find((v) => v.labels.channel === 'telegram')?.value ?? 0;
    expect((await post(5)).status).toBe(200);
    expect((await post(6)).status).toBe(200);
    expect((await a.balie.app.metrics.messagesIn.get()).values.find((v) => v.labels.channel === 'telegram')?.value ?? 0).toBe(turnsBefore);
    expect(await rateLimited(a, 'conversation', 'telegram')).toBe(2);
    const warnings = log.lines.filter((l) => l.code === 'RATE_LIMITED' && l.limit === 'conversation' && String(l.conversation).includes(String(chat)));
    expect(warnings).toHaveLength(1);
    const stored = (await a.balie.app.stores.transcripts.list(`telegram:${chat}`)).filter((e) => e.direction === 'in').map((e) => e.text);
    expect(stored).not.toContain('vraag 5');
    expect(stored).not.toContain('vraag 6');
  });
});
