import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createRedisStores } from '../../../src/core/stores.js';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';
import { customerApi } from '../../support/desk-browser.js';
import { agentTokensEnv, deskClient } from '../../support/desk-client.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';

// Issue #14 parts 1 and 2 over the HTTP API: the inbox, who may see it, and teaching checked by check:faq.
const TOKENS = { sanne: 'listen-api-token-sanne-0123456789', bram: 'listen-api-token-bram-01234567890', fatima: 'listen-api-token-fatima-012345678' };
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

async function inboxOf(desk: ReturnType<typeof deskClient>, count: number) {
  let questions: { id: string; text: string; count: number; suggestions: { entryId: string }[] }[] = [];
  await expect
    .poll(async () => {
      questions = (await desk.call('GET', '/unanswered')).body.questions;
      return questions.reduce((n, q) => n + q.count, 0);
    })
    .toBe(count);
  return questions;
}

it('lists what the bot abstained on, grouped, for supervisors only; teaching is checked, and answered by every process at once', async () => {
  const prefix = uniquePrefix('listen-api');
  const a = await balie(prefix);
  const b = await balie(prefix);
  const first = await customerApi(a.url, 'Anna');
  const second = await customerApi(b.url, 'Ben');
  await first.say('Do you repair e-bikes?');
  await second.say('can you repair my e-bike');

  const fatima = deskClient(a.url);
  await fatima.signIn(TOKENS.fatima);
  const [row] = await inboxOf(fatima, 2);
  expect(row).toMatchObject({ count: 2, text: 'Do you repair e-bikes?' });
  expect(row!.suggestions.length).toBeGreaterThan(0);

  const sanne = deskClient(a.url);
  await sanne.signIn(TOKENS.sanne);
  const refused = await sanne.call('GET', '/unanswered');
  expect(refused.status).toBe(403);
  expect(refused.body.error.message).toMatch(/agentsMayTeach/);
  expect((await sanne.call('POST', `/unanswered/${row!.id}/ignore`, {})).status).toBe(403);

  // Rejected by the check:faq rules: the same question as another entry's.
  const clash = await fatima.call('POST', `/unanswered/${row!.id}/phrasing`, { entryId: 'warranty', question: 'What are your opening hours?' });
  expect(clash.status).toBe(409);
  expect(clash.body.error).toMatchObject({ code: 'FAQ_TEACHING_REJECTED' });
  expect(clash.body.error.message).toMatch(/opening-hours/);
  expect((await fatima.call('POST', `/unanswered/${row!.id}/phrasing`, { entryId: 'no-such-entry' })).status).toBe(409);
  expect((await fatima.call('POST', `/unanswered/${row!.id}/phrasing`, { entryId: 'Not Kebab' })).status).toBe(400);
  const partial = await fatima.call('POST', `/unanswered/${row!.id}/entry`, { id: 'bike-repair', texts: { en: { question: 'Do you repair e-bikes?', answer: 'No.' } } });
  expect(partial.status).toBe(409);
  expect(partial.body.error.message).toMatch(/nl/);

  const taught = await fatima.call('POST', `/unanswered/${row!.id}/phrasing`, { entryId: 'warranty', question: 'Do you repair e-bikes?' });
  expect(taught.status).toBe(201);
  expect(taught.body.taught).toMatchObject({ kind: 'phrasing', entryId: 'warranty', language: 'en', by: 'fatima', version: 1 });
  expect((await fatima.call('GET', '/unanswered')).body.questions).toEqual([]);
  expect((await fatima.call('GET', '/faq/taught')).body.taught).toHaveLength(1);
  expect((await fatima.call('POST', `/unanswered/${row!.id}/ignore`, {})).status).toBe(404);

  // The other process answers from the taught FAQ without a restart.
  const warranty = b.app.config.faq.find((f) => f.language === 'en')!.entries.find((e) => e.id === 'warranty')!;
  await expect.poll(() => b.app.listening.teacher.suggestions('Do you repair e-bikes?', 'en')[0]?.entryId).toBe('warranty');
  expect(warranty.questions).not.toContain('Do you repair e-bikes?');
});

it('lets agents see and ignore when balie.yaml allows it', async () => {
  const b = await startTestBalie({ env: ENV });
  running.push(b);
  (b.app.config.listening as { agentsMayTeach: boolean }).agentsMayTeach = true;
  const customer = await customerApi(b.url, 'Cor');
  await customer.say('do you rent out bicycles');
  const sanne = deskClient(b.url);
  await sanne.signIn(TOKENS.sanne);
  const [row] = await inboxOf(sanne, 1);
  expect((await sanne.call('POST', `/unanswered/${row!.id}/ignore`, {})).status).toBe(204);
  expect((await sanne.call('GET', '/unanswered')).body.questions).toEqual([]);
});

it('teaches a new entry in every FAQ language, which the bot then answers in both', async () => {
  const b = await startTestBalie({ env: ENV });
  running.push(b);
  const customer = await customerApi(b.url, 'Dirk');
  await customer.say('Do you rent out bicycles?');
  const fatima = deskClient(b.url);
  await fatima.signIn(TOKENS.fatima);
  const [row] = await inboxOf(fatima, 1);
  const texts = {
    en: { question: 'Do you rent out bicycles?', answer: 'No, we do not rent out bicycles.' },
    nl: { question: 'Verhuren jullie fietsen?', answer: 'Nee, we verhuren geen fietsen.' },
  };
  const res = await fatima.call('POST', `/unanswered/${row!.id}/entry`, { id: 'bike-rental', texts });
  expect(res.status).toBe(201);
  expect(res.body.taught).toMatchObject({ kind: 'entry', entryId: 'bike-rental', by: 'fatima', version: 1 });
  const { teacher } = b.app.listening;
  expect(teacher.suggestions('Do you rent out bicycles?', 'en')[0]?.entryId).toBe('bike-rental');
  expect(teacher.suggestions('Verhuren jullie fietsen?', 'nl')[0]?.entryId).toBe('bike-rental');
  expect(teacher.entries('nl').map((e) => e.id)).toContain('bike-rental');
});
