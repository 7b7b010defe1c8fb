import { z } from 'zod';
import { defineChannel } from '../../core/channel-module.js';
import { httpUrlEnv, optionalEnv } from '../../core/env-values.js';
import { LIMITS } from './format.js';
import { WHATSAPP_CLOUD_CHANNEL } from './parse.js';

export interface WhatsappCloudSettings {
  token: string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
  apiUrl?: string;
}

const COMPANIONS = ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const;

/** The WhatsApp Business Cloud API: Meta's webhook in, plain HTTPS out. */
export const whatsappCloudChannel = defineChannel({
  id: WHATSAPP_CLOUD_CHANNEL,
  names: { en: 'WhatsApp', nl: 'WhatsApp' },
  title: 'WhatsApp Business Cloud API',
  library: 'plain HTTPS',
  docs: 'channels/whatsapp-cloud.md',
  env: {
    WHATSAPP_CLOUD_TOKEN: {
      schema: optionalEnv(z.string().min(10, 'looks too short for a WhatsApp Cloud API access token')),
      what: 'the access token; turns the Cloud API on',
      switch: true,
    },
    WHATSAPP_PHONE_NUMBER_ID: {
      schema: optionalEnv(z.string().regex(/^\d{5,20}$/, 'must be the numeric phone number id from the WhatsApp Manager')),
      what: 'the business number messages come to and go from',
    },
    WHATSAPP_APP_SECRET: {
      schema: optionalEnv(z.string().min(16, 'looks too short for a Meta app secret')),
      what: 'verifies X-Hub-Signature-256 on every webhook call',
      fix: 'copy the App Secret from your Meta app (App settings > Basic)',
    },
    WHATSAPP_VERIFY_TOKEN: { schema: optionalEnv(z.string().min(8, 'must be at least 8 characters')), what: "answers Meta's webhook check" },
    WHATSAPP_API_URL: { schema: optionalEnv(httpUrlEnv), what: "Graph API base URL; Meta's own by default" },
  },
  settings(env, report): WhatsappCloudSettings | undefined {
    if (!env.WHATSAPP_CLOUD_TOKEN) return undefined;
    const missing = COMPANIONS.filter((key) => !env[key]);
    if (missing.length || !env.WHATSAPP_PHONE_NUMBER_ID || !env.WHATSAPP_APP_SECRET || !env.WHATSAPP_VERIFY_TOKEN) {
      report(
        missing.join(', '),
        'must be set too when WHATSAPP_CLOUD_TOKEN is set (to send, to verify signatures and to answer the webhook check)',
        "copy them from your Meta app's WhatsApp settings, or unset WHATSAPP_CLOUD_TOKEN",
      );
      return undefined;
    }
    return {
      token: env.WHATSAPP_CLOUD_TOKEN,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
      appSecret: env.WHATSAPP_APP_SECRET,
      verifyToken: env.WHATSAPP_VERIFY_TOKEN,
      apiUrl: env.WHATSAPP_API_URL,
    };
  },
  capabilities: { buttons: 'native', threads: false, media: true, typing: true, maxLength: LIMITS.text },
  formatting: 'whatsapp',
  // Answers written for WhatsApp suit both ways of reaching it.
  faqKey: 'whatsapp',
  async create(settings) {
    const { createWhatsappCloudAdapter } = await import('./index.js');
    return createWhatsappCloudAdapter(settings);
  },
});
