import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisStores } from '../../../src/core/stores.js';
import { createLogger } from '../../../src/core/logger.js';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { eventually, startTelegramBalie, textUpdate, type TelegramBalie } from './harness.js';

// Two balie processes behind one load balancer, sharing Redis: Telegram's retry of an update may
// land on the other process, and must still be answered once.
let fake: FakeTelegram;
let a: TelegramBalie;
let b: TelegramBalie;

beforeAll(async () => {
  fake = await startFakeTelegram();
  const prefix = uniquePrefix('telegram');
  const stores = () => createRedisStores({ url: testRedisUrl(), prefix, logger: createLogger({ level: 'silent' }) });
  a = await startTelegramBalie({}, { fake, stores: await stores() });
  b = await startTelegramBalie({}, { fake, stores: await stores() });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await fake?.close();
});

it('answers an update redelivered to another process once', async () => {
  const chat = 7_100_001;
  const update = textUpdate(chat, 'hello');
  expect((await a.post(update)).status).toBe(200);
  expect((await b.post(update)).status).toBe(200);
  expect((await a.post(update)).status).toBe(200);
  await eventually(
    () => fake.sentTo(chat),
    (s) => s.length >= 1,
  );
  await new Promise((r) => setTimeout(r, 200));
  expect(fake.sentTo(chat)).toHaveLength(1);
});
