import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { channelModules } from '../../../src/adapters/index.js';
import { loadConfig, type Config } from '../../../src/config.js';
import { ConfigError, type ConfigProblem } from '../../../src/core/errors.js';
import type { RunningBalie } from '../../../src/main.js';
import { DEFAULT_CONFIG_DIR, startTestBalie } from '../../support/app.js';
import { adapterContract, type ChannelHarness, type SentMessage } from '../adapter.contract.js';
import { WEBHOOK_PATH } from './adapter.js';
import { startFakeGateway, type FakeGateway } from './fake-gateway.js';
import { smsChannel } from './module.js';
import { SECRET_HEADER } from './verify.js';

/*
 * A channel added the way docs/channels.md says: one folder (this one) and a line in the list.
 * Here the list is the shipped one plus SMS, given to loadConfig as a deployment's own build would
 * give src/adapters/index.ts one more line. Nothing outside this folder knows about SMS.
 */
const channels = [...channelModules, smsChannel];
const SECRET = 'sms-webhook-secret-0123';
const SMS_ANSWER = 'Customer service by phone Mon-Fri 9-17:30, Sat 10-16. Shop Tue-Sat 10-17:30.';

// The shop's FAQ with an answer written for SMS (short, no markup).
const configDir = mkdtempSync(join(tmpdir(), 'balie-sms-'));
cpSync(DEFAULT_CONFIG_DIR, configDir, { recursive: true });
const faqPath = join(configDir, 'faq.en.yaml');
writeFileSync(
  faqPath,
  readFileSync(faqPath, 'utf8').replace(
    '    channels:\n      whatsapp: |\n        Customer service: Mon–Fri',
    `    channels:\n      sms: ${SMS_ANSWER}\n      whatsapp: |\n        Customer service: Mon–Fri`,
  ),
);
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

const env = (extra: Record<string, string | undefined> = {}) => ({ BALIE_CONFIG_DIR: configDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...extra });

function problemsOf(fn: () => unknown): ConfigProblem[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('a channel added as one folder plus a line in the list', () => {
  it('gets its variables validated, with the key, the problem and its own fix', () => {
    const [problem] = problemsOf(() => loadConfig(env({ SMS_GATEWAY_URL: 'sms.example.com' }), { channels }));
    expect(problem).toMatchObject({ source: 'env', key: 'SMS_GATEWAY_URL' });
    expect(problem!.problem).toContain('http(s) URL');
    expect(problem!.fix).toContain("gateway's base URL");
  });

  it('reports a variable missing while its companion is set', () => {
    const problems = problemsOf(() => loadConfig(env({ SMS_GATEWAY_URL: 'http://127.0.0.1:9/api' }), { channels }));
    expect(problems.map((p) => p.key)).toEqual(['SMS_WEBHOOK_SECRET']);
  });

  it('is off without its switch, and on with it', () => {
    expect(loadConfig(env(), { channels }).channels.map((c) => c.module.id)).toEqual(['webchat']);
    const config = loadConfig(env({ SMS_GATEWAY_URL: 'http://127.0.0.1:9/api/', SMS_WEBHOOK_SECRET: SECRET }), { channels });
    expect(config.channels.find((c) => c.module.id === 'sms')?.settings).toEqual({ gatewayUrl: 'http://127.0.0.1:9/api', webhookSecret: SECRET });
  });

  it('may have its own FAQ answers, which a balie without the channel calls a mistake', () => {
    const entry = loadConfig(env(), { channels })
      .faq.find((f) => f.language === 'en')!
      .entries.find((e) => e.id === 'opening-hours')!;
    expect(entry.channels.sms).toBe(SMS_ANSWER);
    const [problem] = problemsOf(() => loadConfig(env()));
    expect(problem).toMatchObject({ source: 'faq.en.yaml', key: expect.stringMatching(/channels/) });
    expect(problem!.fix).toContain('only webchat, telegram, slack, whatsapp can have their own answer');
  });

  it('refuses a text without the webhook secret, and says what is wrong with a bad body', async () => {
    const gateway = await startFakeGateway();
    const balie = await startTestBalie({ config: loadConfig(env({ SMS_GATEWAY_URL: gateway.url, SMS_WEBHOOK_SECRET: SECRET }), { channels }) });
    try {
      const post = (body: unknown, secret?: string) =>
        fetch(`${balie.url}${WEBHOOK_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(secret ? { [SECRET_HEADER]: secret } : {}) },
          body: JSON.stringify(body),
        });
      const forged = await post({ id: 'f1', from: '+31612345678', text: 'hello' }, 'not-the-secret-at-all!');
      expect(forged.status).toBe(401);
      expect(((await forged.json()) as { error: { message: string } }).error.message).toContain('wrong');
      const bad = await post({ id: 'b1', from: '0612', text: 'hello' }, SECRET);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('from: must be a phone number');
      expect(gateway.sentTo('+31612345678')).toEqual([]);
    } finally {
      await balie.stop();
      await gateway.close();
    }
  });
});

/** The adapter contract, driven through the gateway's webhook and read back from the fake gateway. */
function smsHarness(): ChannelHarness {
  let gateway: FakeGateway;
  let balie: RunningBalie;
  let config: Config;
  const numbers = new Map<string, string>();
  const bodies = new Map<string, unknown>();
  const numberOf = (chat: string) => {
    if (!numbers.has(chat)) numbers.set(chat, `+3161${String(2000000 + numbers.size).padStart(7, '0')}`);
    return numbers.get(chat)!;
  };
  const post = async (body: unknown) => {
    const res = await fetch(`${balie.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: SECRET },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  // Numbered lines are the SMS way of showing buttons.
  const shown = (text: string): SentMessage => {
    const lines = text.split('\n');
    const buttons = lines.filter((l) => /^\d+\. /.test(l)).map((l) => l.replace(/^\d+\. /, ''));
    return { text: lines.filter((l) => !/^\d+\. /.test(l)).join('\n'), buttons };
  };
  let sequence = 0;
  return {
    channelId: 'sms',
    async start() {
      gateway = await startFakeGateway();
      config = loadConfig(env({ SMS_GATEWAY_URL: gateway.url, SMS_WEBHOOK_SECRET: SECRET }), { channels });
      balie = await startTestBalie({ config });
    },
    async stop() {
      await balie.stop();
      await gateway.close();
    },
    app: () => balie.app,
    conversationId: (chat: string) => numberOf(chat),
    async customerSays(chat, text) {
      const body = { id: `sms-in-${++sequence}`, from: numberOf(chat), text };
      bodies.set(body.id, body);
      await post(body);
      return body.id;
    },
    async redeliver(nativeId) {
      await post(bodies.get(nativeId));
    },
    async sent(chat) {
      return gateway.sentTo(numberOf(chat)).map(shown);
    },
  } as ChannelHarness;
}

adapterContract(smsHarness);
