import type { TurnContext } from 'botbuilder';
import type { Config } from './config.js';
import { channelAdaptersFromConfig } from './adapters/index.js';
import { createWebchatAdapter } from './adapters/webchat/index.js';
import type { ChannelAdapter } from './core/channel-adapter.js';
import { Ingress, codeOf } from './core/ingress.js';
import type { Logger } from './core/logger.js';
import { createMetrics, type Metrics } from './core/metrics.js';
import { createSerialScheduler, type TurnScheduler } from './core/scheduler.js';
import { TurnBatchingStorage } from './core/storage/turn-batching.js';
import { createMemoryStores, createRedisStores, redactUrl, type Stores } from './core/stores.js';
import { Bot } from './dialogs/bot.js';
import { createFaqMatcher } from './dialogs/faq/matcher.js';
import { createBasicHandoff, type HandoffPort } from './dialogs/handoff-request.js';
import { createTranslator, loadLocales, type Translator } from './dialogs/i18n.js';
import { registerDialogs } from './dialogs/index.js';
import { createSampleOrderLookup, type OrderLookup } from './dialogs/order-status/order-lookup.js';
import { languageOf } from './dialogs/turn-info.js';
import { join } from 'node:path';
import { packageRoot } from './core/paths.js';

export interface AppDeps {
  logger: Logger;
  /** Defaults to Redis when `config.redisUrl` is set, in-memory stores otherwise. */
  stores?: Stores;
  orders?: OrderLookup;
  handoff?: (t: Translator) => HandoffPort;
  /** Extra adapters (tests add in-process ones); the web chat is always there. */
  adapters?: ChannelAdapter[];
  /** Build the configured platform adapters (Telegram, Slack, WhatsApp). Default true. */
  platformAdapters?: boolean;
  scheduler?: TurnScheduler;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly stores: Stores;
  readonly metrics: Metrics;
  readonly ingress: Ingress;
  readonly bot: Bot;
  readonly t: Translator;
  readonly adapters: ChannelAdapter[];
  adapter<T extends ChannelAdapter = ChannelAdapter>(channelId: string): T | undefined;
  start(): Promise<void>;
  /** Stops taking messages, finishes queued turns, disconnects channels and closes the stores. */
  stop(): Promise<void>;
  readiness(): Promise<{ ready: boolean; checks: Record<string, string> }>;
}

export async function createStores(config: Config, logger: Logger): Promise<Stores> {
  if (!config.redisUrl) {
    logger.warn('REDIS_URL is not set: running on in-memory stores (one process only; conversations are lost on restart). Set REDIS_URL=redis://127.0.0.1:6379 for production.');
    return createMemoryStores();
  }
  const stores = await createRedisStores({ url: config.redisUrl, prefix: config.redisPrefix, logger, stateTtlMs: config.stateTtlMs });
  logger.info({ redis: redactUrl(config.redisUrl) }, 'connected to Redis');
  return stores;
}

/** Builds balie without listening on a port: stores, bot, ingress and channel adapters. */
export async function createApp(config: Config, deps: AppDeps): Promise<App> {
  const { logger } = deps;
  const stores = deps.stores ?? (await createStores(config, logger));
  const metrics = createMetrics({ defaultMetrics: true });
  const t = createTranslator(loadLocales(join(packageRoot(), 'locales')), config.bot.defaultLanguage);
  const storage = new TurnBatchingStorage(stores.state);
  const bot = new Bot({
    storage,
    t,
    faq: createFaqMatcher(config.faq, { threshold: config.faqThreshold }),
    dialogs: registerDialogs({ t, orders: deps.orders ?? createSampleOrderLookup() }),
    handoff: (deps.handoff ?? createBasicHandoff)(t),
    logger,
    botName: config.bot.name,
    offerHumanAfter: config.dialogs.offerHumanAfter,
  });
  const ingress = new Ingress({ dedupe: stores.dedupe, scheduler: deps.scheduler ?? createSerialScheduler(), metrics, logger, dedupeTtlSeconds: config.dedupeTtlSeconds });

  const webchatSecret = config.webchat.secret ?? (await stores.shared.getOrCreate('webchat-secret'));
  const adapters: ChannelAdapter[] = [
    createWebchatAdapter({ bus: stores.bus, secret: webchatSecret, title: config.webchat.title ?? config.bot.name, accentColor: config.webchat.accentColor }),
    ...(deps.platformAdapters === false ? [] : await channelAdaptersFromConfig(config, { stores, logger })),
    ...(deps.adapters ?? []),
  ];

  const onTurnError = async (context: TurnContext, error: Error) => {
    const code = codeOf(error);
    metrics.errors.inc({ code, channel: context.activity.channelId ?? 'unknown' });
    logger.error({ err: error, code, channel: context.activity.channelId }, 'a turn failed');
    try {
      await context.sendActivity(t.t(languageOf(context, t.defaultLanguage), 'turnError'));
    } catch (sendErr) {
      logger.warn({ err: sendErr, code: codeOf(sendErr) }, 'could not tell the customer about the failed turn');
    }
  };
  for (const adapter of adapters) adapter.attach({ ingress, transcripts: stores.transcripts, metrics, logger: logger.child({ channel: adapter.channelId }), logic: bot.handle, onTurnError });

  let started = false;
  return {
    config,
    logger,
    stores,
    metrics,
    ingress,
    bot,
    t,
    adapters,
    adapter: <T extends ChannelAdapter>(channelId: string) => adapters.find((a) => a.channelId === channelId) as T | undefined,
    async start() {
      await Promise.all(adapters.map((a) => a.start()));
      started = true;
    },
    async stop() {
      await ingress.drain();
      await Promise.allSettled(adapters.map((a) => a.stop()));
      await stores.close();
    },
    async readiness() {
      const checks: Record<string, string> = {};
      try {
        await stores.ping();
        checks.stores = `ok (${stores.kind})`;
      } catch (err) {
        checks.stores = `unreachable: ${(err as Error).message}`;
      }
      // A channel waiting for something outside balie (a WhatsApp QR scan, a Slack socket
      // reconnect) is reported but does not take the process out of rotation: the other channels
      // and the pages that fix it (e.g. the QR page) must stay reachable.
      let ready = checks.stores.startsWith('ok') && started;
      for (const adapter of adapters) {
        const status = adapter.status();
        checks[adapter.channelId] = !started ? 'starting' : status.ready ? 'ok' : `degraded${status.detail ? `: ${status.detail}` : ''}`;
      }
      if (!ingress.accepting) {
        checks.ingress = 'shutting down';
        ready = false;
      }
      return { ready, checks };
    },
  };
}
