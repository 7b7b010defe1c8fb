import { afterEach, describe, expect, it } from 'vitest';
import { FakeWhatsAppWeb } from '../../support/fake-whatsapp-client.js';
import { eventually, startWhatsappBalie, type WhatsappTestBalie } from './harness.js';
import { ManualTimers } from './manual-timers.js';

describe('the WhatsApp Web connection', () => {
  let running: WhatsappTestBalie | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const start = async (world = new FakeWhatsAppWeb(), waitReady = true) => {
    const timers = new ManualTimers();
    running = await startWhatsappBalie({ world, waitReady, adapter: { timers, reconnect: { baseDelayMs: 1000, maxDelayMs: 5000 } } });
    return { timers, world, adapter: running.adapter };
  };

  it('after "disconnected" builds a NEW client after a backoff, and answers again', async () => {
    const { timers, world, adapter } = await start();
    const first = world.client;
    world.disconnect('CONFLICT');
    await eventually(() => first.destroyed, Boolean, 'the old client to be destroyed');
    expect(adapter.status()).toMatchObject({ ready: false, detail: expect.stringContaining('disconnected (CONFLICT); trying again in 1 s') });
    expect(world.clients).toHaveLength(1);
    expect(timers.delays()).toEqual([1000]);

    timers.fireNext();
    await eventually(() => adapter.status().ready, Boolean, 'the new client to be ready');
    expect(world.clients).toHaveLength(2);
    expect(world.client).not.toBe(first);

    // Messages reach the adapter through the new client, and the answer goes out through it.
    world.customerSays('447700900201@c.us', 'hello');
    await eventually(
      () => world.sentTo('447700900201@c.us'),
      (s) => s.length === 1,
      'an answer',
    );
    // The old client is no longer listened to.
    expect(first.listenerCount('message')).toBe(0);
  });

  it('backs off exponentially up to the cap while starting fails, and starts over once ready', async () => {
    const world = new FakeWhatsAppWeb();
    const { timers, adapter } = await start(world);
    world.initializeErrors.push(...Array.from({ length: 5 }, () => new Error('Failed to launch the browser process!')));
    world.disconnect();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await eventually(
        () => timers.delays(),
        (d) => d.length === 1,
        'a reconnect timer',
      );
      delays.push(timers.fireNext());
      await eventually(
        () => world.clients.length,
        (n) => n === i + 2,
        'a new client',
      );
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
    await eventually(
      () => timers.delays(),
      (d) => d.length === 1,
      'a reconnect timer',
    );
    expect(adapter.status().detail).toContain('did not start: Failed to launch the browser process!');

    timers.fireNext();
    await eventually(() => adapter.status().ready, Boolean, 'ready');
    world.disconnect();
    await eventually(
      () => timers.delays(),
      (d) => d.length === 1,
      'a reconnect timer',
    );
    expect(timers.delays()).toEqual([1000]);
  });

  it('auth_failure: not ready, says so, and a new client brings a new QR code', async () => {
    const world = new FakeWhatsAppWeb();
    const { timers, adapter } = await start(world);
    world.pairing = 'qr';
    world.client.emit('auth_failure', 'Unable to log in. Are the session details valid?');
    expect(adapter.status()).toMatchObject({ ready: false, detail: expect.stringMatching(/^WhatsApp auth failure: WhatsApp did not accept the stored session/) });
    expect(adapter.session.state.state).toBe('auth_failure');

    timers.fireNext();
    await eventually(
      () => adapter.session.state.state,
      (s) => s === 'qr',
      'a QR code',
    );
    expect(adapter.status()).toEqual({ ready: false, detail: 'WhatsApp qr: waiting for the QR code to be scanned (open /whatsapp/qr)' });
    world.scan();
    expect(adapter.status().ready).toBe(true);
  });

  it('stop() destroys the client and leaves no reconnect pending', async () => {
    const { timers, world } = await start();
    world.disconnect();
    await running!.stop();
    running = undefined;
    expect(world.clients.every((c) => c.destroyed)).toBe(true);
    expect(timers.delays()).toEqual([]);
  });
});
