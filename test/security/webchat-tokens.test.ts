import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationToken, streamTicket } from '../../src/adapters/webchat/verify.js';
import type { RunningBalie } from '../../src/main.js';
import { startTestBalie } from '../support/app.js';

/*
 * The web chat's conversation token expires (renewed while used), and never travels in a URL:
 * the live stream takes a ticket that is good for a minute, so a token a proxy logged is no use.
 */

const SECRET = 'webchat-secret-for-token-tests-0123456789';
let balie: RunningBalie;
beforeAll(async () => {
  balie = await startTestBalie({ env: { WEBCHAT_SECRET: SECRET } });
});
afterAll(() => balie.stop());

const now = () => Math.floor(Date.now() / 1000);
const post = (path: string, token?: string, body: unknown = {}) =>
  fetch(`${balie.url}/api/webchat/conversations${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const history = (id: string, token: string) => fetch(`${balie.url}/api/webchat/conversations/${id}/messages`, { headers: { authorization: `Bearer ${token}` } });

async function start(): Promise<{ conversationId: string; token: string; expiresAt: string }> {
  const res = await post('');
  expect(res.status).toBe(201);
  return (await res.json()) as { conversationId: string; token: string; expiresAt: string };
}

describe('web chat conversation tokens', () => {
  it('gives a token that expires, after tokenDays', async () => {
    const { expiresAt } = await start();
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('refuses an expired token, an old-style token that never expires, and one for another conversation', async () => {
    const { conversationId } = await start();
    expect((await history(conversationId, conversationToken(SECRET, conversationId, now() - 1))).status).toBe(401);
    // The format before tokens expired: an HMAC of the id alone.
    const { createHmac } = await import('node:crypto');
    const oldStyle = createHmac('sha256', SECRET).update(`webchat:${conversationId}`).digest('base64url');
    expect((await history(conversationId, oldStyle)).status).toBe(401);
    const other = await start();
    expect((await history(conversationId, other.token)).status).toBe(401);
  });

  it('renews a token past half its life while the conversation is used', async () => {
    const { conversationId } = await start();
    const ageing = conversationToken(SECRET, conversationId, now() + 10 * 24 * 3600);
    const res = await history(conversationId, ageing);
    expect(res.status).toBe(200);
    const renewed = res.headers.get('x-webchat-token');
    expect(renewed).toBeTruthy();
    expect(Date.parse(res.headers.get('x-webchat-token-expires')!)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const again = await history(conversationId, renewed!);
    expect(again.status).toBe(200);
    // A fresh token is not renewed on every request.
    expect(again.headers.get('x-webchat-token')).toBeNull();
  });
});

describe('the live stream', () => {
  it('does not take the conversation token in its URL', async () => {
    const { conversationId, token } = await start();
    const res = await fetch(`${balie.url}/api/webchat/conversations/${conversationId}/stream?token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('stream ticket');
  });

  it('takes a ticket that the token buys, for its own conversation only, for a minute', async () => {
    const { conversationId, token } = await start();
    expect((await post(`/${conversationId}/stream-tickets`)).status).toBe(401);
    const issued = await post(`/${conversationId}/stream-tickets`, token);
    expect(issued.status).toBe(201);
    const { ticket, expiresAt } = (await issued.json()) as { ticket: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    const stream = (t: string, id = conversationId) =>
      fetch(`${balie.url}/api/webchat/conversations/${id}/stream?ticket=${encodeURIComponent(t)}`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);

    const ok = await stream(ticket);
    expect(ok?.status).toBe(200);
    expect(ok?.headers.get('content-type')).toContain('text/event-stream');
    await ok?.body?.cancel();

    const other = await start();
    expect((await stream(ticket, other.conversationId))?.status).toBe(401);
    expect((await stream(streamTicket(SECRET, conversationId, now() - 1)))?.status).toBe(401);
    // A forged expiry far away is refused too: a ticket never lasts longer than a minute.
    expect((await stream(streamTicket(SECRET, conversationId, now() + 3600)))?.status).toBe(401);
  });
});
