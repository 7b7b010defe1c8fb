import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createRedisStores } from '../../../src/core/stores.js';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie, testConfig } from '../../support/app.js';
import { agentTokensEnv, deskClient } from '../../support/desk-client.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';

// Issue #14 part 4, done when: "Did this help?" → "No" offers a person and the question appears in
// the inbox. Through the web chat's HTTP API, on real Redis, read back from the desk API and /metrics.
const TOKENS = { sanne: 'feedback-api-token-sanne-012345678', fatima: 'feedback-api-token-fatima-01234567' };
const ENV = agentTokensEnv(TOKENS);

const running: RunningBalie[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
});

interface Message {
  role: string;
  text?: string;
  suggestedActions?: { title: string; value: string }[];
}

/** A web chat customer who reads the bot's replies from the conversation's history. */
async function webCustomer(url: string) {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const { conversationId, token } = (await (await post('/api/webchat/conversations', { locale: 'en-GB' })).json()) as { conversationId: string; token: string };
  let n = 0;
  const history = async () =>
    ((await (await fetch(`${url}/api/webchat/conversations/${conversationId}/messages`, { headers: { authorization: `Bearer ${token}` } })).json()) as { messages: Message[] })
      .messages;
  /** Sends, then waits for the bot's reply to it. */
  const send = async (body: { text?: string; value?: string }) => {
    const before = (await history()).filter((m) => m.role === 'bot').length;
    const res = await post(`/api/webchat/conversations/${conversationId}/messages`, { clientMessageId: `feedback-${String(++n).padStart(4, '0')}`, ...body }, token);
    expect(res.status).toBe(202);
    let bot: Message[] = [];
    await expect.poll(async () => (bot = (await history()).filter((m) => m.role === 'bot')).length).toBeGreaterThan(before);
    return bot.at(-1)!;
  };
  return { key: `webchat:${conversationId}`, say: (text: string) => send({ text }), press: (value: string) => send({ value }) };
}

it('"Did this help?" → "No" offers a person, and the question is in the inbox as not helpful', async () => {
  const stores = await createRedisStores({ url: testRedisUrl(), prefix: uniquePrefix('feedback-api'), logger: createLogger({ level: 'silent' }) });
  const config = testConfig(ENV);
  const balie = await startTestBalie({ config: { ...config, listening: { ...config.listening, feedback: 1 } }, stores });
  running.push(balie);
  const customer = await webCustomer(balie.url);

  const answer = await customer.say('What are your opening hours?');
  expect(answer.text).toMatch(/Did this help\?\s*$/);
  expect(answer.suggestedActions).toEqual([
    { title: 'Yes', value: 'balie:feedback:yes' },
    { title: 'No', value: 'balie:feedback:no' },
  ]);

  const offer = await customer.press('balie:feedback:no');
  expect(offer.text).toContain("Sorry that didn't help");
  expect(offer.suggestedActions?.map((a) => a.value)).toEqual(['balie:human:yes', 'balie:human:no']);

  const fatima = deskClient(balie.url);
  await fatima.signIn(TOKENS.fatima);
  let questions: { text: string; reasons: Record<string, number>; conversations: string[]; entries?: string[] }[] = [];
  await expect.poll(async () => (questions = (await fatima.call('GET', '/unanswered')).body.questions).length).toBe(1);
  expect(questions[0]).toMatchObject({ text: 'What are your opening hours?', reasons: { 'not-helpful': 1 }, conversations: [customer.key], entries: ['opening-hours'] });

  await expect.poll(async () => (await fatima.call('GET', '/faq/helpfulness')).body).toEqual({ entries: [{ entryId: 'opening-hours', yes: 0, no: 1 }] });
  const metrics = await (await fetch(`${balie.url}/metrics`)).text();
  expect(metrics).toContain('balie_faq_feedback_total{entry="opening-hours",helpful="no"} 1');

  // An agent may not read the figures unless balie.yaml lets agents teach.
  const sanne = deskClient(balie.url);
  await sanne.signIn(TOKENS.sanne);
  expect((await sanne.call('GET', '/faq/helpfulness')).status).toBe(403);

  // "Yes" to the offer hands the conversation to a person: it waits in the queue.
  const queued = await customer.press('balie:human:yes');
  expect(queued.text).toMatch(/getting a colleague|queue|Nobody from our team/);
});
