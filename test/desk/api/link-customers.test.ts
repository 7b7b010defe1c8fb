import { afterEach, expect, it } from 'vitest';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';
import { captureLog } from '../../support/log-capture.js';
import { deskClient } from '../../support/desk-client.js';

// Issue #15 defect 5: a supervisor links the customer of a chat to another customer over HTTP.
const TOKENS = { sanne: 'link-api-token-sanne-0123456789', fatima: 'link-api-token-fatima-012345678' };
const ENV = { BALIE_AGENT_TOKENS: `sanne=${TOKENS.sanne},fatima=${TOKENS.fatima}` };

const running: RunningBalie[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
});

function client(url: string) {
  const { call, signIn } = deskClient(url);
  return {
    call,
    signIn,
  };
}

/** A web chat customer who asks for a person; their customer key is webchat:webchat-user-<conversation id>. */
async function customerAsking(url: string) {
  const started = (await (await fetch(`${url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    conversationId: string;
    token: string;
  };
  const res = await fetch(`${url}/api/webchat/conversations/${started.conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
    body: JSON.stringify({ clientMessageId: 'link-test-0001', text: 'ik wil een medewerker spreken' }),
  });
  expect(res.status).toBe(202);
  return { key: `webchat:${started.conversationId}`, customerKey: `webchat:webchat-user-${started.conversationId}` };
}

it('lets a supervisor link the customer of a chat to another customer and unlink them; a plain agent gets 403, logged', async () => {
  const log = captureLog('info');
  const b = await startTestBalie({ env: ENV, logger: log.logger });
  running.push(b);
  const sanne = client(b.url);
  const fatima = client(b.url);
  await sanne.signIn(TOKENS.sanne);
  await fatima.signIn(TOKENS.fatima);
  await sanne.call('PUT', '/presence', { presence: 'online' });
  const web = await customerAsking(b.url);
  const key = encodeURIComponent(web.key);
  await expect.poll(async () => (await sanne.call('GET', '/chats')).body.offers.map((o: { key: string }) => o.key)).toContain(web.key);
  expect((await sanne.call('POST', `/chats/${key}/accept`, {})).status).toBe(200);
  const other = await customerAsking(b.url);

  // Sanne owns the chat, but linking people is for supervisors.
  const denied = await sanne.call('POST', `/chats/${key}/links`, { with: other.key });
  expect(denied.status).toBe(403);
  expect(denied.body.error.message).toMatch(/only supervisors may link/);
  await log.waitFor((l) => l.level === 40 && l.agentId === 'sanne' && /link customer/.test(l.msg));

  const bad = await fatima.call('POST', `/chats/${key}/links`, { customer: other.key });
  expect(bad.status).toBe(400);
  expect((await fatima.call('POST', `/chats/${key}/links`, { with: web.key })).status).toBe(400);

  // A chat key of an open chat stands for its customer; a customer key is taken as it is.
  const linked = await fatima.call('POST', `/chats/${key}/links`, { with: other.key });
  expect(linked.status).toBe(200);
  expect(linked.body.identities).toEqual([web.customerKey, other.customerKey].sort());
  expect((await fatima.call('POST', `/chats/${key}/links`, { with: 'whatsapp:31612345678@c.us' })).status).toBe(200);
  expect((await sanne.call('GET', `/chats/${key}`)).body.otherIdentities).toEqual([other.customerKey, 'whatsapp:31612345678@c.us'].sort());
  expect((await fatima.call('GET', `/chats/${encodeURIComponent(other.key)}`)).body.otherIdentities).toEqual([web.customerKey, 'whatsapp:31612345678@c.us'].sort());

  expect((await sanne.call('DELETE', `/chats/${key}/links/${encodeURIComponent(other.customerKey)}`, {})).status).toBe(403);
  const unlinked = await fatima.call('DELETE', `/chats/${key}/links/${encodeURIComponent(other.customerKey)}`, {});
  expect(unlinked.status).toBe(200);
  expect(unlinked.body.identities).toEqual([web.customerKey, 'whatsapp:31612345678@c.us'].sort());
  expect((await sanne.call('GET', `/chats/${key}`)).body.otherIdentities).toEqual(['whatsapp:31612345678@c.us']);
  expect((await fatima.call('GET', `/chats/${encodeURIComponent(other.key)}`)).body.otherIdentities).toEqual([]);
  expect((await fatima.call('DELETE', `/chats/${key}/links/${encodeURIComponent(other.customerKey)}`, {})).status).toBe(404);
});
