import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaterfallDialog } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import { createTelegramAdapter, WEBHOOK_PATH } from '../../../src/adapters/telegram/index.js';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/core/errors.js';
import type { DialogRegistration } from '../../../src/dialogs/bot.js';
import type { RunningBalie } from '../../../src/main.js';
import { DEFAULT_CONFIG_DIR, startTestBalie, testConfig } from '../../support/app.js';
import { startFakeTelegram, type FakeCall, type FakeTelegram } from '../../support/fake-telegram.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { SECRET, textUpdate } from './harness.js';

/*
 * Finding 10 of the hardening issue: replies held up by Telegram's pace build a backlog that
 * nothing showed and nobody was told about. Here the bot's pace is slowed down (as a flood does to
 * Telegram's real 30 a second) so a small backlog builds on a real Redis: /metrics and /readyz
 * show it with its age, and each customer whose answer is far off is told so once, in their
 * language, ahead of the replies waiting before it.
 */

const echo: DialogRegistration = {
  dialog: new WaterfallDialog('backlog-echo', [
    async (step) => {
      await step.context.sendActivity(`echo ${step.context.activity.text ?? ''}`);
      return step.endDialog();
    },
  ]),
  trigger: (text) => (text.startsWith('seq ') ? {} : undefined),
};

const CHATS = [610_001, 610_002, 610_003, 610_004, 610_005, 610_006];
const language = (chat: number) => (chat % 2 ? 'nl' : 'en');
const NOTICE = {
  en: /^It's very busy right now, so our answer will take a while, about \d+ min\. Your message has arrived/,
  nl: /^Het is nu erg druk, dus ons antwoord laat even op zich wachten, ongeveer \d+ min\. Je bericht is binnen/,
};
const isNotice = (call: FakeCall) => /^(It's very busy|Het is nu erg druk)/.test(String(call.params.text));
const isEcho = (call: FakeCall, seq: number) => call.params.text === `echo seq ${seq}`;

/** Waits until `done()` holds, or nothing changed in `fake.calls` for 20 s (then the assertions after it tell what is missing). */
async function until(fake: FakeTelegram, done: () => boolean): Promise<void> {
  let seen = -1;
  let quietSince = performance.now();
  while (!done()) {
    if (fake.calls.length !== seen) {
      seen = fake.calls.length;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > 20_000) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : Number.NaN;
}

describe("a backlog of replies waiting for the platform's pace", () => {
  it(
    'shows in /metrics and /readyz with its age, and each customer whose answer is far off is told once, in their language, ahead of the queue',
    { timeout: 120_000 },
    async () => {
      const fake = await startFakeTelegram();
      let balie: RunningBalie | undefined;
      try {
        const config = testConfig({ REDIS_URL: testRedisUrl(), BALIE_REDIS_PREFIX: uniquePrefix('backlog') });
        config.backlog = { busyNoticeAfterSeconds: 1, busyNoticeEveryMinutes: 60 };
        const adapter = createTelegramAdapter({
          token: fake.token,
          apiRoot: fake.url,
          webhookSecret: SECRET,
          botInfo: { ...fake.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false },
          // Three replies a second for the whole bot: a few chats are a flood.
          limits: { global: { perSecond: 3, burst: 1 } },
        });
        balie = await startTestBalie({ config, adapters: [adapter], dialogs: () => [echo] });
        const url = balie.url;
        const say = async (chat: number, text: string) => {
          const res = await fetch(`${url}${WEBHOOK_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
            body: JSON.stringify(textUpdate(chat, text, { languageCode: language(chat) })),
          });
          expect(res.status).toBe(200);
        };
        const sent = (chat: number) => fake.sentTo(chat);

        // Three messages from every chat: eighteen replies at three a second.
        for (let seq = 0; seq < 3; seq++) for (const chat of CHATS) await say(chat, `seq ${seq}`);
        // Once each chat has its first answer, the bot knows how long a turn takes now.
        await until(fake, () => CHATS.every((chat) => sent(chat).some((c) => isEcho(c, 0))));
        expect(CHATS.every((chat) => sent(chat).some((c) => isEcho(c, 0)))).toBe(true);

        const metrics = await (await fetch(`${url}/metrics`)).text();
        expect(metric(metrics, 'balie_backlog_messages')).toBeGreaterThan(0);
        expect(metric(metrics, 'balie_backlog_conversations')).toBeGreaterThan(0);
        expect(metric(metrics, 'balie_backlog_oldest_seconds')).toBeGreaterThan(0);
        expect(metric(metrics, 'balie_turn_wait_seconds_count{channel="telegram"}')).toBeGreaterThan(0);
        const ready = await fetch(`${url}/readyz`);
        expect(ready.status).toBe(200);
        const { checks } = (await ready.json()) as { checks: Record<string, string> };
        expect(checks.backlog).toMatch(/^\d+ messages waiting in \d+ conversations run here, the oldest for \d+ s; a turn takes about [\d.]+ s on telegram$/);

        // The next message of each chat waits behind its others: its customer is told, once.
        for (const chat of CHATS) await say(chat, 'seq 3');
        for (const chat of CHATS) await say(chat, 'seq 4');
        await until(fake, () => CHATS.every((chat) => sent(chat).some((c) => isEcho(c, 4))));

        for (const chat of CHATS) {
          const calls = sent(chat);
          const notices = calls.filter(isNotice);
          expect(notices, `chat ${chat}`).toHaveLength(1);
          expect(String(notices[0]!.params.text)).toMatch(NOTICE[language(chat)]);
          // Ahead of the replies it is about.
          expect(calls.indexOf(notices[0]!)).toBeLessThan(calls.findIndex((c) => isEcho(c, 3)));
          expect(calls.filter((c) => !isNotice(c)).map((c) => c.params.text)).toEqual([0, 1, 2, 3, 4].map((s) => `echo seq ${s}`));
        }
        const after = await (await fetch(`${url}/metrics`)).text();
        expect(metric(after, 'balie_busy_notices_total{channel="telegram"}')).toBe(CHATS.length);
      } finally {
        await balie?.stop();
        await fake.close();
      }
    },
  );

  it('is configured in balie.yaml (backlog), defaults 120 s and once an hour, and a wrong value names the key and the fix', () => {
    expect(testConfig().backlog).toEqual({ busyNoticeAfterSeconds: 120, busyNoticeEveryMinutes: 60 });
    const dir = mkdtempSync(join(tmpdir(), 'balie-backlog-config-'));
    try {
      cpSync(DEFAULT_CONFIG_DIR, dir, { recursive: true });
      const text = readFileSync(join(dir, 'balie.yaml'), 'utf8').replace('busyNoticeAfterSeconds: 120', 'busyNoticeAfterSeconds: -5');
      writeFileSync(join(dir, 'balie.yaml'), text);
      const err = (() => {
        try {
          loadConfig({ BALIE_CONFIG_DIR: dir });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(ConfigError);
      const line = text.split('\n').findIndex((l) => l.includes('busyNoticeAfterSeconds: -5')) + 1;
      expect((err as ConfigError).problems).toEqual([
        expect.objectContaining({ source: 'balie.yaml', line, key: 'backlog.busyNoticeAfterSeconds', problem: 'must be 0 (never) or more', fix: expect.any(String) }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
