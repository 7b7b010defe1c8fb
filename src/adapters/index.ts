import type { ChannelAdapter } from '../core/channel-adapter.js';
import type { ChannelContext, ChannelModule, ConfiguredChannel } from '../core/channel-module.js';
import { slackChannel } from './slack/module.js';
import { telegramChannel } from './telegram/module.js';
import { webchatChannel } from './webchat/module.js';
import { whatsappCloudChannel } from './whatsapp-cloud/module.js';
import { whatsappChannel } from './whatsapp/module.js';

/**
 * Every channel balie knows: adding one is a folder in src/adapters and a line here (see
 * docs/channels.md, "Adding a channel"). Config, the FAQ, the Slack desk and the docs read this list.
 */
export const channelModules: readonly ChannelModule[] = [webchatChannel, telegramChannel, slackChannel, whatsappChannel, whatsappCloudChannel];

/** The adapters of the configured platform channels (the web chat is made by the app). */
export async function createChannelAdapters(channels: readonly ConfiguredChannel[], context: ChannelContext): Promise<ChannelAdapter[]> {
  const adapters: ChannelAdapter[] = [];
  for (const { module, settings } of channels) if (module.create) adapters.push(await module.create(settings, context));
  return adapters;
}
