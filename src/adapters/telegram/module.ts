import { z } from 'zod';
import { defineChannel } from '../../core/channel-module.js';
import { httpUrlEnv, optionalEnv } from '../../core/env-values.js';
import { TELEGRAM_TEXT_LIMIT } from './format.js';
import { TELEGRAM_CHANNEL } from './parse.js';

export interface TelegramSettings {
  token: string;
  webhookSecret?: string;
  webhookUrl?: string;
  apiRoot?: string;
}

/** Telegram, through telegraf: long polling, or a webhook when TELEGRAM_WEBHOOK_SECRET is set. */
export const telegramChannel = defineChannel({
  id: TELEGRAM_CHANNEL,
  names: { en: 'Telegram', nl: 'Telegram' },
  library: 'telegraf',
  docs: 'channels/telegram.md',
  env: {
    TELEGRAM_BOT_TOKEN: {
      schema: optionalEnv(z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'does not look like a bot token from @BotFather (123456:ABC-...)')),
      what: 'the token from @BotFather; turns Telegram on',
      fix: 'copy the token that @BotFather gave you, or unset TELEGRAM_BOT_TOKEN',
      switch: true,
    },
    TELEGRAM_WEBHOOK_SECRET: {
      schema: optionalEnv(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and - (a Telegram rule)')),
      what: 'webhook mode: the secret token Telegram sends with every update',
      fix: 'use e.g. `openssl rand -hex 32`',
    },
    TELEGRAM_WEBHOOK_URL: { schema: optionalEnv(httpUrlEnv), what: 'webhook mode: the public URL balie registers with Telegram at start-up' },
    TELEGRAM_API_ROOT: { schema: optionalEnv(httpUrlEnv), what: "Bot API base URL; Telegram's own by default (a local Bot API server, or a fake in tests)" },
  },
  settings(env, report): TelegramSettings | undefined {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      report('TELEGRAM_WEBHOOK_SECRET', 'is missing while TELEGRAM_WEBHOOK_URL is set; an unprotected webhook would accept forged updates', 'use e.g. `openssl rand -hex 32`');
    }
    if (!env.TELEGRAM_BOT_TOKEN) return undefined;
    return { token: env.TELEGRAM_BOT_TOKEN, webhookSecret: env.TELEGRAM_WEBHOOK_SECRET, webhookUrl: env.TELEGRAM_WEBHOOK_URL, apiRoot: env.TELEGRAM_API_ROOT };
  },
  capabilities: { buttons: 'native', threads: false, media: true, typing: true, maxLength: TELEGRAM_TEXT_LIMIT },
  formatting: 'telegram-html',
  faqKey: TELEGRAM_CHANNEL,
  async create(settings) {
    const { createTelegramAdapter } = await import('./index.js');
    return createTelegramAdapter(settings);
  },
});
