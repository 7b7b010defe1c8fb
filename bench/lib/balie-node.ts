import { resolve } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';
import { createTelegramAdapter } from '../../src/adapters/telegram/index.js';
import { startBalie, type RunningBalie } from '../../src/main.js';
import { createBenchDialog, createEchoDialog } from './bench-dialog.js';

export const BENCH_TELEGRAM_TOKEN = '123456789:AAbenchTokenForBalieBenchmark_abcdef';
export const BENCH_WEBHOOK_SECRET = 'bench-webhook-secret';

export interface BenchBalieOptions {
  redisUrl?: string;
  prefix: string;
  /** The fake Telegram's base URL (no path). */
  telegramApiRoot: string;
  /** `echo`: every message is answered with its own text (the harness checks order and loss with it). */
  dialog?: 'bench' | 'echo';
  /** How long a dead process's conversations wait before another takes them (INBOX_LEASE_SECONDS). */
  leaseSeconds?: number;
  /**
   * Keep a real bot-wide Telegram pace (this many messages a second, shared by every process
   * through Redis) instead of lifting it: the shared-pace test's processes.
   */
  telegramPerSecond?: number;
}

/**
 * balie as the benchmark runs it: the shipped config (agents, handoff, FAQ), Redis stores, the
 * web chat and a Telegram webhook adapter, and the bench dialog as the only dialog. Two things
 * differ from production, both because all the load comes from one machine: the per-address and
 * per-conversation rate limits are raised, and Telegram's outbound pacing (30 messages/s per bot,
 * Telegram's own rule) is lifted, since the fake Telegram has no such limit.
 */
export async function startBenchBalie(options: BenchBalieOptions): Promise<RunningBalie> {
  const config = loadConfig({
    BALIE_CONFIG_DIR: resolve(import.meta.dirname, '../../config'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    REDIS_URL: options.redisUrl,
    BALIE_REDIS_PREFIX: options.prefix,
    WEBCHAT_SECRET: 'bench-webchat-secret-0123456789abcdef',
    INBOX_LEASE_SECONDS: options.leaseSeconds ? String(options.leaseSeconds) : undefined,
  });
  config.limits = { ...config.limits, newConversationsPerIp: 100_000, requestsPerIp: 1_000_000, messagesPerConversation: 100_000 };
  const fast = { perSecond: 1_000_000, burst: 1_000_000 };
  const paced = options.telegramPerSecond;
  if (paced) config.sendLimits = { ...config.sendLimits, telegram: { ...config.sendLimits.telegram, perBot: { perSecond: paced, burst: 1 } } };
  const telegram = createTelegramAdapter({
    token: BENCH_TELEGRAM_TOKEN,
    webhookSecret: BENCH_WEBHOOK_SECRET,
    apiRoot: options.telegramApiRoot,
    botInfo: { id: 123456789, is_bot: true, first_name: 'Bench', username: 'bench_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false },
    ...(paced ? {} : { limits: { privateChat: fast, groupChat: fast, global: fast }, sharedPace: false }),
  });
  return startBalie({
    env: {},
    config,
    logger: createLogger({ level: 'silent' }),
    platformAdapters: false,
    adapters: [telegram],
    dialogs: () =>
      options.dialog === 'echo'
        ? [{ dialog: createEchoDialog(), trigger: (text) => (text.startsWith('seq ') ? {} : undefined) }]
        : [{ dialog: createBenchDialog(), trigger: (text) => (text === 'start' ? {} : undefined) }],
  });
}
