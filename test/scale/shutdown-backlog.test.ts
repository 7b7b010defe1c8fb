import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { telegramChannel } from '../../scripts/harness/channels.js';
import type { HarnessNodeOptions } from '../../scripts/harness/node.js';
import { startHarnessProcess, type HarnessProcess } from '../../scripts/harness/processes.js';
import { BOT_TOKEN as SLACK_BOT_TOKEN } from '../adapters/slack/driver.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { startRedisServer, type RedisProcess } from '../support/redis-server.js';

/*
 * Finding 9 of the hardening issue: SIGTERM while thousands of Telegram messages wait for their
 * replies, which go out at Telegram's pace (30 a second per bot). A real balie process (the
 * multi-process harness's node: balie as `npm start` runs it, with an echo dialog and main.ts's
 * signal handling) on a real redis-server, talking through telegraf to a local fake Bot API. The
 * first process gets SIGTERM with the backlog waiting; a second one starts on the same Redis
 * (with the pace lifted, so the test need not wait minutes) and answers the rest. Every message is
 * counted across both runs: answered once, none twice, none lost.
 */

const CONVERSATIONS = 500;
const MESSAGES = 8;
const GRACE_SECONDS = 10;
const SECRET = 'shutdown-backlog-secret';
/** Telegram's own limit for one bot; the per-chat pace stays Telegram's (1 a second, bursts of 3). */
const TELEGRAM_PACE = { perSecond: 30, burst: 30 };

interface LogLine {
  level: number;
  msg: string;
  code?: string;
  [key: string]: unknown;
}

function logLines(file: string): LogLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** Messages stored in Redis and not yet answered (every conversation's inbox). */
async function waitingInRedis(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url);
  try {
    let total = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}inbox:*:q`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) total += await redis.llen(key);
    } while (cursor !== '0');
    return total;
  } finally {
    redis.disconnect();
  }
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

describe('SIGTERM with a backlog of thousands of Telegram messages', () => {
  it('exits 0 within the grace, logs one summary line and no errors, and no message is answered twice or lost across a restart', { timeout: 300_000 }, async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'balie-shutdown-'));
    const procs: HarnessProcess[] = [];
    let redis: RedisProcess | undefined;
    let telegram: FakeTelegram | undefined;
    let slack: FakeSlack | undefined;
    try {
      redis = await startRedisServer();
      [telegram, slack] = await Promise.all([startFakeTelegram(), startFakeSlack({ botToken: SLACK_BOT_TOKEN })]);
      const prefix = 'shutdown-backlog:';
      const node: HarnessNodeOptions = {
        redisEnv: { REDIS_URL: redis.url },
        prefix,
        telegram: { apiRoot: telegram.url, token: telegram.token, secret: SECRET },
        slack: { apiUrl: slack.apiUrl, botToken: SLACK_BOT_TOKEN, signingSecret: 'shutdown-backlog-slack-secret' },
        webchatSecret: 'shutdown-backlog-webchat-secret-0123456789',
        leaseSeconds: 15,
        logLevel: 'info',
        graceSeconds: GRACE_SECONDS,
        telegramPace: TELEGRAM_PACE,
      };
      const customers = telegramChannel(telegram, SECRET);
      const conversations = Array.from({ length: CONVERSATIONS }, (_, c) => c);

      // ── Run 1: the backlog builds (webhooks are answered once stored; replies wait for the pace) ──
      const first = await startHarnessProcess('balie-1', node, workDir);
      procs.push(first);
      for (let seq = 0; seq < MESSAGES; seq++) {
        // One message per conversation at a time, so each conversation's messages arrive in order.
        await pool(conversations, 64, async (c) => {
          const { ok, status } = await customers.deliver(first.url, c, seq, 1);
          if (!ok) throw new Error(`the webhook answered ${status} to conversation ${c}, message ${seq}`);
        });
      }
      const backlog = await waitingInRedis(redis.url, prefix);
      const answeredBefore = [...(await customers.replies(() => first.url)).values()].reduce((n, r) => n + r.length, 0);
      expect(backlog).toBeGreaterThanOrEqual(2000);

      const signalled = performance.now();
      const how = await first.stop();
      const exitSeconds = (performance.now() - signalled) / 1000;
      const leftInRedis = await waitingInRedis(redis.url, prefix);

      const lines = logLines(first.logFile);
      const errors = lines.filter((l) => l.level >= 50);
      const summaries = lines.filter((l) => l.msg.startsWith('stopped:'));

      // ── Run 2: a new process on the same Redis answers what was handed back ──
      const second = await startHarnessProcess('balie-2', { ...node, telegramPace: undefined }, workDir);
      procs.push(second);
      const total = CONVERSATIONS * MESSAGES;
      // Until every message is answered, or nothing new comes for a while (then some are lost:
      // the counts below say which).
      let seen = -1;
      let quietSince = performance.now();
      for (;;) {
        const answered = new Set<string>();
        for (const [c, seqs] of await customers.replies(() => second.url)) for (const s of seqs) answered.add(`${c}:${s}`);
        if (answered.size >= total) break;
        if (answered.size !== seen) {
          seen = answered.size;
          quietSince = performance.now();
        } else if (performance.now() - quietSince > 30_000) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      // A repeat would come right after the takeover; the second stop lets every turn end.
      const secondExit = await second.stop();

      const counts = new Map<string, number>();
      for (const [c, seqs] of await customers.replies(() => undefined)) for (const s of seqs) counts.set(`${c}:${s}`, (counts.get(`${c}:${s}`) ?? 0) + 1);
      let lost = 0;
      const repeated: string[] = [];
      for (const c of conversations) {
        for (let s = 0; s < MESSAGES; s++) {
          const n = counts.get(`${c}:${s}`) ?? 0;
          if (n === 0) lost++;
          if (n > 1) repeated.push(`conversation ${c} message ${s}: ${n} times`);
        }
      }
      console.log(
        `sent ${total} (${CONVERSATIONS} conversations x ${MESSAGES}); answered before SIGTERM ${answeredBefore}; waiting in Redis at SIGTERM ${backlog}, after exit ${leftInRedis}; ` +
          `exit ${how} after ${exitSeconds.toFixed(2)} s (grace ${GRACE_SECONDS} s); summary: ${summaries.map((s) => s.msg).join(' | ')}; ` +
          `answered across both runs: once ${total - lost - repeated.length}, twice or more ${repeated.length}, lost ${lost}`,
      );

      expect(how).toBe('exit 0');
      expect(exitSeconds).toBeLessThan(GRACE_SECONDS);
      expect(errors.map((e) => `${e.code ?? ''} ${e.msg}`)).toEqual([]);
      expect(summaries).toHaveLength(1);
      expect(summaries[0]).toMatchObject({ turnsGivenUp: 0, turnsStillRunning: 0 });
      expect(first.unhandledRejections).toBe(0);
      expect(secondExit).toBe('exit 0');
      expect(repeated).toEqual([]);
      expect(lost).toBe(0);
    } finally {
      await Promise.allSettled(procs.map((p) => p.kill()));
      await Promise.allSettled([telegram?.close(), slack?.close()]);
      await redis?.stop();
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
