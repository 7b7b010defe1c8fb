import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createRedisStores } from '../../../src/core/stores.js';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { agentTokensEnv, deskClient } from '../../support/desk-client.js';

// Issue #15 defect 12: ratings are kept in Redis, so every process and a restarted one report the same.
const TOKENS = { sanne: 'csat-api-token-sanne-0123456789', bram: 'csat-api-token-bram-01234567890', fatima: 'csat-api-token-fatima-012345678' };
const ENV = agentTokensEnv(TOKENS);

const running: RunningBalie[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
});

async function balie(prefix: string): Promise<RunningBalie> {
  const stores = await createRedisStores({ url: testRedisUrl(), prefix, logger: createLogger({ level: 'silent' }) });
  const b = await startTestBalie({ env: ENV, stores });
  running.push(b);
  return b;
}

function agent(url: string) {
  const { call, signIn } = deskClient(url);
  return {
    call,
    signIn,
  };
}

/** A web chat customer asks for a person, is helped by `helper`, who resolves; then they press a rating button. */
async function helpedAndRated(url: string, helper: ReturnType<typeof agent>, score: number) {
  const started = (await (await fetch(`${url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    conversationId: string;
    token: string;
  };
  const key = `webchat:${started.conversationId}`;
  let n = 0;
  const post = async (body: Record<string, string>) => {
    const res = await fetch(`${url}/api/webchat/conversations/${started.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
      body: JSON.stringify({ clientMessageId: `csat-${String(++n).padStart(4, '0')}`, ...body }),
    });
    expect(res.status).toBe(202);
  };
  const heard = async () =>
    (
      (await (await fetch(`${url}/api/webchat/conversations/${started.conversationId}/messages`, { headers: { authorization: `Bearer ${started.token}` } })).json()) as {
        messages: { text?: string; suggestedActions?: { value: string }[] }[];
      }
    ).messages;
  await post({ text: 'ik wil een medewerker spreken' });
  await expect.poll(async () => (await helper.call('GET', '/chats')).body.offers.map((o: { key: string }) => o.key)).toContain(key);
  expect((await helper.call('POST', `/chats/${encodeURIComponent(key)}/accept`, {})).status).toBe(200);
  expect((await helper.call('POST', `/chats/${encodeURIComponent(key)}/resolve`, {})).status).toBe(204);
  // The customer is asked for a mark with one button per mark, and presses one.
  await expect.poll(async () => JSON.stringify(await heard())).toContain('balie:rating:5');
  await post({ value: `balie:rating:${score}` });
}

it('keeps ratings in Redis: three ratings through the real flow, and a new app on the same Redis reports the same', { timeout: 60_000 }, async () => {
  const prefix = uniquePrefix('csat');
  const one = await balie(prefix);
  const sanne = agent(one.url);
  const bram = agent(one.url);
  const fatima = agent(one.url);
  await sanne.signIn(TOKENS.sanne);
  await bram.signIn(TOKENS.bram);
  await fatima.signIn(TOKENS.fatima);

  await sanne.call('PUT', '/presence', { presence: 'online' });
  await helpedAndRated(one.url, sanne, 5);
  await helpedAndRated(one.url, sanne, 4);
  await sanne.call('PUT', '/presence', { presence: 'away' });
  await bram.call('PUT', '/presence', { presence: 'online' });
  await helpedAndRated(one.url, bram, 2);

  const denied = await sanne.call('GET', '/satisfaction');
  expect(denied.status).toBe(403);
  expect(denied.body.error.message).toMatch(/only supervisors/);

  const expected = {
    count: 3,
    average: 3.67,
    distribution: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 },
    agents: [
      { agentId: 'sanne', name: 'Sanne de Vries', count: 2, average: 4.5 },
      { agentId: 'bram', name: 'Bram Jansen', count: 1, average: 2 },
    ],
  };
  await expect.poll(async () => (await fatima.call('GET', '/satisfaction')).body?.last7Days?.count).toBe(3);
  const before = (await fatima.call('GET', '/satisfaction')).body;
  expect(before.last7Days).toMatchObject(expected);
  expect(before.today).toMatchObject(expected);

  // Every process stops; a new one on the same Redis reports the same numbers.
  for (const b of running.splice(0)) await b.stop();
  const two = await balie(prefix);
  const supervisor = agent(two.url);
  await supervisor.signIn(TOKENS.fatima);
  const after = (await supervisor.call('GET', '/satisfaction')).body;
  // The week is the last 7 × 24 h from now, so only its start moved.
  expect({ ...after.last7Days, since: undefined }).toEqual({ ...before.last7Days, since: undefined });
  expect(after.last7Days).toMatchObject(expected);
  expect(after.today).toEqual(before.today);
});
