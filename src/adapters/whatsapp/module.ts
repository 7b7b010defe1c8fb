import { resolve } from 'node:path';
import { z } from 'zod';
import { defineChannel } from '../../core/channel-module.js';
import { boolEnv, optionalEnv } from '../../core/env-values.js';
import { TEXT_LIMIT } from './format.js';
import { WHATSAPP_CHANNEL } from './parse.js';

export interface WhatsappSettings {
  sessionDir: string;
  executablePath?: string;
}

/** WhatsApp through WhatsApp Web (whatsapp-web.js): a phone paired by QR code, no Meta account. */
export const whatsappChannel = defineChannel({
  id: WHATSAPP_CHANNEL,
  names: { en: 'WhatsApp', nl: 'WhatsApp' },
  title: 'WhatsApp (WhatsApp Web)',
  library: 'whatsapp-web.js',
  docs: 'channels/whatsapp.md',
  env: {
    WHATSAPP_ENABLED: { schema: optionalEnv(boolEnv), what: 'true turns WhatsApp Web on (pair a phone at /whatsapp/qr)', fix: 'set WHATSAPP_ENABLED=true or false', switch: true },
    WHATSAPP_SESSION_DIR: { schema: z.string().min(1).default('./.wwebjs_auth'), what: 'where the paired session is kept without Redis (default ./.wwebjs_auth)' },
    PUPPETEER_EXECUTABLE_PATH: { schema: optionalEnv(z.string().min(1)), what: "the Chromium to drive; puppeteer's own by default" },
  },
  settings(env): WhatsappSettings | undefined {
    if (!env.WHATSAPP_ENABLED) return undefined;
    return { sessionDir: resolve(env.WHATSAPP_SESSION_DIR), executablePath: env.PUPPETEER_EXECUTABLE_PATH };
  },
  capabilities: { buttons: 'numbered', threads: false, media: true, typing: true, maxLength: TEXT_LIMIT },
  formatting: 'whatsapp',
  faqKey: WHATSAPP_CHANNEL,
  async create(settings, { stores, logger, site }) {
    const { createWhatsappAdapter } = await import('./index.js');
    if (!stores.redis) {
      logger.info({ sessionDir: settings.sessionDir }, 'WhatsApp session is kept on disk (LocalAuth); with REDIS_URL it is kept in Redis and several processes can share it');
    }
    return createWhatsappAdapter({
      sessionDir: settings.sessionDir,
      executablePath: settings.executablePath,
      adminToken: site.adminToken,
      redis: stores.redis,
      prefix: stores.redis ? site.redisPrefix : stores.prefix,
      bus: stores.bus,
      qrPageUrl: site.publicUrl ? `${site.publicUrl}/whatsapp/qr` : undefined,
    });
  },
});
