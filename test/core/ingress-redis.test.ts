import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { WaterfallDialog } from 'botbuilder-dialogs';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createRedisInbox } from '../../src/core/inbox-redis.js';
import type { SubmitResult } from '../../src/core/ingress.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import { captureLog } from '../support/log-capture.js';
import { createRedisStores } from '../../src/core/stores.js';
import type { DialogRegistration } from '../../src/dialogs/bot.js';
import { TestChannelAdapter, defaultTestConfig } from '../../src/testing/test-chat.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { startRedisServer, type RedisProcess } from '../support/redis-server.js';

/** A channel whose messages can be sent without waiting for their turn, as a webhook does. */
class WebhookLikeAdapter extends TestChannelAdapter {
  async send(activity: Partial<Activity>, nativeId: string = randomUUID()): Promise<SubmitResult> {
    const result = await this.receive(activity, nativeId);
    if (result.status === 'rate-limited') throw new Error('rate limited');
    return result;
  }
}

/** "m <anything>" is echoed; `hold` may keep a turn running (a slow dialog). */
function echoDialog(hold?: (text: string) => Promise<void> | undefined): DialogRegistration {
  return {
    dialog: new WaterfallDialog('echo', [
      async (step) => {
        const text = step.context.activity.text ?? '';
        await hold?.(text);
        await step.context.sendActivity(`echo ${text}`);
        return step.endDialog();
      },
    ]),
    trigger: (text) => (text.startsWith('m ') ? {} : undefined),
  };
}

interface Proc {
  app: App;
  adapter: WebhookLikeAdapter;
}

interface ProcOptions {
  url?: string;
  leaseMs?: number;
  heartbeatMs?: number;
  graceSeconds?: number;
  hold?: (text: string) => Promise<void> | undefined;
  logger?: Logger;
}

const running: Proc[] = [];
afterEach(async () => {
  await Promise.allSettled(running.splice(0).map((p) => p.app.stop()));
});

/** One balie "process": its own app and Redis connections, sharing `prefix` with the others. */
async function startProc(prefix: string, options: ProcOptions = {}): Promise<Proc> {
  const url = options.url ?? testRedisUrl();
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const stores = await createRedisStores({ url, prefix, logger, leaseMs: options.leaseMs ?? 1000 });
  const adapter = new WebhookLikeAdapter('test');
  const config = defaultTestConfig({ REDIS_URL: url, BALIE_REDIS_PREFIX: prefix, SHUTDOWN_GRACE_SECONDS: String(options.graceSeconds ?? 10) });
  const app = await createApp(config, {
    logger,
    stores,
    adapters: [adapter],
    platformAdapters: false,
    dialogs: () => [echoDialog(options.hold)],
    ingress: { sweepMs: 100, heartbeatMs: options.heartbeatMs },
  });
  await app.start();
  const proc = { app, adapter };
  running.push(proc);
  return proc;
}

const message = (conversation: string, text: string): Partial<Activity> => ({
  type: 'message',
  text,
  from: { id: `u-${conversation}`, name: 'Klant', role: 'user' },
  conversation: { id: conversation } as Activity['conversation'],
});

async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const lines = async (proc: Proc, conversation: string) => (await proc.app.stores.transcripts.list(`test:${conversation}`)).map((e) => e.text);
const metric = async (proc: Proc, name: string) => {
  const text = await proc.app.metrics.registry.getSingleMetricAsString(name);
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
};
const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
};

describe('two balie processes on one Redis', () => {
  it('answers interleaved messages of the same conversations once each, in order per conversation', async () => {
    const prefix = uniquePrefix('ingress');
    const a = await startProc(prefix);
    const b = await startProc(prefix);
    const conversations = Array.from({ length: 8 }, (_, i) => `order-${i}-${randomUUID().slice(0, 4)}`);
    const perConversation = 5;
    await Promise.all(
      conversations.map(async (c) => {
        // Each message is acknowledged (stored) before the next is sent, alternating processes.
        for (let k = 0; k < perConversation; k++) await (k % 2 ? b : a).adapter.send(message(c, `m ${k}`));
      }),
    );
    for (const c of conversations) {
      const expected = Array.from({ length: perConversation }, (_, k) => [`m ${k}`, `echo m ${k}`]).flat();
      expect(
        await eventually(
          () => lines(a, c),
          (l) => l.length >= expected.length,
        ),
      ).toEqual(expected);
    }
    const replies = conversations.flatMap((c) => [...a.adapter.sent(c), ...b.adapter.sent(c)]);
    expect(replies).toHaveLength(conversations.length * perConversation);
  });

  it('answers a message redelivered to the other process once', async () => {
    const prefix = uniquePrefix('ingress');
    const a = await startProc(prefix);
    const b = await startProc(prefix);
    const c = `redeliver-${randomUUID().slice(0, 6)}`;
    const first = await a.adapter.send(message(c, 'm once'), 'native-1');
    const again = await b.adapter.send(message(c, 'm once'), 'native-1');
    expect([first.status, again.status]).toEqual(['accepted', 'duplicate']);
    await first.done;
    expect(
      await eventually(
        () => lines(a, c),
        (l) => l.length >= 2,
      ),
    ).toEqual(['m once', 'echo m once']);
    expect([...a.adapter.sent(c), ...b.adapter.sent(c)].map((r) => r.text)).toEqual(['echo m once']);
  });

  it('picks up the message of a process that died holding the lease, once its lease expires', async () => {
    const prefix = uniquePrefix('ingress');
    const a = await startProc(prefix, { leaseMs: 500 });
    // The dead process: it stored a message and took the lease, then stopped (no heartbeat, no release).
    const deadClient = new Redis(testRedisUrl());
    const dead = createRedisInbox({ client: deadClient, prefix, leaseMs: 500 });
    const c = `orphan-${randomUUID().slice(0, 6)}`;
    const activity = { ...message(c, 'm orphaned'), channelId: 'test', recipient: { id: 'bot', name: 'bot' }, timestamp: new Date() };
    const stored = await dead.append(`test:${c}`, 'native-dead', JSON.stringify(activity), { owner: 'dead-process', dedupeTtlSeconds: 60 });
    expect(stored).toMatchObject({ status: 'accepted', lease: { owner: 'dead-process' } });
    deadClient.disconnect();

    expect(
      await eventually(
        () => lines(a, c),
        (l) => l.length >= 2,
      ),
    ).toEqual(['m orphaned', 'echo m orphaned']);
    expect(a.adapter.sent(c).map((r) => r.text)).toEqual(['echo m orphaned']);
    expect(await metric(a, 'balie_lease_takeovers_total')).toBe(1);
    // The platform's redelivery of it, to the process that took over: still one answer.
    expect((await a.adapter.send(message(c, 'm orphaned'), 'native-dead')).status).toBe('duplicate');
  });

  it('refuses the commit of a process whose lease was taken over while its turn was still running', async () => {
    const prefix = uniquePrefix('ingress');
    const slow = gate();
    const started = gate();
    // A never renews its lease (as if its event loop stalled), and its turn waits.
    const a = await startProc(prefix, { leaseMs: 400, heartbeatMs: 60_000, hold: () => (started.open(), slow.opened) });
    const b = await startProc(prefix, { leaseMs: 400 });
    const c = `fence-${randomUUID().slice(0, 6)}`;
    await a.adapter.send(message(c, 'm slow'));
    await started.opened;
    // B takes the conversation over after the lease expires and answers.
    expect(
      await eventually(
        () => lines(b, c),
        (l) => l.length >= 2,
      ),
    ).toEqual(['m slow', 'echo m slow']);
    slow.open();
    await eventually(
      () => metric(a, 'balie_fenced_writes_total'),
      (n) => n === 1,
    );
    expect(await metric(b, 'balie_lease_takeovers_total')).toBe(1);
    // A's late turn wrote nothing: the transcript and the next turn go on from B's commit.
    await b.adapter.send(message(c, 'm next'));
    expect(
      await eventually(
        () => lines(b, c),
        (l) => l.length >= 4,
      ),
    ).toEqual(['m slow', 'echo m slow', 'm next', 'echo m next']);
  });
});

describe('lease renewals', () => {
  const leaseLost = (log: ReturnType<typeof captureLog>) => log.lines.filter((l) => l.code === 'LEASE_LOST');

  it('do not report a lease as lost when a renewal crosses the commit that let it go', async () => {
    const log = captureLog('warn');
    // Renewing every millisecond: many renewals cross the end of a drive.
    const a = await startProc(uniquePrefix('renew'), { heartbeatMs: 1, logger: log.logger });
    const conversations = Array.from({ length: 20 }, (_, i) => `renew-${i}-${randomUUID().slice(0, 4)}`);
    await Promise.all(
      conversations.map(async (c) => {
        for (let k = 0; k < 10; k++) await (await a.adapter.send(message(c, `m ${k}`))).done;
      }),
    );
    expect(conversations.flatMap((c) => a.adapter.sent(c))).toHaveLength(200);
    expect(leaseLost(log)).toEqual([]);
  });

  it('report a lease lost while the turn is still running', async () => {
    const log = captureLog('warn');
    const prefix = uniquePrefix('renew');
    const slow = gate();
    const started = gate();
    const a = await startProc(prefix, { heartbeatMs: 20, logger: log.logger, hold: () => (started.open(), slow.opened) });
    const c = `stolen-${randomUUID().slice(0, 6)}`;
    await a.adapter.send(message(c, 'm slow'));
    await started.opened;
    // Someone else holds the conversation now (as after an expiry and a takeover).
    const redis = a.app.stores.redis!;
    const [leaseKey] = await redis.keys(`${prefix}*${c}*:lease`);
    await redis.set(leaseKey!, 'another-process|999');
    await log.waitFor((l) => l.code === 'LEASE_LOST');
    slow.open();
    await eventually(
      () => metric(a, 'balie_fenced_writes_total'),
      (n) => n === 1,
    );
    expect(leaseLost(log).length).toBeGreaterThanOrEqual(1);
  });
});

describe('Redis going away and coming back', () => {
  let server: RedisProcess | undefined;
  afterEach(async () => {
    await Promise.allSettled(running.splice(0).map((p) => p.app.stop()));
    await server?.stop();
  });

  it('refuses messages with STORAGE_UNAVAILABLE while Redis is down, and takes them again when it returns', async () => {
    server = await startRedisServer();
    const prefix = uniquePrefix('down');
    const a = await startProc(prefix, { url: server.url });
    const c = `down-${randomUUID().slice(0, 6)}`;
    await (
      await a.adapter.send(message(c, 'm before'))
    ).done;
    await server.stop();

    await expect(a.adapter.send(message(c, 'm during'), 'native-during')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect((await a.app.readiness()).ready).toBe(false);

    server = await startRedisServer([], { port: server.port });
    // The platform retries the refused message until balie takes it.
    const accepted = await eventually(
      () => a.adapter.send(message(c, 'm during'), 'native-during').catch((err: { code?: string }) => err.code),
      (r) => typeof r === 'object' && r.status === 'accepted',
    );
    await (accepted as SubmitResult).done;
    expect(
      await eventually(
        () => lines(a, c),
        (l) => l.includes('echo m during'),
      ),
    ).toEqual(['m during', 'echo m during']);
    expect(a.adapter.sent(c).map((r) => r.text)).toEqual(['echo m before', 'echo m during']);
  });
});

describe('graceful shutdown', () => {
  it('stops taking messages, finishes the running turn and hands the rest of the conversation to another process at once', async () => {
    const prefix = uniquePrefix('shutdown');
    const slow = gate();
    const started = gate();
    // Leases far longer than the test: only a hand-over lets B continue in time.
    const a = await startProc(prefix, { leaseMs: 60_000, hold: (text) => (text === 'm 0' ? (started.open(), slow.opened) : undefined) });
    const b = await startProc(prefix, { leaseMs: 60_000 });
    const c = `stop-${randomUUID().slice(0, 6)}`;
    for (const k of [0, 1, 2]) await a.adapter.send(message(c, `m ${k}`));
    await started.opened;

    const stopping = a.app.stop();
    await expect(a.adapter.send(message(c, 'm late'))).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    expect((await a.app.readiness()).ready).toBe(false);
    slow.open();
    await stopping;
    expect(
      await eventually(
        () => lines(b, c),
        (l) => l.length >= 6,
      ),
    ).toEqual(['m 0', 'echo m 0', 'm 1', 'echo m 1', 'm 2', 'echo m 2']);
    expect(a.adapter.sent(c).map((r) => r.text)).toEqual(['echo m 0']);
    expect(b.adapter.sent(c).map((r) => r.text)).toEqual(['echo m 1', 'echo m 2']);
  });

  it('gives up a turn that outlasts the grace period, so another process answers it without waiting for the lease', async () => {
    const prefix = uniquePrefix('shutdown');
    const stuck = gate();
    const started = gate();
    const a = await startProc(prefix, { leaseMs: 60_000, graceSeconds: 0.2, hold: () => (started.open(), stuck.opened) });
    const b = await startProc(prefix, { leaseMs: 60_000 });
    const c = `grace-${randomUUID().slice(0, 6)}`;
    await a.adapter.send(message(c, 'm stuck'));
    await started.opened;
    await a.app.stop();
    expect(
      await eventually(
        () => lines(b, c),
        (l) => l.length >= 2,
      ),
    ).toEqual(['m stuck', 'echo m stuck']);
    stuck.open();
  });
});
