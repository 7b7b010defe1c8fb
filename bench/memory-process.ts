/**
 * Heap held per idle conversation (run by bench/scenarios/memory.ts with --expose-gc): balie in
 * this process on Redis stores; `count` customers each send one message (the dialog asks a
 * question and waits), then everything is collected and the heap is compared with before. The
 * customers come in `slices` equal groups with a measurement after each, so one run gives that
 * many figures (each over its own new conversations, the last with all `count` held).
 */
import { post } from './lib/drivers.js';
import { startBenchBalie, BENCH_WEBHOOK_SECRET } from './lib/balie-node.js';
import { startLeanTelegram } from './lib/fake-telegram.js';

const { redisUrl, count, slices = 1 } = JSON.parse(process.argv[2] ?? '{}') as { redisUrl: string; count: number; slices?: number };
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const telegram = await startLeanTelegram();
const balie = await startBenchBalie({ redisUrl, prefix: `bench:mem:${Date.now()}:`, telegramApiRoot: telegram.apiRoot });
let replies = 0;
telegram.onReply = () => replies++;

const send = (i: number) =>
  post(
    `${balie.url}/webhooks/telegram`,
    JSON.stringify({
      update_id: i + 1,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 5_000_000 + i, type: 'private', first_name: 'Klant' },
        from: { id: 5_000_000 + i, is_bot: false, first_name: 'Klant', language_code: 'en' },
        text: 'start',
      },
    }),
    { 'x-telegram-bot-api-secret-token': BENCH_WEBHOOK_SECRET },
  );

// Warm up (JIT, pools, first-use caches) on conversations that are counted in neither figure.
for (let i = 0; i < 500; i++) await send(count + i);
while (replies < 500) await new Promise((r) => setTimeout(r, 10));
const settle = async () => {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage().heapUsed;
};
const before = await settle();
let next = 0;
let last = before;
const perSlice: number[] = [];
for (let s = 1; s <= slices; s++) {
  const end = Math.round((count * s) / slices);
  const from = next;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < end) await send(next++);
    }),
  );
  while (replies < end + 500) await new Promise((r) => setTimeout(r, 20));
  // Let timers that belong to finished turns run out before measuring.
  await new Promise((r) => setTimeout(r, 1500));
  const now = await settle();
  perSlice.push((now - last) / (end - from));
  last = now;
}
process.stdout.write(`${JSON.stringify({ bytesPerConversation: (last - before) / count, perSlice, before, after: last })}\n`);
await balie.stop();
await telegram.close();
process.exit(0);
