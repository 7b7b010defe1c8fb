import { z } from 'zod';
import { defineChannel } from '../../../src/core/channel-module.js';
import { httpUrlEnv, optionalEnv } from '../../../src/core/env-values.js';
import { SMS_CHANNEL, SMS_MAX_LENGTH } from './parse.js';

export interface SmsSettings {
  gatewayUrl: string;
  webhookSecret: string;
}

/**
 * A small extra channel that lives only in test/: an SMS gateway that POSTs incoming texts to a
 * webhook and takes replies at its own API. It proves a channel is one folder plus a line in the
 * list (docs/channels.md, "Adding a channel").
 */
export const smsChannel = defineChannel({
  id: SMS_CHANNEL,
  names: { en: 'SMS', nl: 'sms' },
  library: 'plain HTTP',
  env: {
    SMS_GATEWAY_URL: {
      schema: optionalEnv(httpUrlEnv),
      what: "the gateway's API; turns SMS on",
      fix: "set it to the gateway's base URL, e.g. https://sms.example.com/api",
      switch: true,
    },
    SMS_WEBHOOK_SECRET: {
      schema: optionalEnv(z.string().min(16, 'must be at least 16 characters')),
      what: 'the secret the gateway sends with every text',
      fix: 'use e.g. `openssl rand -hex 16`',
    },
  },
  settings(env, report): SmsSettings | undefined {
    if (!env.SMS_GATEWAY_URL) return undefined;
    if (!env.SMS_WEBHOOK_SECRET) {
      report(
        'SMS_WEBHOOK_SECRET',
        'is missing while SMS_GATEWAY_URL is set; texts could not be told from forgeries',
        'use e.g. `openssl rand -hex 16`, and give the gateway the same value',
      );
      return undefined;
    }
    return { gatewayUrl: env.SMS_GATEWAY_URL.replace(/\/+$/, ''), webhookSecret: env.SMS_WEBHOOK_SECRET };
  },
  capabilities: { buttons: 'numbered', threads: false, media: false, typing: false, maxLength: SMS_MAX_LENGTH },
  formatting: 'markdown',
  faqKey: SMS_CHANNEL,
  async create(settings) {
    const { SmsAdapter } = await import('./adapter.js');
    return new SmsAdapter(settings);
  },
});
