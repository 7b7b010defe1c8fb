import { describe, expect, it } from 'vitest';
import { BatchedTokens, type SendPace } from '../../src/core/send-pace.js';

export interface PaceHarness {
  /** Two handles on the same buckets (two processes; one and the same in memory). */
  pace: SendPace;
  peer: SendPace;
  /** Moves the injected clock. */
  advance(ms: number): void;
  now(): number;
  close(): Promise<void>;
}

/** What every SendPace must do: the memory one and the shared one on real Redis. */
export function sendPaceContract(name: string, make: () => Promise<PaceHarness>): void {
  describe(`send pace contract: ${name}`, () => {
    const rate = { perSecond: 10, burst: 5 };

    it('grants the burst at once, then nothing, and says when the next token is due', async () => {
      const h = await make();
      try {
        expect(await h.pace.take('bot:a', rate, 3)).toEqual({ granted: 3, waitMs: 0 });
        expect(await h.pace.take('bot:a', rate, 3)).toEqual({ granted: 2, waitMs: 0 });
        const empty = await h.pace.take('bot:a', rate, 1);
        expect(empty.granted).toBe(0);
        expect(empty.waitMs).toBe(100);
        h.advance(99);
        expect((await h.pace.take('bot:a', rate, 1)).granted).toBe(0);
        h.advance(1);
        expect(await h.pace.take('bot:a', rate, 1)).toEqual({ granted: 1, waitMs: 0 });
      } finally {
        await h.close();
      }
    });

    it('refills at the rate and never above the burst', async () => {
      const h = await make();
      try {
        await h.pace.take('bot:b', rate, 5);
        h.advance(250);
        expect((await h.pace.take('bot:b', rate, 10)).granted).toBe(2);
        h.advance(60_000);
        expect((await h.pace.take('bot:b', rate, 10)).granted).toBe(5);
      } finally {
        await h.close();
      }
    });

    it('keeps buckets apart by key', async () => {
      const h = await make();
      try {
        expect((await h.pace.take('bot:c', rate, 5)).granted).toBe(5);
        expect((await h.pace.take('bot:d', rate, 5)).granted).toBe(5);
      } finally {
        await h.close();
      }
    });

    it('is one bucket for every handle: two takers together get the rate, not twice it', async () => {
      const h = await make();
      try {
        let granted = 0;
        for (let step = 0; step < 20; step++) {
          granted += (await h.pace.take('bot:e', rate, 2)).granted;
          granted += (await h.peer.take('bot:e', rate, 2)).granted;
          h.advance(100);
        }
        // 2 s at 10/s plus the burst of 5 (the last step's refill is not taken).
        expect(granted).toBeLessThanOrEqual(5 + 20);
        expect(granted).toBeGreaterThanOrEqual(5 + 19);
      } finally {
        await h.close();
      }
    });

    it('batched: spends its batch without asking again, and drops what it held too long', async () => {
      const h = await make();
      try {
        const calls: number[] = [];
        const counting: SendPace = { shared: h.pace.shared, take: (k, r, w) => (calls.push(w), h.pace.take(k, r, w)) };
        const tokens = new BatchedTokens(counting, 'bot:f', rate, { batch: 3, holdMs: 50 }, () => h.now());
        expect(await tokens.take(h.now())).toBe(0);
        expect(tokens.take(h.now())).toBe(0);
        expect(tokens.take(h.now())).toBe(0);
        expect(calls).toEqual([3]);
        expect(await tokens.take(h.now())).toBe(0);
        // The bucket had 2 left: one more is held, but grows stale and is dropped; the next take
        // asks the bucket again (which refilled one token in the 100 ms).
        h.advance(100);
        expect(await tokens.take(h.now())).toBe(0);
        expect(calls).toEqual([3, 3, 3]);
      } finally {
        await h.close();
      }
    });
  });
}
