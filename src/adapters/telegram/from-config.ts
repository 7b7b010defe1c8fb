import type { Config } from '../../config.js';
import type { ChannelAdapter } from '../../core/channel-adapter.js';
import type { Logger } from '../../core/logger.js';
import type { Stores } from '../../core/stores.js';
import { createTelegramAdapter } from './index.js';

/** The Telegram adapter when TELEGRAM_BOT_TOKEN is set; webhook mode when TELEGRAM_WEBHOOK_SECRET is set too. */
export function telegramAdapterFromConfig(config: Config, _deps: { stores: Stores; logger: Logger }): ChannelAdapter | undefined {
  if (!config.telegram) return undefined;
  const { token, webhookSecret, webhookUrl, apiRoot } = config.telegram;
  return createTelegramAdapter({ token, webhookSecret, webhookUrl, apiRoot });
}
