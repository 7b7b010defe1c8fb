import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createRedisStores } from '../../../src/core/stores.js';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';
import { agentTokensEnv, deskClient } from '../../support/desk-client.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';

// Issue #14 part 3 over the HTTP API, on real Redis: teaching from a chat the bot did not understand.
const TOKENS = { sanne: 'teach-api-token-sanne-0123456789', bram: 'teach-api-token-bram-01234567890', fatima: 'teach-api-token-fatima-012345678' };
const ENV = agentTokensEnv(TOKENS);

const running: RunningBalie[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
});

async function balie(): Promise<RunningBalie> {
  const stores = await createRedisStores({ url: testRedisUrl(), prefix: uniquePrefix('teach-api'), logger: createLogger({ level: 'silent' }) });
  const b = await startTestBalie({ env: ENV, stores });
  running.push(b);
  return b;
}

type Desk = ReturnType<typeof deskClient>;

async function signedIn(url: string, token: string): Promise<Desk> {
  const desk = deskClient(url);
  await desk.signIn(token);
  return desk;
}

/** A web chat customer who can read what they were answered. */
async function customer(url: string) {
  const started = (await (await fetch(`${url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    conversationId: string;
    token: string;
  };
  const base = `${url}/api/webchat/conversations/${started.conversationId}/messages`;
  const auth = { authorization: `Bearer ${started.token}` };
  let n = 0;
  return {
    key: `webchat:${started.conversationId}`,
    async say(text: string) {
      const res = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ clientMessageId: `teach-${String(++n).padStart(4, '0')}`, text }),
      });
      expect(res.status).toBe(202);
    },
    async heard(): Promise<string[]> {
      const body = (await (await fetch(base, { headers: auth })).json()) as { messages: { text?: string; role?: string }[] };
      return body.messages.map((m) => m.text ?? '');
    },
  };
}

/** The customer asks what the bot does not know, says yes to a person; `helper` answers and resolves. */
async function notUnderstoodAndResolved(url: string, helper: Desk, question: string, answer: string) {
  const c = await customer(url);
  await c.say(question);
  await expect.poll(async () => (await c.heard()).join('\n')).toMatch(/colleagues/);
  await c.say('yes');
  await expect.poll(async () => (await helper.call('GET', '/chats')).body.offers.map((o: { key: string }) => o.key)).toContain(c.key);
  const path = `/chats/${encodeURIComponent(c.key)}`;
  expect((await helper.call('POST', `${path}/accept`, {})).status).toBe(200);
  expect((await helper.call('POST', `${path}/messages`, { text: 'Hi!' })).status).toBe(201);
  expect((await helper.call('POST', `${path}/messages`, { text: answer })).status).toBe(201);
  expect((await helper.call('POST', `${path}/resolve`, {})).status).toBe(204);
  return c;
}

it('prefills from a resolved chat, keeps the draft for a supervisor, who accepts it: the bot answers at once', { timeout: 60_000 }, async () => {
  const b = await balie();
  const [sanne, bram, fatima] = await Promise.all([signedIn(b.url, TOKENS.sanne), signedIn(b.url, TOKENS.bram), signedIn(b.url, TOKENS.fatima)]);
  await sanne.call('PUT', '/presence', { presence: 'online' });
  const answer = 'Yes, we repair e-bikes; bring it in on a weekday morning.';
  const chat = await notUnderstoodAndResolved(b.url, sanne, 'Do you repair e-bikes? I live at 0612345678', answer);
  const path = `/chats/${encodeURIComponent(chat.key)}/teach-draft`;

  const { body, status } = await sanne.call('GET', path);
  expect(status).toBe(200);
  expect(body.offer).toMatchObject({ conversation: chat.key, language: 'en', reply: answer, direct: false, languages: ['en', 'nl'] });
  // Masked like the inbox masks it, and the inbox row it came from.
  expect(body.offer.question).toMatch(/^Do you repair e-bikes\? I live at /);
  expect(body.offer.question).not.toContain('0612345678');
  expect(body.offer.inboxId).toMatch(/^[A-Za-z0-9_-]{16}$/);
  expect(body.offer.entries.length).toBeGreaterThan(0);

  // Only who resolved it: Bram did not.
  const notHis = await bram.call('GET', path);
  expect(notHis.status).toBe(403);
  expect(notHis.body.error.message).toMatch(/resolved yourself/);
  expect((await bram.call('POST', '/teach-drafts', { kind: 'phrasing', conversation: chat.key, entryId: 'warranty', question: 'Do you repair e-bikes?' })).status).toBe(403);
  expect((await sanne.call('GET', `/chats/${encodeURIComponent('webchat:never-resolved')}/teach-draft`)).status).toBe(404);

  // Validation says what is wrong.
  const bad = await sanne.call('POST', '/teach-drafts', { kind: 'guess', conversation: chat.key });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/kind must be/);
  const badId = await sanne.call('POST', '/teach-drafts', {
    kind: 'entry',
    conversation: chat.key,
    entryId: 'Bike Repair',
    texts: { en: { question: 'Do you repair e-bikes?', answer } },
  });
  expect(badId.status).toBe(400);
  expect(badId.body.error.message).toMatch(/kebab-case/);
  const wrongLanguage = await sanne.call('POST', '/teach-drafts', {
    kind: 'entry',
    conversation: chat.key,
    entryId: 'bike-repair',
    texts: { nl: { question: 'Repareren jullie e-bikes?', answer: 'Ja.' } },
  });
  expect(wrongLanguage.status).toBe(400);
  expect(wrongLanguage.body.error.message).toMatch(/"en", the language of the chat/);

  // A new entry in the chat's language only: a draft that says the Dutch is still to be written.
  const drafted = await sanne.call('POST', '/teach-drafts', {
    kind: 'entry',
    conversation: chat.key,
    entryId: 'bike-repair',
    texts: { en: { question: 'Do you repair e-bikes?', answer } },
    reply: answer,
  });
  expect(drafted.status).toBe(201);
  expect(drafted.body.draft).toMatchObject({ by: 'sanne', language: 'en', missing: ['nl'], question: 'Do you repair e-bikes?', reply: answer, conversation: chat.key });
  const id = drafted.body.draft.id as string;

  expect((await sanne.call('GET', '/teach-drafts')).status).toBe(403);
  const listed = await fatima.call('GET', '/teach-drafts');
  expect(listed.status).toBe(200);
  expect(listed.body.drafts.map((d: { id: string }) => d.id)).toEqual([id]);
  expect((await sanne.call('POST', `/teach-drafts/${id}/accept`, {})).status).toBe(403);
  expect((await fatima.call('POST', '/teach-drafts/not-a-draft/accept', {})).status).toBe(400);

  // Accepting without the Dutch is refused by the teaching checks; with it, it is taught.
  const incomplete = await fatima.call('POST', `/teach-drafts/${id}/accept`, {});
  expect(incomplete.status).toBe(409);
  expect(incomplete.body.error).toMatchObject({ code: 'FAQ_TEACHING_REJECTED' });
  expect(incomplete.body.error.message).toMatch(/nl/);
  const accepted = await fatima.call('POST', `/teach-drafts/${id}/accept`, { texts: { nl: { question: 'Repareren jullie e-bikes?', answer: 'Ja, we repareren e-bikes.' } } });
  expect(accepted.status).toBe(201);
  expect(accepted.body.taught).toMatchObject({ kind: 'entry', entryId: 'bike-repair', by: 'fatima', draftedBy: 'sanne', version: 1 });
  expect((await fatima.call('GET', '/faq/taught')).body.taught[0]).toMatchObject({ by: 'fatima', draftedBy: 'sanne' });
  expect((await fatima.call('GET', '/teach-drafts')).body.drafts).toEqual([]);
  expect((await fatima.call('POST', `/teach-drafts/${id}/reject`, {})).status).toBe(404);
  // The inbox row it came from is taught, so it is gone.
  expect((await fatima.call('GET', '/unanswered')).body.questions.map((q: { id: string }) => q.id)).not.toContain(body.offer.inboxId);

  // The next customer asking it gets the answer from the bot.
  const next = await customer(b.url);
  await next.say('Do you repair e-bikes?');
  await expect.poll(async () => await next.heard()).toContain(answer);
});

it('rejects a draft, and teaches at once where balie.yaml lets agents', { timeout: 60_000 }, async () => {
  const b = await balie();
  const [sanne, fatima] = await Promise.all([signedIn(b.url, TOKENS.sanne), signedIn(b.url, TOKENS.fatima)]);
  await sanne.call('PUT', '/presence', { presence: 'online' });
  const first = await notUnderstoodAndResolved(b.url, sanne, 'Can I bring my e-bike for repair?', 'Yes, our workshop repairs e-bikes every weekday.');
  const phrasing = { kind: 'phrasing', conversation: first.key, entryId: 'warranty', question: 'Can I bring my e-bike for repair?' };
  const drafted = await sanne.call('POST', '/teach-drafts', phrasing);
  expect(drafted.status).toBe(201);
  expect(drafted.body.draft).toMatchObject({ missing: [], teaching: { kind: 'phrasing', entryId: 'warranty', language: 'en' } });
  expect((await fatima.call('POST', `/teach-drafts/${drafted.body.draft.id}/reject`, { why: 'no' })).status).toBe(400);
  expect((await fatima.call('POST', `/teach-drafts/${drafted.body.draft.id}/reject`, {})).status).toBe(204);
  expect((await fatima.call('GET', '/teach-drafts')).body.drafts).toEqual([]);
  expect((await fatima.call('GET', '/faq/taught')).body.taught).toEqual([]);

  (b.app.config.listening as { agentsMayTeachFromHandoff: boolean }).agentsMayTeachFromHandoff = true;
  expect((await sanne.call('GET', `/chats/${encodeURIComponent(first.key)}/teach-draft`)).body.offer.direct).toBe(true);
  // Still through the checks: the same question as another entry's is refused.
  const clash = await sanne.call('POST', '/teach-drafts', { ...phrasing, question: 'What are your opening hours?' });
  expect(clash.status).toBe(409);
  expect(clash.body.error).toMatchObject({ code: 'FAQ_TEACHING_REJECTED' });
  const taught = await sanne.call('POST', '/teach-drafts', phrasing);
  expect(taught.status).toBe(201);
  expect(taught.body.taught).toMatchObject({ kind: 'phrasing', entryId: 'warranty', by: 'sanne' });
  expect(taught.body.taught.draftedBy).toBeUndefined();
  expect((await fatima.call('GET', '/teach-drafts')).body.drafts).toEqual([]);
  expect(b.app.listening.teacher.suggestions('Can I bring my e-bike for repair?', 'en')[0]?.entryId).toBe('warranty');
});
