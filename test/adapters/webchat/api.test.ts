import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';

let balie: RunningBalie;
beforeAll(async () => {
  balie = await startTestBalie();
});
afterAll(() => balie.stop());

const json = (body: unknown, token?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const newConversation = async () => (await (await fetch(`${balie.url}/api/webchat/conversations`, json({ locale: 'nl-NL' }))).json()) as { conversationId: string; token: string };
const id = () => randomUUID().replaceAll('-', '');

/** The stream's address, with a fresh stream ticket (the conversation token never goes in a URL). */
async function streamUrl(conversationId: string, token: string): Promise<string> {
  const res = await fetch(`${balie.url}/api/webchat/conversations/${conversationId}/stream-tickets`, json({}, token));
  expect(res.status).toBe(201);
  const { ticket } = (await res.json()) as { ticket: string };
  return `${balie.url}/api/webchat/conversations/${conversationId}/stream?ticket=${encodeURIComponent(ticket)}`;
}

/** Reads SSE events from the stream until `count` message events arrived. */
async function readEvents(url: string, count: number, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: { id?: string; event?: string; data: unknown }[] = [];
  while (events.filter((e) => e.event === 'message').length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let at: number;
    while ((at = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const fields = Object.fromEntries(
        frame
          .split('\n')
          .filter((l) => l && !l.startsWith(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
      );
      if (fields.data) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
    }
  }
  controller.abort();
  return events;
}

describe('web chat API', () => {
  it('serves the chat page at /', async () => {
    const res = await fetch(`${balie.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('Tulp &#38; Co');
  });

  it('streams the customer message and the bot reply, then replays them after a reconnect', async () => {
    const { conversationId, token } = await newConversation();
    const stream = readEvents(await streamUrl(conversationId, token), 2);
    await new Promise((r) => setTimeout(r, 100));
    const sent = await fetch(`${balie.url}/api/webchat/conversations/${conversationId}/messages`, json({ clientMessageId: id(), text: 'Wat zijn jullie openingstijden?' }, token));
    expect(sent.status).toBe(202);
    const events = (await stream).filter((e) => e.event === 'message');
    expect(events.map((e) => (e.data as { role: string }).role)).toEqual(['customer', 'bot']);
    expect((events[1]!.data as { text: string }).text.length).toBeGreaterThan(10);

    // A reload: the history has both; a reconnect with Last-Event-ID gets only what came after.
    const history = (await (await fetch(`${balie.url}/api/webchat/conversations/${conversationId}/messages`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      messages: { id: string }[];
    };
    expect(history.messages.map((m) => m.id)).toEqual(events.map((e) => e.id));
    const resumed = readEvents(await streamUrl(conversationId, token), 1, { 'last-event-id': events[0]!.id! });
    const [replayed] = (await resumed).filter((e) => e.event === 'message');
    expect(replayed!.id).toBe(events[1]!.id);
  });

  it('answers a short English question in English when the page sent no locale', async () => {
    // Two words are too few to tell the language from; the FAQ that answers them (and whose words
    // they are) tells it. The shop's default language is Dutch.
    const { conversationId, token } = (await (await fetch(`${balie.url}/api/webchat/conversations`, json({}))).json()) as { conversationId: string; token: string };
    const stream = readEvents(await streamUrl(conversationId, token), 2);
    await new Promise((r) => setTimeout(r, 100));
    await fetch(`${balie.url}/api/webchat/conversations/${conversationId}/messages`, json({ clientMessageId: id(), text: 'return label' }, token));
    const [, reply] = (await stream).filter((e) => e.event === 'message');
    expect((reply!.data as { text: string }).text).toMatch(/return/i);
    expect((reply!.data as { text: string }).text).not.toMatch(/retour/i);
  });

  it('answers a retried POST (same clientMessageId) only once', async () => {
    const { conversationId, token } = await newConversation();
    const body = { clientMessageId: id(), text: 'hoi' };
    const url = `${balie.url}/api/webchat/conversations/${conversationId}/messages`;
    const statuses = await Promise.all([fetch(url, json(body, token)), fetch(url, json(body, token))].map(async (p) => (await (await p).json()) as { status: string }));
    expect(statuses.map((s) => s.status).sort()).toEqual(['accepted', 'duplicate']);
    await new Promise((r) => setTimeout(r, 200));
    const { messages } = (await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as { messages: { role: string }[] };
    expect(messages.map((m) => m.role)).toEqual(['customer', 'bot']);
  });

  it('rejects a wrong token with 401 and runs no turn', async () => {
    const { conversationId } = await newConversation();
    const other = await newConversation();
    const url = `${balie.url}/api/webchat/conversations/${conversationId}/messages`;
    const res = await fetch(url, json({ clientMessageId: id(), text: 'hoi' }, other.token));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('conversation token');
    expect((await fetch(`${balie.url}/api/webchat/conversations/${conversationId}/stream?token=nope`)).status).toBe(401);
    expect(await balie.app.stores.transcripts.list(`webchat:${conversationId}`)).toEqual([]);
  });

  it('says what is wrong with a bad body, and keeps running', async () => {
    const { conversationId, token } = await newConversation();
    const url = `${balie.url}/api/webchat/conversations/${conversationId}/messages`;
    const cases: [unknown, RegExp][] = [
      [{ clientMessageId: id() }, /needs text or value/],
      [{ clientMessageId: 'x', text: 'hoi' }, /clientMessageId: must be 8-64 characters/],
      [{ clientMessageId: id(), text: 'a'.repeat(4001) }, /text: must be at most 4000 characters/],
      [{ clientMessageId: id(), text: 'hoi', admin: true }, /admin/],
      ['{"broken json', /./],
    ];
    for (const [body, message] of cases) {
      const res = await fetch(url, json(body, token));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const huge = await fetch(url, json({ clientMessageId: id(), text: 'x'.repeat(600_000) }, token));
    expect(huge.status).toBe(413);
    expect((await fetch(`${balie.url}/healthz`)).status).toBe(200);
    expect(await balie.app.stores.transcripts.list(`webchat:${conversationId}`)).toEqual([]);
  });

  it('reports health, readiness and metrics', async () => {
    expect(await (await fetch(`${balie.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${balie.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { stores: 'ok (memory)', webchat: 'ok' } });
    const metrics = await (await fetch(`${balie.url}/metrics`)).text();
    expect(metrics).toMatch(/balie_messages_in_total\{channel="webchat"\} \d+/);
    expect(metrics).toMatch(/balie_messages_out_total\{channel="webchat"\} \d+/);
    expect(metrics).toContain('balie_turn_duration_seconds_bucket');
  });
});
