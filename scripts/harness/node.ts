/**
 * One balie process of the multi-process harness, spawned by scripts/harness/processes.ts as
 * `node --import tsx scripts/harness/node.ts '<json options>'`.
 *
 * It is balie as `npm start` runs it (config from env and the shipped config/ folder, Redis
 * stores, the web chat, Telegram by webhook, Slack by the Events API, SIGTERM drains and exits),
 * with three differences, all because the whole load comes from one machine and the replies must
 * be checkable: the only dialog is an echo (`seq <n>` → `echo seq <n>`), the per-conversation and
 * per-address rate limits are raised, and Telegram's and Slack's outbound pacing (30 messages/s per
 * bot, a message a second per Slack channel: rules of the real platforms) is lifted, since the
 * fakes have no such limits.
 *
 * Prints `{"url": …}` on stdout once it listens, and `{"event":"unhandledRejection"}` if a promise
 * rejection reaches the process (the harness counts those: there must be none). SIGTERM stops it
 * as `npm start` does (src/main.ts `stopOnSignals`).
 */
import { resolve } from 'node:path';
import { pino } from 'pino';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { createSlackAdapter } from '../../src/adapters/slack/index.js';
import { createTelegramAdapter } from '../../src/adapters/telegram/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';
import type { Rate } from '../../src/adapters/telegram/send.js';
import { startBalie, stopOnSignals } from '../../src/main.js';

export interface HarnessNodeOptions {
  /** REDIS_URL or REDIS_CLUSTER_NODES, as an operator would set them. */
  redisEnv: Record<string, string>;
  prefix: string;
  telegram: { apiRoot: string; token: string; secret: string };
  slack: { apiUrl: string; botToken: string; signingSecret: string };
  webchatSecret: string;
  leaseSeconds: number;
  logLevel?: string;
  /** Telegram's bot-wide pace; lifted when unset (see above). */
  telegramPace?: Rate;
  /** SHUTDOWN_GRACE_SECONDS; balie's default when unset. */
  graceSeconds?: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as HarnessNodeOptions;
const config = loadConfig({
  BALIE_CONFIG_DIR: resolve(import.meta.dirname, '../../config'),
  PORT: '0',
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
  LOG_LEVEL: options.logLevel ?? 'warn',
  BALIE_REDIS_PREFIX: options.prefix,
  WEBCHAT_SECRET: options.webchatSecret,
  INBOX_LEASE_SECONDS: String(options.leaseSeconds),
  ...(options.graceSeconds === undefined ? {} : { SHUTDOWN_GRACE_SECONDS: String(options.graceSeconds) }),
  ...options.redisEnv,
});
config.limits = { ...config.limits, newConversationsPerIp: 100_000, requestsPerIp: 1_000_000, messagesPerConversation: 100_000 };
// Logs go to stderr (the harness keeps them per process); stdout is for the lines above.
const logger = createLogger({ level: config.logLevel, destination: pino.destination(2) });

const fast = { perSecond: 1_000_000, burst: 1_000_000 };
// Slack's pace is lifted for the same reason as Telegram's (its fake has no limit either).
config.sendLimits = { ...config.sendLimits, slack: { perApp: fast, perChannel: fast } };
const telegram = createTelegramAdapter({
  token: options.telegram.token,
  webhookSecret: options.telegram.secret,
  apiRoot: options.telegram.apiRoot,
  botInfo: {
    id: Number(options.telegram.token.split(':')[0]),
    is_bot: true,
    first_name: 'Harness',
    username: 'harness_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  },
  // Lifted, the pace is this process's own: sharing a limit nobody reaches would only add round trips.
  ...(options.telegramPace ? { limits: { global: options.telegramPace } } : { limits: { privateChat: fast, groupChat: fast, global: fast }, sharedPace: false }),
});
const slack = createSlackAdapter({ botToken: options.slack.botToken, signingSecret: options.slack.signingSecret, apiUrl: options.slack.apiUrl });

class EchoDialog extends ComponentDialog {
  constructor() {
    super('harness-echo');
    this.addDialog(
      new WaterfallDialog('harness-echo-step', [
        async (step: WaterfallStepContext) => {
          await step.context.sendActivity(`echo ${step.context.activity.text ?? ''}`);
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'harness-echo-step';
  }
}

const running = await startBalie({
  env: {},
  config,
  logger,
  platformAdapters: false,
  adapters: [telegram, slack],
  dialogs: () => [{ dialog: new EchoDialog(), trigger: (text) => (text.startsWith('seq ') ? {} : undefined) }],
});
process.stdout.write(`${JSON.stringify({ url: running.url, pid: process.pid })}\n`);

process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason, code: 'UNHANDLED_REJECTION' }, 'a promise was rejected and nobody handled it');
  process.stdout.write(`${JSON.stringify({ event: 'unhandledRejection', message: String((reason as Error)?.message ?? reason) })}\n`);
});
stopOnSignals(running);
