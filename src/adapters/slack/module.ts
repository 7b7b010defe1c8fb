import { z } from 'zod';
import { defineChannel } from '../../core/channel-module.js';
import { httpUrlEnv, optionalEnv } from '../../core/env-values.js';
import { LIMITS } from './format.js';
import { SLACK_CHANNEL } from './parse.js';

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  /** The channel where agents take handed-off chats (the Slack desk, src/desk/slack). */
  deskChannel?: string;
}

const SIGNING_SECRET_FIX = 'copy the Signing Secret from your Slack app (Basic Information)';
const BOT_TOKEN_FIX = 'copy the Bot User OAuth Token from your Slack app (OAuth & Permissions)';

/** Slack, through Bolt: the Events API over HTTP, or Socket Mode with an app-level token. */
export const slackChannel = defineChannel({
  id: SLACK_CHANNEL,
  names: { en: 'Slack', nl: 'Slack' },
  library: '@slack/bolt',
  docs: 'channels/slack.md',
  env: {
    SLACK_BOT_TOKEN: {
      schema: optionalEnv(z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-')),
      what: 'the Bot User OAuth Token; turns Slack on',
      fix: BOT_TOKEN_FIX,
      switch: true,
    },
    SLACK_SIGNING_SECRET: {
      schema: optionalEnv(z.string().min(8, 'looks too short for a Slack signing secret')),
      what: 'verifies the Events API requests (HTTP mode)',
      fix: SIGNING_SECRET_FIX,
    },
    SLACK_APP_TOKEN: {
      schema: optionalEnv(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-')),
      what: 'Socket Mode instead of HTTP (no public URL needed)',
      fix: 'create an app-level token with connections:write (Basic Information)',
    },
    SLACK_API_URL: { schema: optionalEnv(httpUrlEnv), what: "Web API base URL; Slack's own by default" },
    SLACK_DESK_CHANNEL: {
      schema: optionalEnv(
        z
          .string()
          .trim()
          .regex(/^[CG][A-Z0-9]{6,}$/, "must be the channel's id (like C0123ABCD), not its name"),
      ),
      what: 'the channel where agents take handed-off chats (docs/agents.md)',
      fix: "in Slack open the channel's details; its Channel ID is at the bottom (C…), then invite the bot with /invite @balie",
    },
  },
  settings(env, report): SlackSettings | undefined {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      report('SLACK_SIGNING_SECRET', 'is missing, and Slack events cannot be verified without it', `${SIGNING_SECRET_FIX} (or set SLACK_APP_TOKEN for Socket Mode)`);
    }
    if (env.SLACK_DESK_CHANNEL && !env.SLACK_BOT_TOKEN) {
      report('SLACK_BOT_TOKEN', 'is missing while SLACK_DESK_CHANNEL is set; the Slack desk posts as the Slack app', `${BOT_TOKEN_FIX}, or unset SLACK_DESK_CHANNEL`);
    }
    if (!env.SLACK_BOT_TOKEN) return undefined;
    return {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
      deskChannel: env.SLACK_DESK_CHANNEL,
    };
  },
  capabilities: { buttons: 'native', threads: true, media: true, typing: false, maxLength: LIMITS.sectionText },
  formatting: 'slack-mrkdwn',
  faqKey: SLACK_CHANNEL,
  async create(settings, { site }) {
    const { createSlackAdapter } = await import('./index.js');
    return createSlackAdapter({ ...settings, publicUrl: site.publicUrl });
  },
});
