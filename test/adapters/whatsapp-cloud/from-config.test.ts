import { describe, expect, it } from 'vitest';
import { whatsappCloudAdapterFromConfig } from '../../../src/adapters/whatsapp-cloud/from-config.js';
import { WhatsappCloudAdapter } from '../../../src/adapters/whatsapp-cloud/index.js';
import { createLogger } from '../../../src/core/logger.js';
import { createMemoryStores } from '../../../src/core/stores.js';
import { testConfig } from '../../support/app.js';

const deps = () => ({ stores: createMemoryStores(), logger: createLogger({ level: 'silent' }) });
const env = {
  WHATSAPP_CLOUD_TOKEN: 'EAAG-some-token-value',
  WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
  WHATSAPP_APP_SECRET: 'an-app-secret-of-32-characters!!',
  WHATSAPP_VERIFY_TOKEN: 'verify-me-please',
};

describe('whatsappCloudAdapterFromConfig', () => {
  it('is off without WHATSAPP_CLOUD_TOKEN', () => {
    expect(whatsappCloudAdapterFromConfig(testConfig(), deps())).toBeUndefined();
  });

  it('builds the adapter when the four settings are there', () => {
    const adapter = whatsappCloudAdapterFromConfig(testConfig({ ...env }), deps());
    expect(adapter).toBeInstanceOf(WhatsappCloudAdapter);
    expect(adapter!.channelId).toBe('whatsapp-cloud');
  });

  it('refuses to start when a companion setting is missing, naming it', () => {
    expect(() => testConfig({ ...env, WHATSAPP_APP_SECRET: undefined })).toThrow(/WHATSAPP_APP_SECRET/);
  });
});
