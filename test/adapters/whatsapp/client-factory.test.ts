import { Redis } from 'ioredis';
import wweb from 'whatsapp-web.js';
import { describe, expect, it } from 'vitest';
import { PUPPETEER_ARGS, authStrategyFor, clientOptions, defaultClientFactory } from '../../../src/adapters/whatsapp/client-factory.js';
import { testRedisUrl } from '../../support/redis.js';

describe('the default whatsapp-web.js client', () => {
  it('is a real Client on a headless Chromium with the session on disk when there is no Redis (and starts no browser until initialize)', () => {
    const client = defaultClientFactory(clientOptions(authStrategyFor({ sessionDir: '/tmp/balie-wa-default', prefix: 'balie:', backupSyncIntervalMs: 0 }), '/usr/bin/chromium'));
    expect(client).toBeInstanceOf(wweb.Client);
    const { options } = client as unknown as { options: wweb.ClientOptions };
    expect(client.pupBrowser).toBeNull();
    expect(options.puppeteer).toMatchObject({ headless: true, executablePath: '/usr/bin/chromium', args: PUPPETEER_ARGS });
    expect(options.authStrategy).toBeInstanceOf(wweb.LocalAuth);
    expect((options.authStrategy as wweb.LocalAuth).dataPath).toBe('/tmp/balie-wa-default');
  });

  it('keeps the session in Redis (RemoteAuth, backed up at least every minute) when there is Redis', async () => {
    const redis = new Redis(testRedisUrl(), { lazyConnect: true });
    try {
      const auth = authStrategyFor({ sessionDir: '/tmp/balie-wa-remote', redis, prefix: 'balie:', backupSyncIntervalMs: 1000 });
      expect(auth).toBeInstanceOf(wweb.RemoteAuth);
      expect(auth).toMatchObject({ clientId: 'balie', dataPath: '/tmp/balie-wa-remote', backupSyncIntervalMs: 60_000 });
    } finally {
      redis.disconnect();
    }
  });
});
