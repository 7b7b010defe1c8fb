import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SECRET, VERIFY_TOKEN, delivery, postWebhook, recorded, textDelivery } from './payloads.js';
import { replaceLogic, startCloudBalie, type CloudSetup } from './harness.js';
import { signatureFor } from '../../../src/adapters/whatsapp-cloud/verify.js';
import { createLogger } from '../../../src/core/logger.js';
import { graphError } from '../../support/fake-whatsapp-cloud.js';

async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (ok(value) || i > 400) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('WhatsApp Cloud webhook verification (GET)', () => {
  let setup: CloudSetup;
  beforeAll(async () => {
    setup = await startCloudBalie();
  });
  afterAll(() => setup.stop());

  const verify = (query: Record<string, string>) => fetch(`${setup.balie.url}/webhooks/whatsapp?${new URLSearchParams(query)}`);

  it('answers the challenge as plain text when the verify token is right', async () => {
    const res = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it('refuses a wrong verify token with 403 and says which setting to check', async () => {
    const res = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1158201444' });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain('WHATSAPP_VERIFY_TOKEN');
    expect(text).not.toContain('1158201444');
  });

  it('refuses a request that is not a subscription check', async () => {
    const res = await verify({ 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' });
    expect(res.status).toBe(403);
  });
});

describe('WhatsApp Cloud webhook deliveries (POST)', () => {
  let setup: CloudSetup;
  const seen: Partial<Activity>[] = [];
  beforeAll(async () => {
    setup = await startCloudBalie();
    replaceLogic(setup, async (context) => {
      seen.push(context.activity);
    });
  });
  afterAll(() => setup.stop());

  const metric = async (name: string) => {
    const text = await (await fetch(`${setup.balie.url}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith(name) && l.includes('whatsapp-cloud'))
      .join('\n');
  };
  const seenWith = (id: string) =>
    eventually(
      () => seen.filter((a) => a.id === id),
      (s) => s.length > 0,
    );

  it('runs a turn for the recorded message, signed over the exact body', async () => {
    const res = await postWebhook(setup.balie.url, recorded.firstMessage);
    expect(res.status).toBe(200);
    const [activity] = await seenWith('wamid.FAKE_MSG_ID_001');
    expect(activity).toMatchObject({
      channelId: 'whatsapp-cloud',
      text: 'What is Vercel?',
      from: { id: '15550002222', name: 'Test User' },
      conversation: { id: '15550002222', isGroup: false },
    });
  });

  it('refuses a forged signature with 401 and runs no turn', async () => {
    const body = textDelivery('forged', { id: 'wamid.FORGED' });
    const res = await postWebhook(setup.balie.url, body, { secret: 'not-the-app-secret-at-all' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('X-Hub-Signature-256');
    const missing = await postWebhook(setup.balie.url, body, { signature: null });
    expect(missing.status).toBe(401);
    const otherBody = await postWebhook(setup.balie.url, JSON.stringify(body), { signature: signatureFor(JSON.stringify(recorded.secondMessage), APP_SECRET) });
    expect(otherBody.status).toBe(401);
    const malformedHeader = await postWebhook(setup.balie.url, body, { signature: 'sha1=abc' });
    expect(malformedHeader.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.some((a) => a.id === 'wamid.FORGED')).toBe(false);
    expect(await setup.balie.app.stores.transcripts.list('whatsapp-cloud:15550002222')).not.toContainEqual(expect.objectContaining({ text: 'forged' }));
  });

  it('verifies a body re-serialised with different spacing as a different body', async () => {
    // The signature covers the exact bytes: the same JSON with other whitespace must not pass.
    const body = textDelivery('spacing', { id: 'wamid.SPACING' });
    const res = await postWebhook(setup.balie.url, JSON.stringify(body, null, 2), { signature: signatureFor(JSON.stringify(body), APP_SECRET) });
    expect(res.status).toBe(401);
    const ok = await postWebhook(setup.balie.url, JSON.stringify(body, null, 2));
    expect(ok.status).toBe(200);
  });

  it("checks the signature over raw UTF-8 and over Meta's \\u-escaped form alike", async () => {
    const raw = JSON.stringify(textDelivery('Één vraag 🌷', { id: 'wamid.UTF8' }));
    expect((await postWebhook(setup.balie.url, raw)).status).toBe(200);
    const escaped = JSON.stringify(textDelivery('Één vraag 🌷', { id: 'wamid.ESCAPED' })).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(escaped).not.toMatch(/[^\x00-\x7f]/);
    expect((await postWebhook(setup.balie.url, escaped)).status).toBe(200);
    expect((await seenWith('wamid.UTF8'))[0]!.text).toBe('Één vraag 🌷');
    expect((await seenWith('wamid.ESCAPED'))[0]!.text).toBe('Één vraag 🌷');
  });

  it('answers 400 saying what is wrong with a malformed, correctly signed body', async () => {
    const noId = textDelivery('x');
    delete noId.entry[0]!.changes[0]!.value.messages![0]!.id;
    let res = await postWebhook(setup.balie.url, noId);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('entry[0].changes[0].value.messages[0].id');

    res = await postWebhook(setup.balie.url, { ...recorded.firstMessage, object: 'page' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('whatsapp_business_account');

    res = await postWebhook(setup.balie.url, delivery({ type: 'location', location: { latitude: 'north' } }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('location.latitude');

    res = await postWebhook(setup.balie.url, '{"object": "whatsapp_business_account", "entry": [');
    expect(res.status).toBe(400);
  });

  it('acknowledges delivery statuses without running a turn', async () => {
    const before = seen.length;
    const res = await postWebhook(setup.balie.url, recorded.statusUpdate);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.length).toBe(before);
  });

  it('counts a message WhatsApp accepted but could not deliver as a failed send', async () => {
    const failed = structuredClone(recorded.statusUpdate);
    failed.entry[0]!.changes[0]!.value.statuses = [
      {
        id: 'wamid.FAKE_OUT_LATE',
        status: 'failed',
        timestamp: '1772998040',
        recipient_id: '15550002222',
        errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed' } }],
      },
    ];
    expect((await postWebhook(setup.balie.url, failed)).status).toBe(200);
    expect(await metric('balie_send_failures_total')).toContain('code="PLATFORM_REFUSED"');
  });

  it('acknowledges other webhook fields and other phone numbers without a turn', async () => {
    const other = structuredClone(recorded.firstMessage);
    other.entry[0]!.changes[0]!.field = 'message_template_status_update';
    other.entry[0]!.changes[0]!.value = { event: 'APPROVED', message_template_id: 1 } as never;
    expect((await postWebhook(setup.balie.url, other)).status).toBe(200);
    expect((await postWebhook(setup.balie.url, textDelivery('not for us', { id: 'wamid.OTHER_NUMBER', phoneNumberId: '109999999999999' }))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.some((a) => a.id === 'wamid.OTHER_NUMBER')).toBe(false);
  });

  it('hands every message of one delivery to the bot, in order', async () => {
    const body = textDelivery('first', { id: 'wamid.BATCH_1', waId: '31600000077' });
    body.entry[0]!.changes[0]!.value.messages!.push({ from: '31600000077', id: 'wamid.BATCH_2', timestamp: '1772998099', type: 'text', text: { body: 'second' } });
    expect((await postWebhook(setup.balie.url, body)).status).toBe(200);
    const both = await eventually(
      () => seen.filter((a) => a.conversation?.id === '31600000077'),
      (s) => s.length >= 2,
    );
    expect(both.map((a) => a.text)).toEqual(['first', 'second']);
  });

  it('answers a redelivered message once', async () => {
    const body = textDelivery('again', { id: 'wamid.REDELIVERED' });
    expect((await postWebhook(setup.balie.url, body)).status).toBe(200);
    expect((await postWebhook(setup.balie.url, body)).status).toBe(200);
    await seenWith('wamid.REDELIVERED');
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.filter((a) => a.id === 'wamid.REDELIVERED')).toHaveLength(1);
  });

  it('normalises a media message and downloads the file on demand with the token', async () => {
    setup.fake.addMedia('880001', { data: Buffer.from('%PDF-1.7 fake receipt'), mimeType: 'application/pdf' });
    const body = delivery(
      { type: 'document', document: { id: '880001', mime_type: 'application/pdf', filename: 'receipt.pdf', sha256: 'x', caption: 'my receipt' } },
      { id: 'wamid.DOC' },
    );
    expect((await postWebhook(setup.balie.url, body)).status).toBe(200);
    const [activity] = await seenWith('wamid.DOC');
    expect(activity!.text).toBe('my receipt');
    const attachment = activity!.attachments![0]!;
    expect(attachment).toMatchObject({ contentType: 'application/pdf', contentUrl: 'whatsapp-cloud-media:880001', name: 'receipt.pdf' });
    const file = await setup.adapter.fetchMedia(attachment);
    expect(file).toEqual({ data: Buffer.from('%PDF-1.7 fake receipt'), contentType: 'application/pdf', name: 'receipt.pdf' });
    const calls = setup.fake.calls.filter((c) => c.path.includes('880001'));
    expect(calls.map((c) => [c.method, c.path.replace(/^\/v[\d.]+/, ''), c.authorization])).toEqual([
      ['GET', '/880001', `Bearer ${setup.fake.token}`],
      ['GET', '/media-download/880001', `Bearer ${setup.fake.token}`],
    ]);
  });

  it('reports an unknown media id as refused by the platform', async () => {
    await expect(setup.adapter.fetchMedia({ contentUrl: 'whatsapp-cloud-media:404404' })).rejects.toMatchObject({ code: 'PLATFORM_REFUSED' });
    await expect(setup.adapter.fetchMedia({ contentUrl: 'https://elsewhere.example/x' })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});

describe('WhatsApp Cloud webhook when balie cannot take messages', () => {
  it('answers 503 so that Meta delivers again, and runs no turn', async () => {
    const setup = await startCloudBalie();
    try {
      await setup.balie.app.ingress.drain();
      const res = await postWebhook(setup.balie.url, textDelivery('too late', { id: 'wamid.LATE' }));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(setup.fake.messagesTo('15550002222')).toEqual([]);
    } finally {
      await setup.stop();
    }
  });
});

describe('WhatsApp Cloud logs at info level', () => {
  it("contain neither the customer's number, their text, nor the access token or app secret", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const setup = await startCloudBalie({}, { logger });
    try {
      setup.fake.failNext({ status: 400, body: graphError(131026, 'Message undeliverable', { details: 'to 31687654321' }) });
      await postWebhook(setup.balie.url, textDelivery('my secret question', { waId: '31687654321', name: 'Anna de Vries' }));
      await postWebhook(setup.balie.url, textDelivery('forged', { waId: '31687654321' }), { secret: 'wrong-secret-wrong-secret' });
      await eventually(
        () => setup.fake.messagesTo('31687654321'),
        (m) => m.length > 0,
      );
    } finally {
      await setup.stop();
    }
    const log = lines.join('\n');
    expect(log).toContain('could not send a WhatsApp message');
    expect(log).toContain('refused a WhatsApp webhook');
    for (const secret of ['31687654321', 'my secret question', 'Anna de Vries', setup.fake.token, APP_SECRET]) expect(log).not.toContain(secret);
  });
});
