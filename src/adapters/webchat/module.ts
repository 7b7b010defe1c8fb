import { z } from 'zod';
import { defineChannel } from '../../core/channel-module.js';
import { optionalEnv } from '../../core/env-values.js';
import { MAX_TEXT, WEBCHAT_CHANNEL } from './parse.js';

export interface WebchatSettings {
  /** Signs conversation tokens; generated once and shared through the stores when unset. */
  secret?: string;
}

/** balie's own chat page at `/`: always on, built by the app from its streams and web chat settings. */
export const webchatChannel = defineChannel({
  id: WEBCHAT_CHANNEL,
  names: { en: 'the web chat', nl: 'de webchat' },
  title: 'Web chat',
  library: 'none (built in)',
  env: {
    WEBCHAT_SECRET: {
      schema: optionalEnv(z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)')),
      what: 'signs web chat conversation tokens; generated once and shared through Redis when unset',
      fix: 'use e.g. `openssl rand -base64 32`, or unset it to let balie make one',
      shownDefault: 'generated',
    },
  },
  settings(env): WebchatSettings {
    return { secret: env.WEBCHAT_SECRET };
  },
  capabilities: { buttons: 'native', threads: false, media: true, typing: true, maxLength: MAX_TEXT },
  formatting: 'markdown',
  faqKey: WEBCHAT_CHANNEL,
});
