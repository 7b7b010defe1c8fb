import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boltLogger } from '../../../src/adapters/slack/bolt-logger.js';
import { UserDirectory } from '../../../src/adapters/slack/users.js';
import { createLogger } from '../../../src/core/logger.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { BOT_TOKEN } from './driver.js';

let fake: FakeSlack;
let client: webApi.WebClient;
const lookups = (user: string) => fake.callsTo('users.info').filter((c) => c.args.user === user).length;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN });
  client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: boltLogger(createLogger({ level: 'silent' })) });
  for (const id of ['U0A', 'U0B', 'U0C']) fake.addUser({ id, name: id.toLowerCase(), displayName: `Person ${id}`, realName: `Real ${id}`, locale: 'nl-NL' });
  fake.addUser({ id: 'U0NODISPLAY', name: 'jdoe', realName: 'Jan Doe' });
});
afterAll(() => fake.close());

describe('Slack display names', () => {
  it("uses the display name, then the real name, and the user's locale", async () => {
    const users = new UserDirectory(() => client);
    expect(await users.lookup('U0A')).toEqual({ name: 'Person U0A', locale: 'nl-NL' });
    expect((await users.lookup('U0NODISPLAY')).name).toBe('Jan Doe');
  });

  it('asks Slack once per person, even for lookups at the same moment', async () => {
    const users = new UserDirectory(() => client);
    const before = lookups('U0B');
    await Promise.all([users.lookup('U0B'), users.lookup('U0B'), users.lookup('U0B')]);
    await users.lookup('U0B');
    expect(lookups('U0B') - before).toBe(1);
  });

  it('stays within its size, forgetting the least recently used person', async () => {
    const users = new UserDirectory(() => client, { maxEntries: 2 });
    const before = { a: lookups('U0A'), c: lookups('U0C') };
    await users.lookup('U0A');
    await users.lookup('U0B');
    await users.lookup('U0A'); // A is now the most recently used
    await users.lookup('U0C'); // evicts B
    expect(users.size).toBe(2);
    await users.lookup('U0A');
    expect(lookups('U0A') - before.a).toBe(1);
    expect(lookups('U0C') - before.c).toBe(1);
  });

  it('asks again after the cache time, and does not remember failures', async () => {
    let now = 0;
    const users = new UserDirectory(() => client, { ttlMs: 1000, now: () => now });
    const before = lookups('U0C');
    await users.lookup('U0C');
    now = 1001;
    await users.lookup('U0C');
    expect(lookups('U0C') - before).toBe(2);

    await expect(users.lookup('U0NOBODY')).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    fake.addUser({ id: 'U0NOBODY', name: 'late', displayName: 'Late Joiner' });
    expect((await users.lookup('U0NOBODY')).name).toBe('Late Joiner');
  });
});
