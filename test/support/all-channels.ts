import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.js';
import { createTelegramAdapter, WEBHOOK_PATH, type TelegramAdapter } from '../../src/adapters/telegram/index.js';
import { createWhatsappCloudAdapter, type WhatsappCloudAdapter } from '../../src/adapters/whatsapp-cloud/index.js';
import { createWhatsappAdapter, type WhatsappAdapter } from '../../src/adapters/whatsapp/index.js';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/core/logger.js';
import type { Stores } from '../../src/core/stores.js';
import type { RunningBalie } from '../../src/main.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../adapters/slack/driver.js';
import { SECRET as TELEGRAM_SECRET } from '../adapters/telegram/harness.js';
import { InstantClock } from '../adapters/telegram/clocks.js';
import { APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN } from '../adapters/whatsapp-cloud/payloads.js';
import { startTestBalie, testConfig } from './app.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import { startFakeWhatsappCloud, type FakeWhatsappCloud } from './fake-whatsapp-cloud.js';
import { FakeWhatsAppWeb } from './fake-whatsapp-client.js';

export { APP_SECRET, SIGNING_SECRET, TELEGRAM_SECRET, VERIFY_TOKEN, PHONE_NUMBER_ID, BOT_TOKEN };

export const ADMIN_TOKEN = 'admin-token-for-the-qr-page-7c1e9a';

/**
 * One balie with every public door open, as a shop with all channels would run it: the web chat,
 * Telegram (webhook), Slack (Events API over HTTP), WhatsApp Cloud (webhook) and WhatsApp Web
 * (its QR page, behind BALIE_ADMIN_TOKEN), each against its local fake platform.
 */
export interface AllChannels {
  balie: RunningBalie;
  config: Config;
  telegram: { fake: FakeTelegram; adapter: TelegramAdapter; url: string };
  slack: { fake: FakeSlack; adapter: SlackAdapter; eventsUrl: string; interactionsUrl: string };
  cloud: { fake: FakeWhatsappCloud; adapter: WhatsappCloudAdapter; url: string };
  whatsapp: { world: FakeWhatsAppWeb; adapter: WhatsappAdapter };
  /** Every message the bot got out to any platform (sends, not typing or read receipts). */
  platformSends(): number;
  stop(): Promise<void>;
}

export interface AllChannelsOptions {
  /** Redis (or memory) stores; without them the app makes its own from `config.redisUrl`. */
  stores?: Stores;
  logger?: Logger;
  env?: Record<string, string | undefined>;
  /** Adjusts the loaded config (e.g. the limits) before the app is built. */
  configure?: (config: Config) => void;
}

export async function startAllChannels(options: AllChannelsOptions = {}): Promise<AllChannels> {
  const [tg, sl, wc] = await Promise.all([startFakeTelegram(), startFakeSlack({ botToken: BOT_TOKEN }), startFakeWhatsappCloud({ phoneNumberId: PHONE_NUMBER_ID })]);
  const world = new FakeWhatsAppWeb();
  const sessionDir = mkdtempSync(join(tmpdir(), 'balie-all-'));
  const config = testConfig({ BALIE_ADMIN_TOKEN: ADMIN_TOKEN, ...options.env });
  options.configure?.(config);
  const stores = options.stores;
  const shared = stores?.redis ? { redis: stores.redis, prefix: stores.prefix, bus: stores.bus } : {};

  // Virtual time for Telegram's pacing: many chats answered at once must not wait real seconds.
  const telegram = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.url,
    webhookSecret: TELEGRAM_SECRET,
    clock: new InstantClock(),
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });
  const slack = createSlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: sl.apiUrl, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 2 } });
  const cloud = createWhatsappCloudAdapter({
    token: wc.token,
    phoneNumberId: PHONE_NUMBER_ID,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    apiUrl: wc.apiUrl,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    checkTokenAtStart: false,
  });
  const whatsapp = createWhatsappAdapter({
    sessionDir,
    clientFactory: world.createClient,
    printQr: () => {},
    send: { baseDelayMs: 1, maxDelayMs: 2 },
    adminToken: ADMIN_TOKEN,
    ...shared,
  });

  let balie: RunningBalie;
  try {
    balie = await startTestBalie({ config, stores, logger: options.logger, adapters: [telegram, slack, cloud, whatsapp] });
  } catch (err) {
    await Promise.allSettled([tg.close(), sl.close(), wc.close()]);
    rmSync(sessionDir, { recursive: true, force: true });
    throw err;
  }
  const until = Date.now() + 8000;
  while (!whatsapp.status().ready && Date.now() < until) await new Promise((r) => setTimeout(r, 10));

  return {
    balie,
    config,
    telegram: { fake: tg, adapter: telegram, url: `${balie.url}${WEBHOOK_PATH}` },
    slack: { fake: sl, adapter: slack, eventsUrl: `${balie.url}/webhooks/slack/events`, interactionsUrl: `${balie.url}/webhooks/slack/interactions` },
    cloud: { fake: wc, adapter: cloud, url: `${balie.url}/webhooks/whatsapp` },
    whatsapp: { world, adapter: whatsapp },
    platformSends() {
      const telegramSends = tg.calls.filter((c) => /^send(Message|Photo|Document)$/.test(c.method)).length;
      const slackSends = sl.calls.filter((c) => /^chat\.(postMessage|update|postEphemeral)$/.test(c.method)).length;
      const cloudSends = wc.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages') && !(c.body as { status?: string } | undefined)?.status).length;
      return telegramSends + slackSends + cloudSends + world.sent.length;
    },
    async stop() {
      await balie.stop();
      await Promise.allSettled([tg.close(), sl.close(), wc.close()]);
      rmSync(sessionDir, { recursive: true, force: true });
    },
  };
}
