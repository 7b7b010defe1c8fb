import type { Config } from '../config.js';
import type { ChannelAdapter } from '../core/channel-adapter.js';
import type { Logger } from '../core/logger.js';
import type { Stores } from '../core/stores.js';

type Deps = { stores: Stores; logger: Logger };

/**
 * The platform adapters that are configured (the web chat is always on and made by the app).
 * Each is imported only when configured: whatsapp-web.js alone pulls in puppeteer, which would
 * slow every start-up of a balie that does not use it.
 */
export async function channelAdaptersFromConfig(config: Config, deps: Deps): Promise<ChannelAdapter[]> {
  const adapters: (ChannelAdapter | undefined)[] = [];
  if (config.telegram) adapters.push((await import('./telegram/from-config.js')).telegramAdapterFromConfig(config, deps));
  if (config.slack) adapters.push((await import('./slack/from-config.js')).slackAdapterFromConfig(config, deps));
  if (config.whatsapp) adapters.push((await import('./whatsapp/from-config.js')).whatsappAdapterFromConfig(config, deps));
  if (config.whatsappCloud) adapters.push((await import('./whatsapp-cloud/from-config.js')).whatsappCloudAdapterFromConfig(config, deps));
  return adapters.filter((adapter): adapter is ChannelAdapter => adapter !== undefined);
}
