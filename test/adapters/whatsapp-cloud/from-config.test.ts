import { describe, expect, it } from 'vitest';
import { WhatsappCloudAdapter } from '../../../src/adapters/whatsapp-cloud/index.js';
import { testConfig } from '../../support/app.js';
import { adapterFromConfig } from '../../support/channels.js';

const env = {
  WHATSAPP_CLOUD_TOKEN: 'EAAG-some-token-value',
  WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
  WHATSAPP_APP_SECRET: 'an-app-secret-of-32-characters!!',
  WHATSAPP_VERIFY_TOKEN: 'verify-me-please',
};

describe('the WhatsApp Cloud channel from the config', () => {
  it('is off without WHATSAPP_CLOUD_TOKEN', async () => {
    expect(await adapterFromConfig(testConfig(), 'whatsapp-cloud')).toBeUndefined();
  });

  it('builds the adapter when the four settings are there', async () => {
    const adapter = await adapterFromConfig(testConfig({ ...env }), 'whatsapp-cloud');
    expect(adapter).toBeInstanceOf(WhatsappCloudAdapter);
    expect(adapter!.channelId).toBe('whatsapp-cloud');
  });

  it('refuses to start when a companion setting is missing, naming it', () => {
    expect(() => testConfig({ ...env, WHATSAPP_APP_SECRET: undefined })).toThrow(/WHATSAPP_APP_SECRET/);
  });
});
