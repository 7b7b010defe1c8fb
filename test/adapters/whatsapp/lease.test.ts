import { TurnContext } from 'botbuilder';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SessionLease } from '../../../src/adapters/whatsapp/lease.js';
import { realTimers } from '../../../src/adapters/whatsapp/timers.js';
import { createLogger } from '../../../src/core/logger.js';
import { createRedisStores } from '../../../src/core/stores.js';
import { testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { FakeWhatsAppWeb } from '../../support/fake-whatsapp-client.js';
import { eventually, startWhatsappBalie, type WhatsappTestBalie } from './harness.js';

const logger = createLogger({ level: 'silent' });
// Generous against a busy CI machine: a process starved of CPU for longer than the lease loses it.
const lease = { ttlMs: 2000, renewMs: 300, retryMs: 40 };

describe('one WhatsApp session across processes (Redis lease)', () => {
  const running: WhatsappTestBalie[] = [];
  afterEach(async () => {
    await Promise.allSettled(running.splice(0).map((r) => r.stop()));
  });

  /** One balie process with its own browser (world) on the shared Redis. */
  const process = async (prefix: string, name: string) => {
    const stores = await createRedisStores({ url: testRedisUrl(), prefix, logger });
    const world = new FakeWhatsAppWeb();
    const r = await startWhatsappBalie({
      world,
      waitReady: false,
      balie: { stores },
      adapter: { lease, processId: name, send: { baseDelayMs: 5, maxDelayMs: 20, relayTimeoutMs: 5000 } },
    });
    running.push(r);
    return r;
  };
  const holderOf = (...ps: WhatsappTestBalie[]) => ps.filter((p) => p.adapter.session.state.state === 'ready');

  it('only one process starts WhatsApp Web; when it stops, the other takes over', async () => {
    const prefix = uniquePrefix('wa-lease');
    const a = await process(prefix, 'process-a');
    const b = await process(prefix, 'process-b');
    await eventually(
      () => holderOf(a, b).length,
      (n) => n === 1,
      'one holder',
    );
    // Give the other a few retry rounds: it must stay on standby.
    await new Promise((r) => setTimeout(r, 200));
    const [holder, standby] = holderOf(a, b)[0] === a ? [a, b] : [b, a];
    expect(holder.world.initializeCalls).toBe(1);
    expect(standby.world.initializeCalls).toBe(0);
    expect(standby.adapter.status()).toEqual({ ready: true, detail: 'standby: another process runs the WhatsApp session' });
    expect(standby.adapter.session.state.state).toBe('standby');

    await holder.stop();
    running.splice(running.indexOf(holder), 1);
    await eventually(
      () => standby.adapter.session.state.state,
      (s) => s === 'ready',
      'the other process to take over',
    );
    expect(standby.world.initializeCalls).toBe(1);
    standby.world.customerSays('447700900701@c.us', 'hello');
    await eventually(
      () => standby.world.sentTo('447700900701@c.us'),
      (s) => s.length === 1,
      'an answer from the new holder',
    );
  });

  it('a holder that finds its lease taken closes its browser at once', async () => {
    const prefix = uniquePrefix('wa-lease');
    const a = await process(prefix, 'process-a');
    await eventually(
      () => a.adapter.session.state.state,
      (s) => s === 'ready',
      'a to hold the session',
    );
    const redis = new Redis(testRedisUrl());
    try {
      await redis.set(`${prefix}whatsapp:lease`, 'process-elsewhere', 'PX', 60_000);
      await eventually(() => a.world.client.destroyed, Boolean, 'the client to be destroyed');
      expect(a.adapter.session.state).toMatchObject({ state: 'standby', detail: expect.stringContaining('lease lost (taken)') });
      // Its shared status is not overwritten by a process that no longer holds the lease.
      expect(JSON.parse((await redis.get(`${prefix}whatsapp:pairing`))!).snapshot.state).toBe('ready');
    } finally {
      await redis.quit();
    }
  });

  it('a process without the session hands its messages to the one that has it', async () => {
    const prefix = uniquePrefix('wa-lease');
    const a = await process(prefix, 'process-a');
    await eventually(
      () => a.adapter.session.state.state,
      (s) => s === 'ready',
      'a to hold the session',
    );
    const b = await process(prefix, 'process-b');
    const chat = '447700900702@c.us';
    const context = new TurnContext(b.adapter, {
      type: 'event',
      channelId: 'whatsapp',
      conversation: { id: chat, isGroup: false, conversationType: 'personal', name: 'WhatsApp' },
      from: { id: chat, name: 'Alex' },
      recipient: { id: 'bot', name: 'bot' },
    });
    await b.adapter.sendActivities(context, [
      { type: 'message', conversation: context.activity.conversation, text: 'Your parcel left our warehouse', from: { id: 'agent:sanne', name: 'Sanne', role: 'agent' } },
      {
        type: 'message',
        conversation: context.activity.conversation,
        text: 'Anything else?',
        suggestedActions: {
          to: [],
          actions: [
            { type: 'imBack', title: 'Yes', value: 'yes' },
            { type: 'imBack', title: 'No', value: 'no' },
          ],
        },
      },
    ]);
    expect(a.world.sentTo(chat).map((s) => s.text)).toEqual(['*Sanne*: Your parcel left our warehouse', 'Anything else?\n\n1. Yes\n2. No']);
    expect(b.world.clients).toHaveLength(0);

    // The holder understands "2" against the options that process b offered (they are in Redis).
    a.world.customerSays(chat, '2');
    const [entry] = await eventually(
      async () => (await a.balie.app.stores.transcripts.list(`whatsapp:${chat}`)).filter((e) => e.direction === 'in'),
      (e) => e.length === 1,
      'the answer in the transcript',
    );
    expect(entry!.text).toBe('No');

    // A refusal at the holder comes back to the sender as the same error.
    a.world.failNextSends(new Error('Evaluation failed: Error: wid error: invalid wid'));
    await expect(b.adapter.sendActivities(context, [{ type: 'message', conversation: context.activity.conversation, text: 'x' }])).rejects.toMatchObject({
      code: 'PLATFORM_REFUSED',
    });
  });

  it('the QR page of a standby process shows what the holder reports', async () => {
    const prefix = uniquePrefix('wa-lease');
    const a = await process(prefix, 'process-a');
    await eventually(
      () => a.adapter.session.state.state,
      (s) => s === 'ready',
      'a to hold the session',
    );
    const b = await process(prefix, 'process-b');
    const status = await (await fetch(`${b.balie.url}/whatsapp/qr?format=json`)).json();
    expect(status).toMatchObject({ state: 'ready', standby: true, holder: 'process-a' });
    const html = await (await fetch(`${b.balie.url}/whatsapp/qr`)).text();
    expect(html).toContain('another balie process (process-a) runs the WhatsApp session');
  });
});

describe('SessionLease', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('is renewed while held, given up when someone else has it, and released with compare-and-delete', async () => {
    const key = `${uniquePrefix('wa-lease')}whatsapp:lease`;
    const events: string[] = [];
    const make = (owner: string) =>
      new SessionLease({
        redis,
        key,
        owner,
        ...lease,
        timers: realTimers(),
        logger,
        onAcquired: () => events.push(`${owner} acquired`),
        onLost: (reason) => events.push(`${owner} lost (${reason})`),
      });
    const first = make('one');
    first.start();
    await eventually(() => first.isHeld(), Boolean, 'the lease');
    // Renewed: still held well after one TTL.
    await new Promise((r) => setTimeout(r, lease.ttlMs * 2));
    expect(first.isHeld()).toBe(true);
    expect(await redis.pttl(key)).toBeGreaterThan(0);

    // Someone else got it (e.g. after a long pause): the next renewal notices.
    await redis.set(key, 'intruder', 'PX', 60_000);
    await eventually(
      () => events,
      (e) => e.includes('one lost (taken)'),
      'the loss',
    );
    expect(first.isHeld()).toBe(false);
    await first.stop();
    expect(await redis.get(key)).toBe('intruder');

    await redis.del(key);
    const second = make('two');
    second.start();
    await eventually(() => second.isHeld(), Boolean, 'the lease for two');
    await second.stop();
    expect(await redis.exists(key)).toBe(0);
    expect(events).toEqual(['one acquired', 'one lost (taken)', 'two acquired']);
  });
});
