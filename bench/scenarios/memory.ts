import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchContext, Row } from '../lib/report.js';
import { summarise } from '../lib/stats.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface Measured {
  bytesPerConversation: number;
  perSlice: number[];
}

function measure(ctx: BenchContext, count: number, slices: number): Promise<Measured> {
  const child = ctx.children.spawn(
    'memory-process',
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/memory-process.ts', JSON.stringify({ redisUrl: ctx.redisUrl, count, slices })],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', (line) => ok(JSON.parse(line) as Measured));
    child.once('exit', (code) => fail(new Error(`the memory run exited with ${code} before it reported`)));
  });
}

/**
 * Heap per idle conversation with many conversations held, on Redis stores. One process takes
 * 100,000 conversations in three slices and measures after each: three figures, each over a third
 * of the conversations, the last with all 100,000 held (three separate 100,000-conversation runs
 * would take most of the benchmark's time budget for the same answer).
 */
export async function memory(ctx: BenchContext): Promise<Row[]> {
  const count = ctx.quick ? 2000 : 100_000;
  const slices = ctx.quick ? 1 : ctx.repeats;
  const result = await measure(ctx, count, slices);
  const runs = summarise(result.perSlice);
  return [
    {
      id: 'memory.per-conversation',
      label: `Heap per idle conversation (${count.toLocaleString('en-US')} held, Redis stores)`,
      unit: 'bytes',
      ...runs,
      target: { op: '<=', value: 1024 },
      note: `median of ${slices} slices of ${Math.round(count / slices).toLocaleString('en-US')}; over all ${count.toLocaleString('en-US')}: ${Math.round(result.bytesPerConversation)} bytes`,
    },
  ];
}
