import { afterEach, describe, expect, it } from 'vitest';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { spawnScript, type ReplProcess } from './repl-driver.js';

let repls: ReplProcess[] = [];
afterEach(async () => {
  for (const repl of repls) await repl.end();
  repls = [];
});
const chat = (args: string[], env: Record<string, string> = {}) => {
  const repl = spawnScript('scripts/chat.ts', args, env);
  repls.push(repl);
  return repl;
};

describe('npm run chat', () => {
  it('talks to the bot as a customer, the way Telegram shows it, with buttons by number and the handoff shown', { timeout: 120_000 }, async () => {
    const repl = chat(['--lang', 'en', '--channel', 'telegram']);
    expect(await repl.ready()).toContain('channel telegram · language en · memory stores');
    expect(await repl.say('hello')).toContain("bot › Hi! I'm the digital assistant of <b>Tulp &amp; Co</b>.");
    expect(await repl.say('where is my order')).toContain('looks like <b>TC-123456</b>');
    const status = await repl.say('tc 100003');
    expect(status).toContain('Order <b>TC-100003</b> is on its way with PostNL.');
    expect(status).toContain('<a href="https://tulpenco.example/track/3SABC100003">Track your parcel</a>');
    expect(await repl.say('Can you recommend a plumber in Zwolle?')).toContain('[1] Yes, a person please   [2] No thanks');
    expect(await repl.say('1')).toContain('── handoff requested (reason: not-understood, language: en, collected: {orderNumber: TC-100003})');
    expect(await repl.end()).toBe(0);
  });

  it('shows WhatsApp style: its own FAQ answer, *bold*, and numbered options to answer by number', { timeout: 120_000 }, async () => {
    const repl = chat(['--channel', 'whatsapp', '--lang', 'nl']);
    await repl.ready();
    expect(await repl.say('wat zijn jullie openingstijden')).toContain('Klantenservice: ma–vr');
    expect(await repl.say('waar is mijn bestelling')).toContain('het ziet eruit als *TC-123456*');
    await repl.say('TC-100004');
    const offer = await repl.say('kan mijn kat mee op vakantie');
    expect(offer).toMatch(/1\. Ja, graag een mens\n\s*2\. Nee, bedankt/);
    expect(offer).not.toContain('[1]');
    expect(await repl.say('2')).toContain('Prima! Vraag me gerust iets anders.');
  });

  it('shows Slack mrkdwn and the web chat markdown', { timeout: 120_000 }, async () => {
    const slack = chat(['--channel', 'slack', '--lang', 'en']);
    await slack.ready();
    await slack.say('where is my order');
    expect(await slack.say('TC-100003')).toContain('Order *TC-100003* is on its way with PostNL.\n      Expected delivery: *');
    const webchat = chat(['--lang', 'en']);
    await webchat.ready();
    expect(await webchat.say('TC-100003')).toContain('Order **TC-100003** is on its way');
  });

  it('continues a conversation after a restart when REDIS_URL is set', { timeout: 120_000 }, async () => {
    const env = { REDIS_URL: testRedisUrl(), BALIE_REDIS_PREFIX: uniquePrefix('repl') };
    const first = chat(['--lang', 'en', '--conversation', 'repl-restart'], env);
    expect(await first.ready()).toContain('redis stores');
    expect(await first.say('where is my order')).toContain('What is your order number?');
    expect(await first.end()).toBe(0);

    const second = chat(['--conversation', 'repl-restart'], env);
    await second.ready();
    expect(await second.say('TC-100002')).toContain('**TC-100002** is being packed');
  });

  it('refuses unknown options, channels and languages with a clear message', { timeout: 120_000 }, async () => {
    const channel = chat(['--channel', 'fax']);
    expect(await channel.exited()).toBe(2);
    expect(channel.stderr).toContain('--channel fax: choose one of webchat, telegram, slack, whatsapp');
    const language = chat(['--lang', 'fr']);
    expect(await language.exited()).toBe(2);
    expect(language.stderr).toContain('--lang fr: there is no locales/fr.yaml; languages: en, nl');
  });

  it('says that agent mode needs a Redis shared with the customer terminal', { timeout: 120_000 }, async () => {
    const agent = chat(['--agent', 'sanne'], { REDIS_URL: '' });
    expect(await agent.exited()).toBe(2);
    expect(agent.output).toContain('Agent mode needs REDIS_URL, shared with the customer terminal');
  });

  it('refuses an agent that agents.yaml does not know', { timeout: 120_000 }, async () => {
    const agent = chat(['--agent', 'nobody'], { REDIS_URL: testRedisUrl(), BALIE_REDIS_PREFIX: uniquePrefix('repl') });
    expect(await agent.exited()).toBe(2);
    expect(agent.output).toContain('no agent "nobody" in agents.yaml');
  });
});
