import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores } from '../../src/core/stores.js';
import { startAllChannels, type AllChannels } from '../support/all-channels.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

/*
 * The agents' API from an attacker's and a colleague's side: nothing without a session, no
 * session from a guessed token (and guessing is rate-limited), and agent A can neither read nor
 * write agent B's chat.
 */

const TOKENS = { sanne: 'desk-token-sanne-0123456789abcdef', bram: 'desk-token-bram-0123456789abcdef' };

let all: AllChannels;
let api: (path: string, init?: { method?: string; session?: string; body?: unknown; headers?: Record<string, string> }) => Promise<Response>;

beforeAll(async () => {
  const stores = await createRedisStores({ url: testRedisUrl(), prefix: uniquePrefix('sec-desk'), logger: createLogger({ level: 'silent' }) });
  all = await startAllChannels({ stores, env: { BALIE_AGENT_TOKENS: `sanne=${TOKENS.sanne},bram=${TOKENS.bram}` } });
  api = (path, init = {}) =>
    fetch(`${all.balie.url}/api/desk${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.session ? { authorization: `Bearer ${init.session}` } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
});
afterAll(() => all?.stop());

async function signIn(token: string): Promise<string> {
  const res = await api('/sign-in', { body: { token } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { session: string }).session;
}

/** A web chat customer who asks for a person: a waiting chat in the queue. */
async function waitingChat(): Promise<string> {
  const started = (await (
    await fetch(`${all.balie.url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"locale":"nl-NL"}' })
  ).json()) as { conversationId: string; token: string };
  const res = await fetch(`${all.balie.url}/api/webchat/conversations/${started.conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
    body: JSON.stringify({ clientMessageId: 'desk-sec-0001', text: 'Ik wil een medewerker spreken' }),
  });
  expect(res.status).toBe(202);
  const key = `webchat:${started.conversationId}`;
  const until = Date.now() + 8000;
  while (Date.now() < until) {
    const queue = (await (await api('/queue', { session: await signIn(TOKENS.bram) })).json()) as { items: { key: string }[] };
    if (queue.items.some((i) => i.key === key)) return key;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the chat never reached the queue');
}

describe('desk API', () => {
  it('answers 401 without a session, with a forged one, and to a wrong token', async () => {
    for (const path of ['/me', '/queue', '/chats', '/agents']) {
      expect((await api(path)).status, path).toBe(401);
      expect((await api(path, { session: 'forged-session-id' })).status, path).toBe(401);
      expect((await api(path, { headers: { cookie: 'balie_desk=forged' } })).status, path).toBe(401);
    }
    const wrong = await api('/sign-in', { body: { token: 'guess-0001' } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('SIGN_IN_FAILED');
  });

  it("lets agent A neither read nor write agent B's chat", async () => {
    const key = await waitingChat();
    const bram = await signIn(TOKENS.bram);
    const sanne = await signIn(TOKENS.sanne);
    await api('/presence', { method: 'PUT', session: bram, body: { presence: 'online' } });
    // Bram is the only one online, so the waiting chat is offered to him: he takes it.
    await expect.poll(async () => (await api(`/chats/${encodeURIComponent(key)}/accept`, { session: bram, body: {} })).status).toBe(200);
    const k = encodeURIComponent(key);
    const attempts: [string, Promise<Response>][] = [
      ['read the chat', api(`/chats/${k}`, { session: sanne })],
      ['read the transcript', api(`/chats/${k}/transcript`, { session: sanne })],
      ['read the notes', api(`/chats/${k}/notes`, { session: sanne })],
      ['write to the customer', api(`/chats/${k}/messages`, { session: sanne, body: { text: 'Hallo, Sanne hier' } })],
      ['write a note', api(`/chats/${k}/notes`, { session: sanne, body: { text: 'note by sanne' } })],
      ['transfer it', api(`/chats/${k}/transfer`, { session: sanne, body: { toAgentId: 'sanne' } })],
      ['hand it back', api(`/chats/${k}/hand-back`, { session: sanne, body: {} })],
      ['resolve it', api(`/chats/${k}/resolve`, { session: sanne, body: {} })],
      ['accept it', api(`/chats/${k}/accept`, { session: sanne, body: {} })],
    ];
    for (const [what, pending] of attempts) {
      const res = await pending;
      expect(res.status, what).toBeGreaterThanOrEqual(403);
      expect(res.status, what).toBeLessThan(500);
      expect(JSON.stringify(await res.json()), what).not.toContain('medewerker');
    }
    const lines = await all.balie.app.stores.transcripts.list(key);
    expect(lines.map((l) => l.text)).not.toContain('Hallo, Sanne hier');
    // The owner can (so the refusals were about who asked).
    expect((await api(`/chats/${k}`, { session: bram })).status).toBe(200);
    expect((await api(`/chats/${k}/messages`, { session: bram, body: { text: 'Hallo, Bram hier' } })).status).toBe(201);
  });

  it('refuses a cross-site form post (no JSON content type) even with a valid session cookie', async () => {
    const res = await fetch(`${all.balie.url}/api/desk/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TOKENS.sanne }),
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const form = await fetch(`${all.balie.url}/api/desk/presence`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'presence=offline',
    });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
  });

  it('rate-limits guessing tokens per address with 429 and Retry-After', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 30; i++) {
      last = await api('/sign-in', { body: { token: `guess-${i}` }, headers: { 'x-forwarded-for': '203.0.113.200' } });
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
