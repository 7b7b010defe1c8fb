import type { Config } from '../../config.js';
import type { ChannelAdapter } from '../../core/channel-adapter.js';
import type { Logger } from '../../core/logger.js';
import type { Stores } from '../../core/stores.js';
import { createWhatsappAdapter } from './index.js';

/** The WhatsApp Web adapter when WHATSAPP_ENABLED=true, else undefined. */
export function whatsappAdapterFromConfig(config: Config, deps: { stores: Stores; logger: Logger }): ChannelAdapter | undefined {
  if (!config.whatsapp) return undefined;
  const base = config.publicUrl?.replace(/\/+$/, '');
  if (!deps.stores.redis) {
    deps.logger.info({ sessionDir: config.whatsapp.sessionDir }, 'WhatsApp session is kept on disk (LocalAuth); with REDIS_URL it is kept in Redis and several processes can share it');
  }
  return createWhatsappAdapter({
    sessionDir: config.whatsapp.sessionDir,
    executablePath: config.whatsapp.executablePath,
    adminToken: config.adminToken,
    redis: deps.stores.redis,
    prefix: deps.stores.redis ? config.redisPrefix : deps.stores.prefix,
    bus: deps.stores.bus,
    qrPageUrl: base ? `${base}/whatsapp/qr` : undefined,
  });
}
