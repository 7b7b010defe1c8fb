import { channelSite, faqChannelKeys, type Config } from './config.js';
import { createAdapterMessenger, deliverTopic, type RelayedMessage } from './adapters/customer-messenger.js';
import { createChannelAdapters } from './adapters/index.js';
import { createWebchatAdapter } from './adapters/webchat/index.js';
import { OpenStreams } from './core/open-streams.js';
import type { ChannelAdapter } from './core/channel-adapter.js';
import { faqKeyOf } from './core/channel-module.js';
import { createBusyNotice } from './core/busy-notice.js';
import { BalieError } from './core/errors.js';
import { createConversationLimitReport } from './core/conversation-limit.js';
import { createHitCounter } from './core/hit-counter.js';
import type { ConsumeHit } from './core/http-limits.js';
import { Ingress, type DrainSummary, type IngressOptions } from './core/ingress.js';
import type { Logger } from './core/logger.js';
import { createMetrics, type Metrics } from './core/metrics.js';
import { TurnBatchingStorage } from './core/storage/turn-batching.js';
import { TurnScopes } from './core/storage/turn-scope.js';
import { createMemoryStores, createRedisStores, type Stores } from './core/stores.js';
import { createMemorySendPace } from './core/send-pace.js';
import { createRedisSendPace } from './core/send-pace-redis.js';
import { describeRedisTarget } from './core/redis/connect.js';
import { Bot, type DialogRegistration } from './dialogs/bot.js';
import { createLanguageDetector, languageSamples } from './dialogs/faq/learned-language.js';
import { createLiveFaq } from './dialogs/faq/live.js';
import { createBasicHandoff, createEventHandoff, type HandoffPort } from './dialogs/handoff-request.js';
import { createTranslator, loadLocales, type Translator } from './dialogs/i18n.js';
import { registerDialogs, type DialogDeps } from './dialogs/index.js';
import { createSampleOrderLookup, type OrderLookup } from './dialogs/order-status/order-lookup.js';
import { createBotMaySend, createQueueGate, createTurnCaseLookup } from './wiring/handoff-queue.js';
import { createListening, type Listening } from './wiring/listening.js';
import { createTurnErrorHandler } from './dialogs/turn-errors.js';
import { createHandoff, type Handoff } from './handoff/create.js';
import type { MediaStore } from './desk/api/media.js';
import { createMemoryDeskStores, createRedisDeskStores, type DeskStores } from './desk/stores.js';
import { handoffKeys } from './handoff/store/keys.js';
import { join } from 'node:path';
import { packageRoot } from './core/paths.js';

export interface AppDeps {
  logger: Logger;
  /** Defaults to Redis when `config.redisUrl` is set, in-memory stores otherwise. */
  stores?: Stores;
  orders?: OrderLookup;
  /** The dialogs to run; default `registerDialogs` (src/dialogs/index.ts). Tests add their own. */
  dialogs?: (deps: DialogDeps) => DialogRegistration[];
  handoff?: (t: Translator) => HandoffPort;
  /** Extra adapters (tests add in-process ones); the web chat is always there. */
  adapters?: ChannelAdapter[];
  /** Build the configured platform adapters (Telegram, Slack, WhatsApp). Default true. */
  platformAdapters?: boolean;
  /** Ingress timing (tests shorten the sweeper and heartbeat). */
  ingress?: Pick<IngressOptions, 'sweepMs' | 'heartbeatMs' | 'owner'>;
  /** The draw for the sampled "Did this help?" (`listening.feedback`); default Math.random. Tests decide. */
  random?: () => number;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly stores: Stores;
  readonly metrics: Metrics;
  readonly ingress: Ingress;
  /** Counts hits for the rate limits (per address in src/core/http-limits.ts, per conversation). */
  readonly rateLimit: ConsumeHit;
  readonly bot: Bot;
  readonly t: Translator;
  readonly adapters: ChannelAdapter[];
  /** The handoff queue and the agents' desk; undefined when agents.yaml lists nobody. */
  readonly handoff?: Handoff;
  /** The desk's sessions, notes, files and Slack posts, on the same backend as `stores`. */
  readonly deskStores: DeskStores;
  /** Files agents send customers, served at /media/<id> (from the console's uploads and from Slack): `deskStores.media`. */
  readonly media: MediaStore;
  /** The open live streams of this process (web chat and desk), capped per owner, address and in all. */
  readonly streams: OpenStreams;
  /** What the bot could not answer, and the FAQ taught from the desk (issue #14). */
  readonly listening: Listening;
  adapter<T extends ChannelAdapter = ChannelAdapter>(channelId: string): T | undefined;
  start(): Promise<void>;
  /**
   * Stops taking messages, finishes or hands back the turns it runs (see Ingress.drain),
   * disconnects channels, closes the stores, and logs one line saying what it did.
   */
  stop(): Promise<DrainSummary>;
  readiness(): Promise<{ ready: boolean; checks: Record<string, string> }>;
}

export async function createStores(config: Config, logger: Logger): Promise<Stores> {
  const target = config.redisUrl ? { kind: 'single' as const, url: config.redisUrl } : config.redis;
  if (!target) {
    logger.warn('REDIS_URL is not set: running on in-memory stores (one process only; conversations are lost on restart). Set REDIS_URL=redis://127.0.0.1:6379 for production.');
    return createMemoryStores();
  }
  const stores = await createRedisStores({ target, prefix: config.redisPrefix, logger, stateTtlMs: config.stateTtlMs, leaseMs: config.inboxLeaseMs });
  logger.info({ redis: describeRedisTarget(target) }, 'connected to Redis');
  return stores;
}

/** Builds balie without listening on a port: stores, bot, ingress and channel adapters. */
export async function createApp(config: Config, deps: AppDeps): Promise<App> {
  const { logger } = deps;
  const stores = deps.stores ?? (await createStores(config, logger));
  const metrics = createMetrics({ defaultMetrics: true });
  // Shipped texts, plus or overridden by <config>/locales/<lang>.yaml: a new language needs no code.
  const locales = loadLocales(join(packageRoot(), 'locales'), join(config.configDir, 'locales'));
  const t = createTranslator(locales, config.bot.defaultLanguage);
  // One async turn context for the ingress, the state batching and the adapters' transcripts.
  const turns = new TurnScopes();
  const storage = new TurnBatchingStorage(stores.state, turns);
  // Edits to faq.<lang>.yaml are picked up while developing; production restarts to change the FAQ.
  const faq = createLiveFaq({
    files: config.faq,
    configDir: config.configDir,
    channels: faqChannelKeys(config.channelModules),
    threshold: config.faqThreshold,
    logger,
    watch: !config.production,
  });
  const listening = createListening({ config, stores, faq, logger });
  const adapters: ChannelAdapter[] = [];
  const localMessenger = createAdapterMessenger((id) => adapters.find((a) => a.channelId === id));
  const handoff = createHandoff({ config, stores, t, metrics, logger, messenger: createAdapterMessenger((id) => adapters.find((a) => a.channelId === id), stores.bus) });
  const service = handoff?.service;
  // On Redis the conversation's handoff case is read with the message (ingress), not by the bot.
  const keys = handoffKeys(stores.prefix);
  const caseKey = service && stores.redis ? (key: string) => keys.case(key) : undefined;
  const turnCase = createTurnCaseLookup(turns, caseKey);
  const bot = new Bot({
    storage,
    t,
    faq: faq.matcher,
    detect: createLanguageDetector(languageSamples(locales, config.faq)),
    dialogs: (deps.dialogs ?? registerDialogs)({ t, orders: deps.orders ?? createSampleOrderLookup() }),
    handoff: deps.handoff ? deps.handoff(t) : service ? createEventHandoff() : createBasicHandoff(t),
    gate: service && createQueueGate(service, turnCase),
    logger,
    botName: config.bot.name,
    answerKey: (channelId) => faqKeyOf(config.channelModules, channelId),
    offerHumanAfter: config.dialogs.offerHumanAfter,
    handoffRules: service && {
      afterNotUnderstood: config.handoff.afterNotUnderstood,
      complaintScore: config.handoff.complaintScore,
      isVip: (channelId, userId) => config.handoff.vipCustomers.includes(`${channelId}:${userId}`),
    },
    unanswered: (asked) => listening.inbox.record(asked),
    feedback: {
      rate: config.listening.feedback,
      random: deps.random,
      helpful(entryId, helpful) {
        metrics.faqFeedback.inc({ entry: entryId, helpful: helpful ? 'yes' : 'no' });
        return listening.helpfulness.record(entryId, helpful);
      },
    },
  });
  const { busyNoticeAfterSeconds, busyNoticeEveryMinutes } = config.backlog;
  const busyNotice =
    busyNoticeAfterSeconds > 0
      ? createBusyNotice({
          afterMs: busyNoticeAfterSeconds * 1000,
          everySeconds: busyNoticeEveryMinutes * 60,
          adapterFor: (id) => adapters.find((a) => a.channelId === id),
          once: stores.dedupe,
          text: (activity, minutes) => {
            const language = activity.locale?.slice(0, 2).toLowerCase();
            return t.t(language && t.has(language) ? language : config.bot.defaultLanguage, 'busyNotice', { minutes });
          },
          metrics,
          logger,
        })
      : undefined;
  const ingress = new Ingress({
    inbox: stores.inbox,
    busyNotice,
    turns,
    transcripts: stores.transcripts,
    metrics,
    logger,
    dedupeTtlSeconds: config.dedupeTtlSeconds,
    prefetch: (activity, key) => ({ state: bot.stateKeysFor(activity), raw: caseKey ? [caseKey(key)] : [] }),
    // Counted inside the append script: the limit costs no round trip of its own.
    conversationLimit: {
      perMinute: config.limits.messagesPerConversation,
      onLimited: createConversationLimitReport({ perMinute: config.limits.messagesPerConversation, registry: metrics.registry, logger }),
    },
    ...deps.ingress,
  });

  const webchatSecret = config.webchat.secret ?? (await stores.shared.getOrCreate('webchat-secret'));
  const streams = new OpenStreams({ perOwner: config.limits.streamsPerOwner, perAddress: config.limits.streamsPerAddress, total: config.limits.streamsTotal });
  adapters.push(
    createWebchatAdapter({
      bus: stores.bus,
      secret: webchatSecret,
      title: config.webchat.title ?? config.bot.name,
      accentColor: config.webchat.accentColor,
      streams,
      proxies: config.limits,
      tokenTtlSeconds: config.webchat.tokenDays * 24 * 3600,
    }),
    ...(deps.platformAdapters === false ? [] : await createChannelAdapters(config.channels, { stores, logger, site: channelSite(config) })),
    ...(deps.adapters ?? []),
  );

  const duplicate = adapters.find((a, i) => adapters.findIndex((b) => b.channelId === a.channelId) !== i);
  if (duplicate) throw new BalieError('CONFIG_INVALID', `two channel adapters use the channel id "${duplicate.channelId}"; each channel needs its own id`);

  const onTurnError = createTurnErrorHandler({ t, metrics, logger });
  const rateLimit = createHitCounter(stores);
  // One pace per platform bucket for the whole app: in Redis when the stores are, so every process shares it.
  const sendPace = stores.redis ? createRedisSendPace({ client: stores.redis, prefix: stores.prefix, logger }) : createMemorySendPace();
  for (const adapter of adapters)
    adapter.attach({
      ingress,
      transcripts: stores.transcripts,
      metrics,
      logger: logger.child({ channel: adapter.channelId }),
      logic: bot.handle,
      onTurnError,
      botMaySend: service && createBotMaySend(service, turnCase),
      turns,
      sendPace,
      sendLimits: config.sendLimits,
    });
  // The Slack desk (src/desk/slack), loaded only when configured, like the Slack adapter itself.
  // Chosen once, like the handoff store: Redis when the app has it, so any process serves any agent.
  const deskStores = stores.redis ? createRedisDeskStores(stores.redis, stores.prefix) : createMemoryDeskStores();
  const media = deskStores.media;
  const slackDesk = await (await import('./desk/slack/from-app.js')).slackDeskFromApp({ config, handoff, stores, deskStores, adapters, logger });

  let started = false;
  const unsubscribers: (() => Promise<void>)[] = [];
  return {
    config,
    logger,
    stores,
    metrics,
    ingress,
    rateLimit,
    bot,
    t,
    adapters,
    handoff,
    deskStores,
    media,
    streams,
    listening,
    adapter: <T extends ChannelAdapter>(channelId: string) => adapters.find((a) => a.channelId === channelId) as T | undefined,
    async start() {
      faq.start();
      await listening.start();
      for (const adapter of adapters.filter((a) => a.localToProcess)) {
        unsubscribers.push(
          await stores.bus.subscribe(deliverTopic(adapter.channelId), (relayed) => {
            const { target, message } = relayed as RelayedMessage;
            localMessenger.send(target, message).catch((err: unknown) => logger.error({ err, channel: adapter.channelId }, 'could not deliver a relayed message'));
          }),
        );
      }
      await Promise.all(adapters.map((a) => a.start()));
      await service?.start();
      await slackDesk?.start();
      ingress.start();
      started = true;
    },
    async stop() {
      faq.stop();
      const summary = await ingress.drain(config.shutdownGraceSeconds * 1000);
      await slackDesk?.stop();
      await listening.stop();
      await service?.stop();
      for (const off of unsubscribers.splice(0)) await off();
      await Promise.allSettled(adapters.map((a) => a.stop()));
      await stores.close();
      // One line for the whole shutdown, whatever the backlog: no error per turn handed back.
      const repeats = summary.turnsGivenUp + summary.turnsStillRunning > 0;
      logger[repeats ? 'warn' : 'info'](
        { ...summary, code: repeats ? 'SHUTDOWN_GRACE_EXCEEDED' : undefined },
        `stopped: ${summary.turnsFinished} turns finished, ${summary.turnsHandedBack} handed back before anything was sent, ${summary.turnsGivenUp + summary.turnsStillRunning} given up at the end of the grace${repeats ? ' (their messages are answered again, possibly twice)' : ''}; ` +
          `${summary.conversationsHandedOver} conversations with ${summary.messagesHandedOver} messages waiting are left to the other processes or the next start`,
      );
      return summary;
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
      // Detail only: a backlog waits for the platform's pace, which no other process sends faster.
      checks.backlog = describeBacklog(ingress.backlog());
      return { ready, checks };
    },
  };
}

function describeBacklog(b: ReturnType<Ingress['backlog']>): string {
  const waits = Object.entries(b.estimatedWaitSeconds)
    .filter(([, seconds]) => seconds >= 0.1)
    .map(([channel, seconds]) => `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s on ${channel}`);
  const estimate = waits.length ? `; a turn takes about ${waits.join(', ')}` : '';
  if (b.messages === 0) return `ok: no messages waiting here${estimate}`;
  return `${b.messages} messages waiting in ${b.conversations} conversations run here, the oldest for ${Math.round(b.oldestSeconds)} s${estimate}`;
}
