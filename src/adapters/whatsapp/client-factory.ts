import type { RedisClient } from '../../core/redis/slots.js';
import { Client, LocalAuth, RemoteAuth, type WAAuthStrategy, type WAClient, type WAClientOptions } from './library.js';
import { RedisAuthStore } from './redis-auth-store.js';

/** Builds a whatsapp-web.js Client; tests pass one that never starts a browser. */
export type WhatsappClientFactory = (options: WAClientOptions) => WAClient;

/*
 * Chromium in a container: no setuid sandbox is available there and /dev/shm is tiny. The
 * sandbox flags are the usual price of running headless Chromium as a service; the browser only
 * ever opens web.whatsapp.com.
 */
export const PUPPETEER_ARGS = ['--no-sandbox', '--disable-setuid-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check'];

export const defaultClientFactory: WhatsappClientFactory = (options) => new Client(options);

export interface AuthSettings {
  sessionDir: string;
  /** With Redis the session is zipped into Redis (RemoteAuth); without it, it stays in sessionDir. */
  redis?: RedisClient;
  prefix: string;
  /** RemoteAuth only: whether this process may write the stored session (it holds the lease). */
  canWrite?: () => boolean;
  onSkipped?: (what: 'save' | 'delete', session: string) => void;
  /** RemoteAuth only: how often the session is zipped to Redis (at least 60 s, a library rule). */
  backupSyncIntervalMs: number;
}

/** The RemoteAuth/LocalAuth `clientId`: the session directory is RemoteAuth-balie or session-balie. */
export const SESSION_CLIENT_ID = 'balie';

/** A new auth strategy per client: a strategy belongs to the client it was set up with. */
export function authStrategyFor(settings: AuthSettings): WAAuthStrategy {
  if (settings.redis) {
    const store = new RedisAuthStore({ redis: settings.redis, prefix: settings.prefix, dataPath: settings.sessionDir, canWrite: settings.canWrite, onSkipped: settings.onSkipped });
    return new RemoteAuth({ store, clientId: SESSION_CLIENT_ID, dataPath: settings.sessionDir, backupSyncIntervalMs: Math.max(60_000, settings.backupSyncIntervalMs) });
  }
  return new LocalAuth({ clientId: SESSION_CLIENT_ID, dataPath: settings.sessionDir });
}

export function clientOptions(authStrategy: WAAuthStrategy, executablePath?: string): WAClientOptions {
  return {
    authStrategy,
    puppeteer: { headless: true, args: PUPPETEER_ARGS, ...(executablePath ? { executablePath } : {}) },
  };
}
