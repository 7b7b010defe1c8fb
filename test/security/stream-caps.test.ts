import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBalie } from '../../src/main.js';
import { startTestBalie, testConfig } from '../support/app.js';

/*
 * A live stream is one request that stays open, so request rate limits do not bound them: one web
 * chat conversation opened 599 at once. Streams are capped per conversation or desk session, per
 * client address and in all, with a 429 that says which.
 */

const TOKEN = 'caps-token-sanne-0123456789abcdef';
let balie: RunningBalie | undefined;
const open: AbortController[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.abort();
  await balie?.stop();
  balie = undefined;
});

async function start(limits: { streamsPerOwner: number; streamsPerAddress: number; streamsTotal: number }): Promise<RunningBalie> {
  const config = testConfig({ BALIE_AGENT_TOKENS: `sanne=${TOKEN}` });
  balie = await startTestBalie({ config: { ...config, limits: { ...config.limits, ...limits } } });
  return balie;
}

async function conversation(b: RunningBalie): Promise<{ conversationId: string; token: string }> {
  return (await (await fetch(`${b.url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    conversationId: string;
    token: string;
  };
}

/** Opens a web chat stream; the status, and its body kept open until the test ends. */
async function chatStream(b: RunningBalie, c: { conversationId: string; token: string }): Promise<Response> {
  const controller = new AbortController();
  open.push(controller);
  const ticket = (await (
    await fetch(`${b.url}/api/webchat/conversations/${c.conversationId}/stream-tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: '{}',
    })
  ).json()) as { ticket: string };
  return fetch(`${b.url}/api/webchat/conversations/${c.conversationId}/stream?ticket=${encodeURIComponent(ticket.ticket)}`, { signal: controller.signal });
}

describe('caps on open live streams', () => {
  it('lets one web chat conversation hold a few streams, and says so when it wants more', async () => {
    const b = await start({ streamsPerOwner: 3, streamsPerAddress: 100, streamsTotal: 100 });
    const c = await conversation(b);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await chatStream(b, c)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await chatStream(b, c);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'TOO_MANY_STREAMS',
      message: expect.stringContaining('this conversation already has 3 open streams'),
    });
    // Another conversation is not affected; a closed stream frees its place.
    expect((await chatStream(b, await conversation(b))).status).toBe(200);
    open[0]!.abort();
    await expect.poll(async () => (await chatStream(b, c)).status).toBe(200);
  });

  it('caps the streams of one desk session', async () => {
    const b = await start({ streamsPerOwner: 2, streamsPerAddress: 100, streamsTotal: 100 });
    const { session } = (await (
      await fetch(`${b.url}/api/desk/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: TOKEN }) })
    ).json()) as { session: string };
    const desk = async () => {
      const controller = new AbortController();
      open.push(controller);
      return fetch(`${b.url}/api/desk/events`, { headers: { authorization: `Bearer ${session}` }, signal: controller.signal });
    };
    expect([(await desk()).status, (await desk()).status]).toEqual([200, 200]);
    const refused = await desk();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('this session already has 2 open streams');
  });

  it('caps the streams of one address, and of the whole process', async () => {
    const perAddress = await start({ streamsPerOwner: 10, streamsPerAddress: 3, streamsTotal: 100 });
    for (let i = 0; i < 3; i++) expect((await chatStream(perAddress, await conversation(perAddress))).status).toBe(200);
    const refused = await chatStream(perAddress, await conversation(perAddress));
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('your address already has 3 open streams');
    for (const c of open.splice(0)) c.abort();
    await perAddress.stop();

    const total = await start({ streamsPerOwner: 10, streamsPerAddress: 100, streamsTotal: 2 });
    for (let i = 0; i < 2; i++) expect((await chatStream(total, await conversation(total))).status).toBe(200);
    const full = await chatStream(total, await conversation(total));
    expect(full.status).toBe(429);
    expect(((await full.json()) as { error: { message: string } }).error.message).toContain('maximum of 2 open streams');
  });
});
