import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/core/pacer.js';
import { createMemorySendPace, type SendPace } from '../../src/core/send-pace.js';

function counted(shared: boolean) {
  const memory = createMemorySendPace();
  const wants: Record<string, number[]> = {};
  const pace: SendPace = { shared, take: (key, rate, want) => ((wants[key] ??= []).push(want), memory.take(key, rate, want)) };
  return { pace, wants };
}

describe('Pacer (the Slack and WhatsApp Cloud senders’ paces)', () => {
  const wide = { key: 'app', rate: { perSecond: 100, burst: 100 } };

  it('takes the wide bucket in batches on a shared pace, a conversation’s one token at a time', async () => {
    const { pace, wants } = counted(true);
    const pacer = new Pacer(pace);
    for (let i = 0; i < 10; i++) await pacer.wait(wide, { key: `chat:${i}`, rate: { perSecond: 1, burst: 3 } });
    // A tenth of a second's worth (10) in one round trip.
    expect(wants.app).toEqual([10]);
    expect(wants['chat:0']).toEqual([1]);
  });

  it('takes one token at a time from a local pace (a batch would only be dropped)', async () => {
    const { pace, wants } = counted(false);
    const pacer = new Pacer(pace);
    for (let i = 0; i < 3; i++) await pacer.wait(wide, { key: `chat:${i}`, rate: { perSecond: 1, burst: 3 } });
    expect(wants.app).toEqual([1, 1, 1]);
  });

  it('waits for a conversation’s pace', async () => {
    const { pace } = counted(false);
    const pacer = new Pacer(pace);
    const chat = { key: 'channel:C1', rate: { perSecond: 20, burst: 1 } };
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await pacer.wait(wide, chat);
    // Two waits of 50 ms after the burst of one (timers may fire a hair early).
    expect(performance.now() - t0).toBeGreaterThanOrEqual(95);
  });

  it('stops waiting with SHUTTING_DOWN when its signal aborts', async () => {
    const { pace } = counted(false);
    const pacer = new Pacer(pace);
    const chat = { key: 'to:x', rate: { perSecond: 1 / 6, burst: 1 } };
    await pacer.wait(wide, chat);
    const stop = new AbortController();
    const waiting = pacer.wait(wide, chat, stop.signal);
    stop.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});
