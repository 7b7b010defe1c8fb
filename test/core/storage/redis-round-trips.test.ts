import { ConversationState, TurnContext, UserState } from 'botbuilder';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisStateStorage } from '../../../src/core/storage/redis-storage.js';
import { TurnBatchingStorage } from '../../../src/core/storage/turn-batching.js';
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
  const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  expect(delta('mget')).toBe(2);
  expect(delta('evalsha') + delta('eval')).toBe(2);
  // SET and GETRANGE run inside the script (Redis counts them too); nothing else may be sent.
  const others = Object.keys(after).filter((k) => !['mget', 'evalsha', 'eval', 'info', 'set', 'getrange'].includes(k) && delta(k) > 0);
  expect(others).toEqual([]);
});
