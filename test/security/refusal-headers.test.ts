import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBalie } from '../../src/main.js';
import { startTestBalie, testConfig } from '../support/app.js';

/*
 * Every answer carries the browser security headers, the refusals of the guards in front of the
 * routes (415, 429) too; personal data and sessions are never cached; behind https, HSTS.
 */

let balie: RunningBalie | undefined;
afterEach(async () => {
  await balie?.stop();
  balie = undefined;
});

async function start(env: Record<string, string> = {}, limits: Record<string, unknown> = {}): Promise<RunningBalie> {
  const config = testConfig({ BALIE_AGENT_TOKENS: 'sanne=hdr-token-sanne-0123456789abc', ...env });
  balie = await startTestBalie({ config: { ...config, limits: { ...config.limits, ...limits } } });
  return balie;
}

const expectBrowserHeaders = (res: Response, what: string) => {
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  expect(res.headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
};

describe('headers on every answer', () => {
  it('sends nosniff, CSP and X-Frame-Options on 404, 415 and 429 answers', async () => {
    // The test connects from loopback, which counts as a proxy here: it names a public client.
    const b = await start({}, { trustedProxies: 1, newConversationsPerIp: 1 });
    const notFound = await fetch(`${b.url}/no/such/page`);
    expect(notFound.status).toBe(404);
    expectBrowserHeaders(notFound, '404');

    const encoded = await fetch(`${b.url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'x' });
    expect(encoded.status).toBe(415);
    expectBrowserHeaders(encoded, '415');

    const start1 = { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' }, body: '{}' };
    expect((await fetch(`${b.url}/api/webchat/conversations`, start1)).status).toBe(201);
    const limited = await fetch(`${b.url}/api/webchat/conversations`, start1);
    expect(limited.status).toBe(429);
    expectBrowserHeaders(limited, '429');
  });

  it('lets no cache keep personal data or a session', async () => {
    const b = await start();
    const created = await fetch(`${b.url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const messages = await fetch(`${b.url}/api/webchat/conversations/${conversationId}/messages`, { headers: { authorization: `Bearer ${token}` } });
    expect(messages.status).toBe(200);
    expect(messages.headers.get('cache-control')).toBe('no-store');
    const signIn = await fetch(`${b.url}/api/desk/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'hdr-token-sanne-0123456789abc' }),
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('cache-control')).toBe('no-store');
  });

  it('sends HSTS only when balie is served over https', async () => {
    const plain = await start();
    expect((await fetch(`${plain.url}/`)).headers.get('strict-transport-security')).toBeNull();
    await plain.stop();
    const tls = await start({ PUBLIC_URL: 'https://chat.example.com' });
    expect((await fetch(`${tls.url}/`)).headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
  });
});
