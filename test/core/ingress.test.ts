import { describe, expect, it } from 'vitest';
import { Ingress } from '../../src/core/ingress.js';
import { createLogger } from '../../src/core/logger.js';
import { createMetrics } from '../../src/core/metrics.js';
import { createMemoryInbox } from '../../src/core/inbox-memory.js';
import { MemoryStateStorage } from '../../src/core/storage/memory-storage.js';
import { MemoryTranscriptStore } from '../../src/core/storage/transcript.js';

function ingress() {
  const metrics = createMetrics();
  const transcripts = new MemoryTranscriptStore();
  const inbox = createMemoryInbox({ state: new MemoryStateStorage(), transcripts });
  return {
    metrics,
    ingress: new Ingress({ inbox, transcripts, metrics, logger: createLogger({ level: 'silent' }), dedupeTtlSeconds: 60 }),
  };
}

const activity = (conversation: string, text: string) => ({ type: 'message', channelId: 'test', conversation: { id: conversation }, text }) as never;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ingress', () => {
  it('runs one turn for a message delivered three times', async () => {
    const { ingress: door, metrics } = ingress();
    let turns = 0;
    const run = async () => void turns++;
    const results = await Promise.all([1, 2, 3].map(() => door.submit({ activity: activity('c1', 'hoi'), nativeId: 'update-7', run })));
    await Promise.all(results.map((r) => r.done));
    expect(results.map((r) => r.status).sort()).toEqual(['accepted', 'duplicate', 'duplicate']);
    expect(turns).toBe(1);
    expect(await metrics.registry.getSingleMetricAsString('balie_messages_duplicate_total')).toContain('channel="test"} 2');
  });

  it('runs the messages of one conversation in order, even when an earlier turn is slower', async () => {
    const { ingress: door } = ingress();
    const log: string[] = [];
    const run = (ms: number) => async (a: { text?: string }) => {
      log.push(`start ${a.text}`);
      await sleep(ms);
      log.push(`end ${a.text}`);
    };
    const first = await door.submit({ activity: activity('c1', 'one'), nativeId: 'a', run: run(40) });
    const second = await door.submit({ activity: activity('c1', 'two'), nativeId: 'b', run: run(1) });
    await Promise.all([first.done, second.done]);
    expect(log).toEqual(['start one', 'end one', 'start two', 'end two']);
  });

  it('runs different conversations side by side', async () => {
    const { ingress: door } = ingress();
    const log: string[] = [];
    const run = (ms: number) => async (a: { text?: string }) => {
      log.push(`start ${a.text}`);
      await sleep(ms);
      log.push(`end ${a.text}`);
    };
    const slow = await door.submit({ activity: activity('c1', 'slow'), nativeId: 'a', run: run(40) });
    const fast = await door.submit({ activity: activity('c2', 'fast'), nativeId: 'b', run: run(1) });
    await Promise.all([slow.done, fast.done]);
    expect(log.indexOf('end fast')).toBeLessThan(log.indexOf('end slow'));
  });

  it('keeps going after a failed turn, counting the error by code', async () => {
    const { ingress: door, metrics } = ingress();
    const ran: string[] = [];
    const bad = await door.submit({
      activity: activity('c1', 'x'),
      nativeId: 'a',
      run: async () => Promise.reject(Object.assign(new Error('boom'), { code: 'PLATFORM_REFUSED' })),
    });
    const good = await door.submit({ activity: activity('c1', 'y'), nativeId: 'b', run: async () => void ran.push('y') });
    await Promise.all([bad.done, good.done]);
    expect(ran).toEqual(['y']);
    expect(await metrics.registry.getSingleMetricAsString('balie_errors_total')).toContain('code="PLATFORM_REFUSED"');
  });

  it('finishes queued turns on drain and then refuses new messages', async () => {
    const { ingress: door } = ingress();
    const done: string[] = [];
    for (const text of ['a', 'b', 'c']) await door.submit({ activity: activity('c1', text), nativeId: text, run: async () => (await sleep(5), void done.push(text)) });
    await door.drain();
    expect(done).toEqual(['a', 'b', 'c']);
    await expect(door.submit({ activity: activity('c1', 'late'), nativeId: 'late', run: async () => {} })).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});
