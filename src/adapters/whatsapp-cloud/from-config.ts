import type { Config } from '../../config.js';
import type { ChannelAdapter } from '../../core/channel-adapter.js';
import type { Logger } from '../../core/logger.js';
import type { Stores } from '../../core/stores.js';
import { createWhatsappCloudAdapter } from './index.js';

/** The WhatsApp Cloud API adapter when WHATSAPP_CLOUD_TOKEN (and its companions) are set; undefined otherwise. */
export function whatsappCloudAdapterFromConfig(config: Config, _deps: { stores: Stores; logger: Logger }): ChannelAdapter | undefined {
  const settings = config.whatsappCloud;
  if (!settings) return undefined;
  return createWhatsappCloudAdapter({
    token: settings.token,
    phoneNumberId: settings.phoneNumberId,
    appSecret: settings.appSecret,
    verifyToken: settings.verifyToken,
    apiUrl: settings.apiUrl,
  });
}
