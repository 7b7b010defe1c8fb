import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { ConversationState, TurnContext, UserState } from 'botbuilder';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import type { SubmitResult } from '../../../src/core/ingress.js';
import { createLogger } from '../../../src/core/logger.js';
import { RedisStateStorage } from '../../../src/core/storage/redis-storage.js';
import { TurnBatchingStorage } from '../../../src/core/storage/turn-batching.js';
import { createRedisStores } from '../../../src/core/stores.js';
import { TestChannelAdapter, defaultTestConfig } from '../../../src/testing/test-chat.js';
import { startRedisServer, type RedisProcess } from '../../support/redis-server.js';

// A private server, so no other test's commands show up in INFO commandstats.
let server: RedisProcess;
let client: Redis;
let observer: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
  observer = new Redis(server.url);
});
afterAll(async () => {
  client.disconnect();
  observer.disconnect();
  await server.stop();
});

async function commandCounts(): Promise<Record<string, number>> {
  const info = await observer.info('commandstats');
  const counts: Record<string, number> = {};
  for (const [, name, calls] of info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) counts[name!] = Number(calls);
  return counts;
}

/** Commands Redis ran between two snapshots, without the observer's own INFO. */
function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(after)) if (name !== 'info' && n - (before[name] ?? 0) > 0) out[name] = n - (before[name] ?? 0);
  return out;
}

it('a turn that changes conversation and user state costs one MGET and one script call on Redis', async () => {
  const storage = new TurnBatchingStorage(new RedisStateStorage({ client, prefix: 'rt:' }));
  const conversation = new ConversationState(storage);
  const user = new UserState(storage);
  const dialog = conversation.createProperty<{ step: number }>('dialog');
  const profile = user.createProperty<{ visits: number }>('profile');
  const adapter = { sendActivities: async () => [] } as never;
  const turn = async () => {
    const context = new TurnContext(adapter, { type: 'message', channelId: 'telegram', conversation: { id: '42' }, from: { id: '7' }, recipient: { id: 'bot' } } as never);
    await storage.runTurn([conversation.getStorageKey(context)!, user.getStorageKey(context)!], async () => {
      const d = await dialog.get(context, { step: 0 });
      const p = await profile.get(context, { visits: 0 });
      await dialog.set(context, { step: d.step + 1 });
      await profile.set(context, { visits: p.visits + 1 });
      await conversation.saveChanges(context);
      await user.saveChanges(context);
    });
  };
  await turn(); // loads the script into Redis
  const before = await commandCounts();
  await turn();
  await turn();
  const after = await commandCounts();
  const d = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  expect(d('mget')).toBe(2);
  expect(d('evalsha') + d('eval')).toBe(2);
  // SET and GETRANGE run inside the script (Redis counts them too); nothing else may be sent.
  const others = Object.keys(after).filter((k) => !['mget', 'evalsha', 'eval', 'info', 'set', 'getrange'].includes(k) && d(k) > 0);
  expect(others).toEqual([]);
});

/** A channel whose sends can be fired without waiting for the turn (a burst). */
class BurstAdapter extends TestChannelAdapter {
  async send(activity: Partial<Activity>, nativeId: string): Promise<SubmitResult> {
    const result = await this.receive(activity, nativeId);
    if (result.status === 'rate-limited') throw new Error('rate limited');
    return result;
  }
}

describe('a whole bot turn through the ingress (handoff queue configured, as shipped)', () => {
  let app: App;
  let adapter: BurstAdapter;
  /** Writes on the app's Redis socket: each one is a request flush, i.e. a round trip. */
  let flushes = 0;

  beforeAll(async () => {
    const logger = createLogger({ level: 'silent' });
    const stores = await createRedisStores({ url: server.url, prefix: 'rt-app:', logger });
    adapter = new BurstAdapter('test');
    // Not started: no timers (handoff ticks, the inbox sweeper) talk to Redis during the measurement.
    app = await createApp(defaultTestConfig({ REDIS_URL: server.url, BALIE_REDIS_PREFIX: 'rt-app:' }), { logger, stores, adapters: [adapter], platformAdapters: false });
    const socket = (stores.redis as Redis & { stream: { write: (...args: unknown[]) => boolean } }).stream;
    const write = socket.write.bind(socket);
    socket.write = (...args: unknown[]) => {
      flushes++;
      return write(...args);
    };
  });
  afterAll(() => app.stop());

  const message = (conversation: string, text: string): Partial<Activity> => ({
    type: 'message',
    text,
    from: { id: `u-${conversation}`, name: 'Klant', role: 'user' },
    conversation: { id: conversation } as Activity['conversation'],
  });

  async function measure(fn: () => Promise<void>) {
    const before = await commandCounts();
    flushes = 0;
    await fn();
    const roundTrips = flushes;
    const commands = delta(before, await commandCounts());
    return { roundTrips, commands };
  }

  it('costs two round trips: one pipeline in (store, lease, read state and handoff case), one script out', async () => {
    const conversation = `rt-${randomUUID().slice(0, 6)}`;
    await adapter.customerSays(message(conversation, 'hallo'), randomUUID()); // loads the scripts
    const { roundTrips, commands } = await measure(async () => {
      await adapter.customerSays(message(conversation, 'Wat kost verzending?'), randomUUID());
    });
    expect(adapter.sent(conversation).at(-1)?.text).toMatch(/verzend|4,95/i);
    expect(roundTrips).toBe(2);
    // Two scripts (append, commit) and the due-set hint; what the scripts run inside is counted too.
    expect((commands.evalsha ?? 0) + (commands.eval ?? 0)).toBe(2);
    expect(commands.zadd).toBe(1);
    // State and the handoff case were read inside the append script: no reads of their own.
    expect(commands.mget).toBeUndefined();
    const total = Object.values(commands).reduce((a, b) => a + b, 0);
    console.info(`plain bot turn: ${roundTrips} round trips, ${total} Redis commands (${JSON.stringify(commands)})`);
  });

  it('runs a burst of one conversation at two round trips per message, reading the state only once', async () => {
    const conversation = `burst-${randomUUID().slice(0, 6)}`;
    await adapter.customerSays(message(conversation, 'hallo'), randomUUID());
    const texts = ['Wat kost verzending?', 'Hoe lang duurt de levering?', 'Kan ik retourneren?'];
    const { roundTrips, commands } = await measure(async () => {
      const results = await Promise.all(texts.map((t) => adapter.send(message(conversation, t), randomUUID())));
      await Promise.all(results.map((r) => r.done));
    });
    expect(adapter.sent(conversation).length).toBeGreaterThanOrEqual(1 + texts.length);
    expect(roundTrips).toBe(2 * texts.length);
    expect(commands.mget ?? 0).toBe(0);
    const total = Object.values(commands).reduce((a, b) => a + b, 0);
    console.info(
      `burst of ${texts.length}: ${roundTrips / texts.length} round trips and ${(total / texts.length).toFixed(1)} Redis commands per message (${JSON.stringify(commands)})`,
    );
  });

  it('shows a web chat turn live with one write more: the transcript lines are published together after the commit', async () => {
    const webchat = app.adapter('webchat')! as unknown as { receive(a: Partial<Activity>, id: string): Promise<SubmitResult> };
    const conversation = `wc${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    await (
      await webchat.receive(message(conversation, 'hallo'), randomUUID())
    ).done;
    const { roundTrips, commands } = await measure(async () => {
      await (
        await webchat.receive(message(conversation, 'Wat kost verzending?'), randomUUID())
      ).done;
    });
    expect(roundTrips).toBe(3);
    expect(commands.publish).toBe(2);
    console.info(`web chat turn: ${roundTrips} round trips (2 for the turn, 1 to show it live), commands ${JSON.stringify(commands)}`);
  });

  it('answers a redelivery with one round trip and no turn', async () => {
    const conversation = `dup-${randomUUID().slice(0, 6)}`;
    const id = randomUUID();
    await adapter.customerSays(message(conversation, 'Wat kost verzending?'), id);
    const replies = adapter.sent(conversation).length;
    let status: string | undefined;
    const { roundTrips, commands } = await measure(async () => {
      status = await adapter.customerSays(message(conversation, 'Wat kost verzending?'), id);
    });
    expect(status).toBe('duplicate');
    expect(adapter.sent(conversation).length).toBe(replies);
    expect(roundTrips).toBe(1);
    console.info(`duplicate: ${roundTrips} round trip, commands ${JSON.stringify(commands)}`);
  });
});
