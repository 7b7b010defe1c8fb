import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWhatsappAdapter, type WhatsappAdapter, type WhatsappAdapterConfig } from '../../../src/adapters/whatsapp/index.js';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie, type TestBalieOptions } from '../../support/app.js';
import { FakeWhatsAppWeb, type RecordedSend } from '../../support/fake-whatsapp-client.js';
import type { ChannelHarness, SentMessage } from '../adapter.contract.js';

export async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what = 'condition'): Promise<T> {
  const until = Date.now() + 8000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What the customer's phone shows, without WhatsApp's markup; numbered options become buttons. */
export function asSeen(send: RecordedSend): SentMessage {
  const lines = send.text.split('\n');
  const buttons: string[] = [];
  // The numbered list at the end: "1. …", "2. …", counting up from 1.
  let start = lines.length;
  while (start > 0 && /^\d+\. /.test(lines[start - 1]!)) start--;
  const listed = lines.slice(start);
  if (listed.length && listed.every((l, i) => l.startsWith(`${i + 1}. `))) {
    buttons.push(...listed.map((l) => l.replace(/^\d+\. /, '')));
    lines.splice(start);
  }
  const text = lines
    .join('\n')
    .trim()
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/(^|[^\p{L}\p{N}])_([^_\n]+)_(?![\p{L}\p{N}])/gu, '$1$2');
  return { text, buttons };
}

export interface WhatsappTestBalie {
  balie: RunningBalie;
  adapter: WhatsappAdapter;
  world: FakeWhatsAppWeb;
  stop(): Promise<void>;
}

/** balie with the WhatsApp adapter on a fake WhatsApp Web, started and (by default) ready. */
export async function startWhatsappBalie(
  options: { adapter?: Partial<WhatsappAdapterConfig>; world?: FakeWhatsAppWeb; balie?: TestBalieOptions; waitReady?: boolean } = {},
): Promise<WhatsappTestBalie> {
  const world = options.world ?? new FakeWhatsAppWeb();
  const sessionDir = mkdtempSync(join(tmpdir(), 'balie-wa-'));
  // With Redis stores the adapter gets what from-config.ts gives it: Redis, the prefix, the bus.
  const stores = options.balie?.stores;
  const shared = stores?.redis ? { redis: stores.redis, prefix: stores.prefix, bus: stores.bus } : {};
  const adapter = createWhatsappAdapter({
    sessionDir,
    clientFactory: world.createClient,
    printQr: () => {},
    send: { baseDelayMs: 5, maxDelayMs: 20 },
    ...shared,
    ...options.adapter,
  });
  const balie = await startTestBalie({ ...options.balie, adapters: [adapter] });
  if (options.waitReady !== false) await eventually(() => adapter.status().ready, Boolean, 'the WhatsApp adapter to be ready');
  return {
    balie,
    adapter,
    world,
    async stop() {
      await balie.stop();
      rmSync(sessionDir, { recursive: true, force: true });
    },
  };
}

/** The contract harness: customers are UK numbers (the calling code is WhatsApp's only language hint). */
export function whatsappHarness(): ChannelHarness & { conversationId(chat: string): string } {
  let running: WhatsappTestBalie;
  const numbers = new Map<string, string>();
  const chatIdOf = (chat: string) => {
    let id = numbers.get(chat);
    if (!id) {
      id = `447700900${String(100 + numbers.size).padStart(3, '0')}@c.us`;
      numbers.set(chat, id);
    }
    return id;
  };
  return {
    channelId: 'whatsapp',
    async start() {
      running = await startWhatsappBalie();
    },
    stop: () => running.stop(),
    app: () => running.balie.app,
    conversationId: chatIdOf,
    async customerSays(chat, text) {
      return running.world.customerSays(chatIdOf(chat), text).id._serialized;
    },
    async redeliver(nativeId) {
      running.world.redeliver(nativeId);
    },
    async sent(chat) {
      return running.world.sentTo(chatIdOf(chat)).map(asSeen);
    },
  };
}
