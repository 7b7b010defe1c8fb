import type { Config } from '../../config.js';
import type { ChannelAdapter } from '../../core/channel-adapter.js';
import type { Logger } from '../../core/logger.js';
import type { Stores } from '../../core/stores.js';
import { createSlackAdapter } from './index.js';

/** The Slack adapter when SLACK_BOT_TOKEN is set; undefined otherwise. */
export function slackAdapterFromConfig(config: Config, _deps: { stores: Stores; logger: Logger }): ChannelAdapter | undefined {
  if (!config.slack) return undefined;
  const { botToken, signingSecret, appToken, apiUrl, deskChannel } = config.slack;
  return createSlackAdapter({ botToken, signingSecret, appToken, apiUrl, deskChannel, publicUrl: config.publicUrl });
}
