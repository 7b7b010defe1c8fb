import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BOT_TOKEN as SLACK_BOT_TOKEN } from '../../test/adapters/slack/driver.js';
import { startFakeSlack } from '../../test/support/fake-slack.js';
import { startFakeTelegram } from '../../test/support/fake-telegram.js';
import { startRedisCluster, type RedisClusterProcess } from '../../test/support/redis-cluster.js';
import { startRedisServer, type RedisProcess } from '../../test/support/redis-server.js';
import { http, slackChannel, telegramChannel, webchatChannel, type HarnessChannel } from './channels.js';
import type { HarnessNodeOptions } from './node.js';
import { startHarnessProcess, type HarnessProcess } from './processes.js';

export type Scenario = 'plain' | 'sigkill' | 'redis-restart' | 'rolling-restart';

export interface HarnessOptions {
  scenario: Scenario;
  processes: number;
  messages: number;
  conversations: number;
  /** `redis` (default): one redis-server; `cluster`: a 3-master Redis Cluster. */
  topology?: 'redis' | 'cluster';
  /** Run on this cluster (topology cluster) instead of starting one; it is left running. */
  cluster?: RedisClusterProcess;
  /** For the Redis restart: `everysec` or `always`. */
  appendfsync?: 'everysec' | 'always';
  /** For the Redis restart: SIGTERM (a restart: Redis writes its AOF out and stops) or SIGKILL (a crash). */
  redisSignal?: 'SIGTERM' | 'SIGKILL';
  /** INBOX_LEASE_SECONDS: how long a killed process's conversations wait for another. */
  leaseSeconds?: number;
  /** Progress lines (stderr in the script). */
  log?: (line: string) => void;
  /** Keep the processes' log files (their folder is printed) instead of deleting them. */
  keepLogs?: boolean;
}

export interface Tally {
  sent: number;
  answered: number;
  lost: number;
  /** Replies beyond the first to the same message. */
  answeredTwice: number;
  /** First answers that came before the first answer to an earlier message of the same conversation. */
  outOfOrder: number;
  /** Repeats of an earlier answer that arrived after a newer message's answer. */
  lateRepeats: number;
}

export interface OutageReport {
  /** /readyz asked of each live process while Redis was down, how many said 503, and every answer (0: no answer in 15 s). */
  readyzProbes: number;
  readyz503: number;
  readyzAnswers: number[];
  /** Webhook and web chat deliveries made while Redis was down, by the status they got. */
  deliveries: Record<string, number>;
  /** Every live process answered /readyz 200 again after Redis was back (within a minute), and how long that took. */
  readyAgain: boolean;
  readyAgainSeconds: number;
}

export interface HarnessResult extends Tally {
  scenario: string;
  topology: 'redis' | 'cluster';
  processes: number;
  conversations: number;
  byChannel: Record<string, Tally>;
  /** Deliveries that failed (process gone, 503, timeout) and were made again, as platforms do. */
  retried: number;
  /** Processes that ended without being told to, or exited non-zero after SIGTERM. */
  crashed: string[];
  unhandledRejections: number;
  /** Where duplicates come from: leases a live process lost mid-turn (its logs), conversations taken over and commits refused (the surviving processes' /metrics). */
  leasesLost: number;
  takeovers: number;
  fencedCommits: number;
  outage?: OutageReport;
  seconds: number;
  logDir?: string;
  /** A few conversations that were not answered exactly once and in order: what their customer saw. */
  examples: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TELEGRAM_SECRET = 'harness-webhook-secret';
const SLACK_SIGNING_SECRET = 'harness-slack-signing-secret-5e1f';

/**
 * N balie processes on one Redis (or a Redis Cluster) behind a round-robin "load balancer", fed by
 * customers on Telegram (webhooks), Slack (Events API) and the web chat: conversation c is on
 * channel c % 3 and sends `seq 0`, `seq 1`, … one after another (each once the previous one was
 * accepted, as a person types), conversations in parallel. Each delivery goes to the next live
 * process; one that fails (refused, reset, 503, timeout) is made again to the next process, as the
 * platforms redeliver what they got no 2xx for. The echo dialog answers `echo seq <n>`; the fakes
 * record what each customer saw. The scenario's fault is injected when a third of the messages
 * are out.
 */
export async function runHarness(options: HarnessOptions): Promise<HarnessResult> {
  const log = options.log ?? (() => {});
  const lease = options.leaseSeconds ?? 3;
  const topology = options.topology ?? 'redis';
  const redisSignal = options.redisSignal ?? 'SIGTERM';
  const redisArgs = options.scenario === 'redis-restart' ? ['--appendonly', 'yes', '--appendfsync', options.appendfsync ?? 'everysec'] : [];
  const workDir = mkdtempSync(join(tmpdir(), 'balie-harness-'));
  const redisDir = join(workDir, 'redis');
  mkdirSync(redisDir);

  let redis: RedisProcess | undefined;
  let cluster: RedisClusterProcess | undefined;
  let redisEnv: Record<string, string>;
  if (topology === 'cluster') {
    if (options.scenario === 'redis-restart') throw new Error('the Redis restart scenario runs on one redis-server (topology redis)');
    cluster = options.cluster ?? (await startRedisCluster(3));
    redisEnv = { REDIS_CLUSTER_NODES: cluster.env };
  } else {
    // Our own data folder, so it outlives a Redis restart (the AOF is read back from it).
    redis = await startRedisServer(redisArgs, { dir: redisDir });
    redisEnv = { REDIS_URL: redis.url };
  }
  const [telegramFake, slackFake] = await Promise.all([startFakeTelegram(), startFakeSlack({ botToken: SLACK_BOT_TOKEN })]);
  const nodeOptions: HarnessNodeOptions = {
    redisEnv,
    prefix: `harness:${Date.now()}:`,
    telegram: { apiRoot: telegramFake.url, token: telegramFake.token, secret: TELEGRAM_SECRET },
    slack: { apiUrl: slackFake.apiUrl, botToken: SLACK_BOT_TOKEN, signingSecret: SLACK_SIGNING_SECRET },
    webchatSecret: 'harness-webchat-secret-0123456789abcdef',
    leaseSeconds: lease,
  };

  const all: HarnessProcess[] = [];
  const told = new Set<HarnessProcess>();
  const crashed: string[] = [];
  let started = 0;
  const spawnOne = async () => {
    const p = await startHarnessProcess(`balie-${++started}`, nodeOptions, workDir);
    all.push(p);
    return p;
  };
  const procs: (HarnessProcess | undefined)[] = await Promise.all(Array.from({ length: options.processes }, spawnOne));
  const alive = () => procs.filter((p): p is HarnessProcess => p !== undefined && p.exit === undefined);
  let rr = 0;
  const anyUrl = () => alive()[rr++ % Math.max(1, alive().length)]?.url;

  const channels: HarnessChannel[] = [telegramChannel(telegramFake, TELEGRAM_SECRET), slackChannel(slackFake, SLACK_SIGNING_SECRET), webchatChannel()];
  const channelOf = (c: number) => channels[c % channels.length]!;
  const conversations = Array.from({ length: options.conversations }, (_, c) => c);
  await Promise.all(
    channels.map((ch) =>
      ch.prepare(
        conversations.filter((c) => channelOf(c) === ch),
        anyUrl()!,
      ),
    ),
  );

  // While Redis is down: what deliveries got, counted only for those begun and ended inside the outage.
  let outageOpen = false;
  const outageDeliveries: Record<string, number> = {};
  let retried = 0;
  const deliver = async (c: number, seq: number) => {
    for (let attempt = 0; ; attempt++) {
      const target = anyUrl();
      const inOutage = outageOpen;
      let status = 'no process';
      try {
        if (target) {
          const res = await channelOf(c).deliver(target, c, seq, attempt);
          status = res.ok ? 'accepted' : String(res.status);
        }
      } catch (err) {
        status = (err as Error).message.includes('timed out') ? 'timeout' : 'connection failed';
      }
      if (inOutage && outageOpen) outageDeliveries[status] = (outageDeliveries[status] ?? 0) + 1;
      if (status === 'accepted') return;
      retried++;
      await sleep(Math.min(1000, 50 * (attempt + 1)));
    }
  };

  let outage: OutageReport | undefined;
  const probeOutage = async (): Promise<Pick<OutageReport, 'readyzProbes' | 'readyz503' | 'readyzAnswers'>> => {
    const readyzAnswers = await Promise.all(
      alive().map((p) =>
        http('GET', `${p.url}/readyz`, undefined).then(
          (r) => r.status,
          () => 0,
        ),
      ),
    );
    return { readyzProbes: readyzAnswers.length, readyz503: readyzAnswers.filter((s) => s === 503).length, readyzAnswers };
  };
  const waitReady = async (timeoutMs: number) => {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(
        alive().map((p) =>
          http('GET', `${p.url}/readyz`, undefined).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      if (states.every((s) => s === 200)) return true;
      if (performance.now() > until) return false;
      await sleep(100);
    }
  };

  let sentCount = 0;
  const injectFault = async () => {
    if (options.scenario === 'sigkill') {
      const victim = procs[1]!;
      procs[1] = undefined;
      told.add(victim);
      await victim.kill();
      log(`harness: SIGKILL to ${victim.name} after ${sentCount} messages`);
    } else if (options.scenario === 'redis-restart') {
      log(`harness: stopping Redis (${redisSignal}) after ${sentCount} messages`);
      await redis!.stop(redisSignal);
      outageOpen = true;
      // Let the processes notice (their commands fail after a couple of reconnect attempts).
      await sleep(2500);
      const probes = await probeOutage();
      await sleep(500);
      outageOpen = false;
      redis = await startRedisServer(redisArgs, { port: redis!.port, dir: redisDir });
      log('harness: Redis is back');
      const back = performance.now();
      const readyAgain = await waitReady(60_000);
      outage = { ...probes, deliveries: outageDeliveries, readyAgain, readyAgainSeconds: (performance.now() - back) / 1000 };
    } else if (options.scenario === 'rolling-restart') {
      for (let i = 0; i < procs.length; i++) {
        const old = procs[i]!;
        procs[i] = undefined;
        told.add(old);
        const how = await old.stop();
        if (how !== 'exit 0') crashed.push(`${old.name} (${how} after SIGTERM)`);
        procs[i] = await spawnOne();
        log(`harness: ${old.name} stopped (${how}), ${procs[i]!.name} started`);
      }
    }
  };

  const start = performance.now();
  const perConversation = Math.ceil(options.messages / options.conversations);
  const total = perConversation * options.conversations;
  let faultDone: Promise<void> | undefined;
  await Promise.all(
    conversations.map(async (c) => {
      for (let seq = 0; seq < perConversation; seq++) {
        await deliver(c, seq);
        sentCount++;
        if (!faultDone && options.scenario !== 'plain' && sentCount >= total / 3) faultDone = injectFault();
      }
    }),
  );
  await faultDone;
  log(`harness: all ${total} messages accepted after ${((performance.now() - start) / 1000).toFixed(1)} s; waiting for the answers`);

  // Wait for the answers: until all are in, or nothing new came for two lease lengths and more.
  const replies = new Map<number, number[]>();
  const complete = (c: number) => new Set(replies.get(c) ?? []).size >= perConversation;
  const collect = async (final: boolean) => {
    for (const ch of channels) {
      const mine = conversations.filter((c) => channelOf(c) === ch && (final || !complete(c)));
      if (!mine.length) continue;
      const got = await ch.replies(anyUrl, ch.name === 'webchat' ? mine : undefined);
      for (const c of mine) if (got.has(c)) replies.set(c, got.get(c)!);
    }
  };
  const answeredCount = () => conversations.reduce((n, c) => n + new Set(replies.get(c) ?? []).size, 0);
  let last = -1;
  let quietSince = performance.now();
  for (;;) {
    await collect(false);
    const now = answeredCount();
    if (now >= total) break;
    if (now !== last) {
      last = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > lease * 2000 + 10_000) break;
    await sleep(500);
  }
  const seconds = (performance.now() - start) / 1000;
  // A last look a moment later: a repeat that comes after everything was answered still counts.
  await sleep(Math.min(2000, lease * 500));
  await collect(true);

  const byChannel: Record<string, Tally> = {};
  const sum = empty();
  const examples: string[] = [];
  for (const c of conversations) {
    const t = tally(replies.get(c) ?? [], perConversation);
    if ((t.lost || t.answeredTwice || t.outOfOrder) && examples.length < 8) examples.push(`${channelOf(c).name} #${c}: ${(replies.get(c) ?? []).join(' ')}`);
    const ch = (byChannel[channelOf(c).name] ??= empty());
    for (const k of Object.keys(t) as (keyof Tally)[]) {
      ch[k] += t[k];
      sum[k] += t[k];
    }
  }

  const unhandledRejections = all.reduce((n, p) => n + p.unhandledRejections, 0);
  let takeovers = 0;
  let fencedCommits = 0;
  for (const p of alive()) {
    const text = (await http('GET', `${p.url}/metrics`, undefined).catch(() => ({ body: '' }))).body;
    takeovers += sumMetric(text, 'balie_lease_takeovers_total');
    fencedCommits += sumMetric(text, 'balie_fenced_writes_total');
  }
  crashed.push(...all.filter((p) => p.exit !== undefined && !told.has(p)).map((p) => `${p.name} (${p.exit})`));
  await Promise.all(
    alive().map(async (p) => {
      told.add(p);
      const how = await p.stop();
      if (how !== 'exit 0') crashed.push(`${p.name} (${how} after SIGTERM)`);
    }),
  );
  const leasesLost = all.reduce((n, p) => n + countInFile(p.logFile, '"code":"LEASE_LOST"'), 0);
  await Promise.allSettled([telegramFake.close(), slackFake.close()]);
  await redis?.stop();
  if (!options.cluster) await cluster?.stop();
  const keep = options.keepLogs || crashed.length > 0 || unhandledRejections > 0;
  if (!keep) rmSync(workDir, { recursive: true, force: true });
  const scenario =
    options.scenario === 'redis-restart' ? `redis-restart (${redisSignal === 'SIGKILL' ? 'crash, ' : ''}appendfsync ${options.appendfsync ?? 'everysec'})` : options.scenario;
  return {
    scenario,
    topology,
    processes: options.processes,
    conversations: options.conversations,
    ...sum,
    byChannel,
    retried,
    crashed,
    unhandledRejections,
    leasesLost,
    takeovers,
    fencedCommits,
    outage,
    seconds,
    logDir: keep ? workDir : undefined,
    examples,
  };
}

function sumMetric(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
}

function countInFile(file: string, needle: string): number {
  try {
    return readFileSync(file, 'utf8').split(needle).length - 1;
  } catch {
    return 0;
  }
}

function empty(): Tally {
  return { sent: 0, answered: 0, lost: 0, answeredTwice: 0, outOfOrder: 0, lateRepeats: 0 };
}

/** One conversation: `got` is the seq of each reply in arrival order; seq 0..sent-1 were sent. */
export function tally(got: number[], sent: number): Tally {
  const seen = new Set<number>();
  let max = -1;
  let outOfOrder = 0;
  let lateRepeats = 0;
  for (const seq of got) {
    if (seen.has(seq)) {
      if (seq < max) lateRepeats++;
      continue;
    }
    seen.add(seq);
    if (seq < max) outOfOrder++;
    max = Math.max(max, seq);
  }
  const answered = [...seen].filter((s) => s >= 0 && s < sent).length;
  return { sent, answered, lost: sent - answered, answeredTwice: got.length - seen.size, outOfOrder, lateRepeats };
}

/** The table row the script prints (and docs/operations.md quotes). */
export function formatResult(r: HarnessResult): string {
  const rate = r.sent / r.seconds;
  const head = `${r.scenario}${r.topology === 'cluster' ? ' [cluster]' : ''}`.padEnd(40);
  const lines = [
    `${head} processes ${r.processes}  conversations ${r.conversations}  sent ${r.sent}  answered ${r.answered}  lost ${r.lost}  answered twice ${r.answeredTwice}  out of order ${r.outOfOrder}  late repeats ${r.lateRepeats}  retried deliveries ${r.retried}  ${r.seconds.toFixed(1)} s  ${rate.toFixed(0)} msg/s`,
    `${''.padEnd(40)} by channel: ${Object.entries(r.byChannel)
      .map(([name, t]) => `${name} ${t.answered}/${t.sent} twice ${t.answeredTwice} out of order ${t.outOfOrder}`)
      .join(' | ')}`,
    `${''.padEnd(40)} crashed processes: ${r.crashed.length ? r.crashed.join(', ') : 'none'}  unhandled rejections: ${r.unhandledRejections}  leases lost mid-turn ${r.leasesLost}  takeovers ${r.takeovers}  fenced commits ${r.fencedCommits}${r.logDir ? `  logs: ${r.logDir}` : ''}`,
  ];
  if (r.outage) {
    const d =
      Object.entries(r.outage.deliveries)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ') || 'none';
    lines.push(
      `${''.padEnd(40)} while Redis was down: /readyz 503 from ${r.outage.readyz503} of ${r.outage.readyzProbes} processes${r.outage.readyz503 < r.outage.readyzProbes ? ` (answers ${r.outage.readyzAnswers.join(', ')})` : ''}; deliveries: ${d}; ${r.outage.readyAgain ? `all ready again ${r.outage.readyAgainSeconds.toFixed(1)} s after Redis was back` : 'NOT ALL READY AGAIN a minute after Redis was back'}`,
    );
  }
  return lines.join('\n');
}
