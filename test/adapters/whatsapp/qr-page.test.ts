import type { Request } from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import { authoriseOperator, isLoopback } from '../../../src/adapters/whatsapp/operator.js';
import { createLogger } from '../../../src/core/logger.js';
import { startTestBalie, testConfig } from '../../support/app.js';
import { adapterFromConfig } from '../../support/channels.js';
import { FakeWhatsAppWeb } from '../../support/fake-whatsapp-client.js';
import { eventually, startWhatsappBalie, type WhatsappTestBalie } from './harness.js';

const ADMIN_TOKEN = 'test-admin-token-0123456789';

describe('the WhatsApp pairing page /whatsapp/qr', () => {
  let running: WhatsappTestBalie | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('is 404 when WhatsApp is not enabled', async () => {
    expect(await adapterFromConfig(testConfig(), 'whatsapp')).toBeUndefined();
    const balie = await startTestBalie();
    try {
      expect((await fetch(`${balie.url}/whatsapp/qr`)).status).toBe(404);
    } finally {
      await balie.stop();
    }
  });

  it('is built from the config when WHATSAPP_ENABLED=true', async () => {
    const config = testConfig({ WHATSAPP_ENABLED: 'true', WHATSAPP_SESSION_DIR: '/tmp/balie-wa-config-test', PUBLIC_URL: 'https://bot.example.com/' });
    const adapter = await adapterFromConfig(config, 'whatsapp');
    expect(adapter?.channelId).toBe('whatsapp');
  });

  it('shows the QR code (also in the terminal, via printQr) until the phone is linked, then the status', async () => {
    const printed: string[] = [];
    const logs: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logs.push(line) } });
    running = await startWhatsappBalie({
      world: new FakeWhatsAppWeb({ pairing: 'qr' }),
      waitReady: false,
      balie: { logger },
      adapter: { printQr: (qr) => printed.push(qr), qrPageUrl: 'https://bot.example.com/whatsapp/qr' },
    });
    await eventually(
      () => running!.adapter.session.state.state,
      (s) => s === 'qr',
      'a QR code',
    );

    const res = await fetch(`${running.balie.url}/whatsapp/qr`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<svg');
    expect(html).toContain('Linked devices');
    expect(html).toMatch(/<meta http-equiv="refresh" content="5">/);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^2@/);
    expect(logs.join('\n')).toContain('scan the QR code at https://bot.example.com/whatsapp/qr');
    expect(logs.join('\n')).not.toContain(printed[0]!);
    expect(await (await fetch(`${running.balie.url}/readyz`)).json()).toMatchObject({ checks: { whatsapp: expect.stringContaining('waiting for the QR code to be scanned') } });

    running.world.scan();
    const status = await (await fetch(`${running.balie.url}/whatsapp/qr?format=json`)).json();
    expect(status).toMatchObject({ state: 'ready', account: 'Balie Test Shop', standby: false });
    expect(status.qr).toBeUndefined();
    const after = await (await fetch(`${running.balie.url}/whatsapp/qr`)).text();
    expect(after).not.toContain('<svg');
    expect(after).toContain('WhatsApp is connected');
  });

  it('without BALIE_ADMIN_TOKEN answers only on this machine, never through a proxy', async () => {
    running = await startWhatsappBalie();
    expect((await fetch(`${running.balie.url}/whatsapp/qr`)).status).toBe(200);
    const proxied = await fetch(`${running.balie.url}/whatsapp/qr`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(proxied.status).toBe(403);
    expect(await proxied.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('BALIE_ADMIN_TOKEN') } });
  });

  it('with BALIE_ADMIN_TOKEN needs the token, also on this machine', async () => {
    running = await startWhatsappBalie({ adapter: { adminToken: ADMIN_TOKEN } });
    const url = `${running.balie.url}/whatsapp/qr`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${url}?token=wrong-token-0123456789abc`)).status).toBe(401);
    expect((await fetch(`${url}?token=${ADMIN_TOKEN}`)).status).toBe(200);
    expect((await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${url}?token=${ADMIN_TOKEN}`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200);
  });

  it('refuses other machines when there is no token', () => {
    const request = (remoteAddress: string) => ({ query: {}, header: () => undefined, socket: { remoteAddress } }) as unknown as Request;
    expect(() => authoriseOperator(request('203.0.113.9'), undefined)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => authoriseOperator(request('::ffff:127.0.0.1'), undefined)).not.toThrow();
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});
