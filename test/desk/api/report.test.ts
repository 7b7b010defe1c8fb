import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createRedisStores } from '../../../src/core/stores.js';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';
import { agentTokensEnv, deskClient } from '../../support/desk-client.js';
import { captureLog } from '../../support/log-capture.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';

// GET /api/desk/report: supervisors only, a validated query, and figures from what every process
// shares (the computations themselves, with an injected clock, are in test/handoff/figures.test.ts).
const TOKENS = { sanne: 'report-api-token-sanne-0123456789', bram: 'report-api-token-bram-01234567890', fatima: 'report-api-token-fatima-012345678' };
const ENV = agentTokensEnv(TOKENS);

const running: RunningBalie[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
});

async function balie(prefix: string, logger = createLogger({ level: 'silent' })): Promise<RunningBalie> {
  const stores = await createRedisStores({ url: testRedisUrl(), prefix, logger: createLogger({ level: 'silent' }) });
  const b = await startTestBalie({ env: ENV, stores, logger });
  running.push(b);
  return b;
}

async function webCustomer(url: string) {
  const started = (await (await fetch(`${url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    conversationId: string;
    token: string;
  };
  const res = await fetch(`${url}/api/webchat/conversations/${started.conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
    body: JSON.stringify({ clientMessageId: 'report-0001', text: 'ik wil een medewerker spreken', name: 'Eva' }),
  });
  expect(res.status).toBe(202);
  return `webchat:${started.conversationId}`;
}

it('answers 401 without a session, 403 (logged) to an agent, 400 to a bad query, and the figures to a supervisor', { timeout: 60_000 }, async () => {
  const log = captureLog();
  const app = await balie(uniquePrefix('report'), log.logger);
  expect((await deskClient(app.url).call('GET', '/report')).status).toBe(401);

  const sanne = deskClient(app.url);
  await sanne.signIn(TOKENS.sanne);
  const denied = await sanne.call('GET', '/report');
  expect(denied.status).toBe(403);
  expect(denied.body.error).toMatchObject({ code: 'FORBIDDEN', message: 'only supervisors may read the supervisor report' });
  expect(await log.waitFor((l) => l.msg === 'an agent tried to read the supervisor report')).toMatchObject({ level: 40, agentId: 'sanne', code: 'FORBIDDEN' });

  const fatima = deskClient(app.url);
  await fatima.signIn(TOKENS.fatima);
  for (const [query, message] of [
    ['?days=0', 'days: must be at least 1'],
    ['?days=36', 'days: must be at most 35'],
    ['?days=two', 'days: must be a whole number of days'],
    ['?days=1.5', 'days: must be a whole number of days'],
    ['?weeks=1', 'weeks'],
  ]) {
    const bad = await fatima.call('GET', `/report${query}`);
    expect(bad.status, query).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(bad.body.error.message).toContain(message);
  }

  // Sanne takes one chat; a second customer waits in the queue.
  await sanne.call('PUT', '/presence', { presence: 'online' });
  const taken = await webCustomer(app.url);
  await expect.poll(async () => (await sanne.call('GET', '/chats')).body.offers.map((o: { key: string }) => o.key)).toContain(taken);
  expect((await sanne.call('POST', `/chats/${encodeURIComponent(taken)}/accept`, {})).status).toBe(200);
  await sanne.call('PUT', '/presence', { presence: 'away' });
  const waiting = await webCustomer(app.url);

  await expect.poll(async () => (await fatima.call('GET', '/report?days=3')).body?.live?.queueLength).toBe(1);
  const report = (await fatima.call('GET', '/report?days=3')).body;
  expect(report.timeZone).toBeNull();
  expect(report.days).toHaveLength(3);
  expect(report.period).toMatchObject({ days: 3, handoffs: 2, taken: 1, abandoned: 0 });
  expect(report.today).toMatchObject({ handoffs: 2, taken: 1, satisfaction: { count: 0, average: null } });
  expect(report.today.agents).toMatchObject([{ agentId: 'sanne', name: 'Sanne de Vries', taken: 1, resolved: 0 }]);
  expect(report.live.queue).toMatchObject([{ key: waiting, state: 'queued', reason: 'customer-asked', language: 'nl' }]);
  expect(Date.parse(report.live.queue[0].waitingSince)).toBeLessThanOrEqual(Date.now());
  const sanneNow = report.live.agents.find((a: { id: string }) => a.id === 'sanne');
  expect(sanneNow).toMatchObject({ name: 'Sanne de Vries', presence: 'away', load: 1, maxChats: 3, idleSince: null, chats: [{ key: taken, agentId: 'sanne', state: 'active' }] });
  expect(report.live.agents.map((a: { id: string }) => a.id)).toEqual(['bram', 'fatima', 'sanne']);
});
