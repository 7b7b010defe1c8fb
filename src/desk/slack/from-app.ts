import type { SlackAdapter } from '../../adapters/slack/index.js';
import { slackChannel } from '../../adapters/slack/module.js';
import { settingsOf } from '../../core/channel-module.js';
import type { Config } from '../../config.js';
import type { ChannelAdapter } from '../../core/channel-adapter.js';
import type { Logger } from '../../core/logger.js';
import type { Stores } from '../../core/stores.js';
import type { Handoff } from '../../handoff/create.js';
import type { DeskStores } from '../stores.js';
import type { SlackDesk } from './index.js';

/**
 * The Slack desk when SLACK_DESK_CHANNEL is set, the Slack adapter is there and agents.yaml lists
 * agents; undefined otherwise. Imported lazily (Bolt is heavy) and says why it stays off.
 */
export async function slackDeskFromApp(deps: {
  config: Config;
  handoff?: Handoff;
  stores: Stores;
  deskStores: DeskStores;
  adapters: ChannelAdapter[];
  logger: Logger;
}): Promise<SlackDesk | undefined> {
  const { config, handoff, logger } = deps;
  const deskChannel = settingsOf(config.channels, slackChannel)?.deskChannel;
  if (!deskChannel) return undefined;
  if (!handoff) {
    logger.warn('SLACK_DESK_CHANNEL is set, but agents.yaml lists no agents: the Slack desk stays off');
    return undefined;
  }
  const adapter = deps.adapters.find((a) => a.channelId === slackChannel.id) as SlackAdapter | undefined;
  if (!adapter || typeof adapter.useDesk !== 'function' || adapter.deskChannel !== deskChannel) {
    logger.warn('SLACK_DESK_CHANNEL is set, but the Slack adapter in use was not made from the config: the Slack desk stays off');
    return undefined;
  }
  const { createSlackDesk } = await import('./index.js');
  return createSlackDesk({
    adapter,
    handoff,
    stores: deps.stores,
    agents: config.agents,
    language: config.bot.defaultLanguage,
    channels: config.channelModules,
    logger,
    store: deps.deskStores.slackPosts,
    media: deps.deskStores.media,
    publicUrl: config.publicUrl,
  });
}
