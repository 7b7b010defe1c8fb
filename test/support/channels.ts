import { channelSite, type Config } from '../../src/config.js';
import type { ChannelAdapter } from '../../src/core/channel-adapter.js';
import { createLogger } from '../../src/core/logger.js';
import { createMemoryStores, type Stores } from '../../src/core/stores.js';

/** The adapter the app would build for `channelId` from `config`; undefined when that channel is off. */
export async function adapterFromConfig(config: Config, channelId: string, stores: Stores = createMemoryStores()): Promise<ChannelAdapter | undefined> {
  const channel = config.channels.find((c) => c.module.id === channelId);
  if (!channel?.module.create) return undefined;
  return channel.module.create(channel.settings, { stores, logger: createLogger({ level: 'silent' }), site: channelSite(config) });
}
