import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createRedisStores } from '../../../src/core/stores.js';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';
import { captureLog } from '../../support/log-capture.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { agentTokensEnv, deskClient } from '../../support/desk-client.js';

const TOKENS = { sanne: 'desk-api-token-sanne-0123456789', bram: 'desk-api-token-bram-0123456789', fatima: 'desk-api-token-fatima-012345678' };
const ENV = agentTokensEnv(TOKENS);

const running: RunningBalie[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
});

async function balie(options: Parameters<typeof startTestBalie>[0] = {}): Promise<RunningBalie> {
  const b = await startTestBalie({ env: ENV, ...options });
  running.push(b);
  return b;
}

function client(url: string) {
  const { call, signIn, session } = deskClient(url);
  return {
    call,
    signIn,
    /** The live stream's events, as they arrive. */
    async events() {
      const ctl = new AbortController();
      const res = await fetch(`${url}/api/desk/events`, { headers: { authorization: `Bearer ${session()}` }, signal: ctl.signal });
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const seen: { type: string; key?: string; text?: string }[] = [];
      const reader = res.body!.getReader();
      void (async () => {
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += new TextDecoder().decode(value);
          for (const m of buffer.matchAll(/^data: (\{.*\})$/gm)) seen.push(JSON.parse(m[1]!));
          buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
        }
      })().catch(() => undefined);
      return { seen, close: () => ctl.abort() };
    },
  };
}

async function customer(url: string) {
  const started = (await (await fetch(`${url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    conversationId: string;
    token: string;
  };
  let n = 0;
  return {
    key: `webchat:${started.conversationId}`,
    async say(text: string) {
      const res = await fetch(`${url}/api/webchat/conversations/${started.conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
        body: JSON.stringify({ clientMessageId: `api-test-${String(++n).padStart(4, '0')}`, text }),
      });
      expect(res.status).toBe(202);
    },
    async heard() {
      const res = (await (
        await fetch(`${url}/api/webchat/conversations/${started.conversationId}/messages`, { headers: { authorization: `Bearer ${started.token}` } })
      ).json()) as { messages: { role: string; text?: string; from: { name?: string } }[] };
      return res.messages;
    },
  };
}

describe('agent desk HTTP API', () => {
  it('takes a chat from offer to hand back over HTTP: context, canned replies, private notes, transfer with a note, hand back', async () => {
    const b = await balie();
    const sanne = client(b.url);
    const bram = client(b.url);
    await sanne.signIn(TOKENS.sanne);
    await bram.signIn(TOKENS.bram);
    expect((await sanne.call('PUT', '/presence', { presence: 'online' })).status).toBe(200);
    const stream = await sanne.events();
    const c = await customer(b.url);
    await c.say('ik wil een medewerker spreken');
    await expect.poll(() => stream.seen.some((e) => e.type === 'offer' && e.key === c.key)).toBe(true);
    const chats = await sanne.call('GET', '/chats');
    expect(chats.body.offers[0]).toMatchObject({ key: c.key, reason: 'customer-asked', channel: 'webchat' });
    expect(chats.body.offers[0].deadline).toBeGreaterThan(Date.now());

    const key = encodeURIComponent(c.key);
    expect((await sanne.call('POST', `/chats/${key}/accept`, {})).status).toBe(200);
    await expect.poll(async () => (await c.heard()).some((m) => /Sanne/.test(m.text ?? ''))).toBe(true);
    const context = await sanne.call('GET', `/chats/${key}`);
    expect(context.body.transcript.map((e: { text?: string }) => e.text)).toContain('ik wil een medewerker spreken');

    const canned = await sanne.call('GET', '/canned?lang=nl');
    expect(canned.body.replies.length).toBeGreaterThanOrEqual(8);
    expect((await sanne.call('POST', `/chats/${key}/messages`, { text: 'Hoi, Sanne hier.' })).status).toBe(201);
    await c.say('Mijn tafel is beschadigd');
    await expect.poll(() => stream.seen.some((e) => e.type === 'customer-message' && e.text === 'Mijn tafel is beschadigd')).toBe(true);

    expect((await sanne.call('POST', `/chats/${key}/notes`, { text: 'klant is boos, wil vervanging' })).status).toBe(201);
    expect((await sanne.call('GET', `/chats/${key}/notes`)).body.notes.map((n: { text: string }) => n.text)).toEqual(['klant is boos, wil vervanging']);
    expect((await c.heard()).map((m) => m.text)).not.toContain('klant is boos, wil vervanging');

    await bram.call('PUT', '/presence', { presence: 'online' });
    expect((await sanne.call('POST', `/chats/${key}/transfer`, { toAgentId: 'bram', note: "beschadigde tafel, foto's gevraagd" })).status).toBe(204);
    await expect.poll(async () => (await bram.call('GET', '/chats')).body.offers.map((o: { key: string }) => o.key)).toContain(c.key);
    expect((await bram.call('POST', `/chats/${key}/accept`, {})).status).toBe(200);
    const packet = await bram.call('GET', `/chats/${key}`);
    expect(packet.body.note).toBe("beschadigde tafel, foto's gevraagd");
    expect(packet.body.notes.map((n: { text: string }) => n.text)).toEqual(['klant is boos, wil vervanging']);
    // Sanne let go: the chat is no longer hers to read.
    expect((await sanne.call('GET', `/chats/${key}`)).status).toBe(403);

    expect((await bram.call('POST', `/chats/${key}/hand-back`, {})).status).toBe(204);
    expect((await bram.call('GET', `/chats/${key}`)).status).toBe(404);
    stream.close();
  });

  it('says what is wrong with a request', async () => {
    const b = await balie();
    const sanne = client(b.url);
    await sanne.signIn(TOKENS.sanne);
    const bad = await sanne.call('PUT', '/presence', { presence: 'sleeping' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/presence: must be online, away or offline/);
    const empty = await sanne.call('POST', `/chats/${encodeURIComponent('webchat:abc')}/messages`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/needs text or an attachment/);
    expect((await sanne.call('GET', '/chats/not-a-key')).status).toBe(400);
    expect((await sanne.call('POST', '/sign-in', {})).status).toBe(400);
  });

  it('stores an uploaded file and serves it at an unguessable address', async () => {
    const b = await balie();
    const sanne = client(b.url);
    const { session } = await sanne.signIn(TOKENS.sanne);
    const png = Buffer.alloc(300 * 1024, 7);
    const up = await fetch(`${b.url}/api/desk/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'image/png', 'x-filename': encodeURIComponent('schade foto.png') },
      body: png,
    });
    expect(up.status).toBe(201);
    const { contentUrl } = (await up.json()) as { contentUrl: string };
    expect(contentUrl).toMatch(/^\/media\/[A-Za-z0-9_-]{32}$/);
    const got = await fetch(`${b.url}${contentUrl}`);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(`${b.url}/media/${'x'.repeat(32)}`)).status).toBe(404);
    const noName = await fetch(`${b.url}/api/desk/uploads`, { method: 'POST', headers: { authorization: `Bearer ${session}`, 'content-type': 'image/png' }, body: png });
    expect(noName.status).toBe(400);
  });

  it('prints demo tokens in development when none are configured, and they work', async () => {
    const log = captureLog('info');
    const b = await balie({ env: {}, logger: log.logger });
    const line = await log.waitFor((l) => /^desk sign-in for Sanne de Vries \(sanne\): [a-z]{32}$/.test(l.msg));
    const token = line.msg.split(': ')[1]!;
    await client(b.url).signIn(token);
  });

  it('live events reach an agent connected to another process (Redis)', async () => {
    const prefix = uniquePrefix('desk-api');
    const stores = () => createRedisStores({ url: testRedisUrl(), prefix, logger: createLogger({ level: 'silent' }) });
    const one = await balie({ stores: await stores() });
    const two = await balie({ stores: await stores() });
    const sanne = client(one.url);
    await sanne.signIn(TOKENS.sanne);
    // The session made on process one is good on process two.
    const onTwo = client(two.url);
    await onTwo.signIn(TOKENS.sanne);
    await sanne.call('PUT', '/presence', { presence: 'online' });
    const stream = await sanne.events();
    const c = await customer(two.url);
    await c.say('ik wil een medewerker spreken');
    await expect.poll(() => stream.seen.some((e) => e.type === 'offer' && e.key === c.key)).toBe(true);
    expect((await sanne.call('POST', `/chats/${encodeURIComponent(c.key)}/accept`, {})).status).toBe(200);
    await c.say('hallo?');
    await expect.poll(() => stream.seen.some((e) => e.type === 'customer-message' && e.text === 'hallo?')).toBe(true);
    stream.close();
  });
});
