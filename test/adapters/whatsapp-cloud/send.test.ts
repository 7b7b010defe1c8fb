import type { Activity, CardAction, ConversationReference } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphError } from '../../support/fake-whatsapp-cloud.js';
import { replaceLogic, seen, startCloudBalie, type CloudSetup } from './harness.js';
import { postWebhook, textDelivery } from './payloads.js';

async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (ok(value) || i > 400) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

let n = 0;
const newCustomer = () => `3162000${String(++n).padStart(4, '0')}`;
const reference = (waId: string, bot: ConversationReference['bot'] = { id: 'bot', name: 'bot' }): Partial<ConversationReference> => ({
  channelId: 'whatsapp-cloud',
  conversation: { id: waId, isGroup: false, conversationType: 'personal', name: 'x' },
  user: { id: waId, name: 'Customer' },
  bot,
});

/** Sends as a dialog or agent would (a proactive turn); rejects with whatever the send rejected with. */
async function sendVia(setup: CloudSetup, waId: string, activity: Partial<Activity> | string, as?: ConversationReference['bot']): Promise<void> {
  let failure: unknown;
  await setup.adapter.continueConversation(reference(waId, as), async (context) => {
    try {
      await context.sendActivity(activity);
    } catch (err) {
      failure = err;
    }
  });
  if (failure) throw failure;
}

describe('WhatsApp Cloud outbound messages', () => {
  let setup: CloudSetup;
  beforeAll(async () => {
    setup = await startCloudBalie();
  });
  afterAll(() => setup.stop());

  const send = (waId: string, activity: Partial<Activity> | string) => sendVia(setup, waId, activity);
  const failures = async () => {
    const text = await (await fetch(`${setup.balie.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('balie_send_failures_total{') && l.includes('channel="whatsapp-cloud"') && l.includes('code="PLATFORM_REFUSED"'));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const messageCallsTo = (waId: string) => setup.fake.calls.filter((c) => c.path.endsWith('/messages') && c.body?.to === waId);

  it('answers a customer in WhatsApp formatting, with the bearer token, to their wa_id', async () => {
    const waId = newCustomer();
    await postWebhook(setup.balie.url, textDelivery('what can you do?', { waId }));
    const [reply] = await eventually(
      () => setup.fake.messagesTo(waId),
      (m) => m.length > 0,
    );
    expect(reply).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'text' });
    expect((reply!.text as { body: string }).body).toContain('Type *stop* to leave');
    expect(messageCallsTo(waId)[0]!.authorization).toBe(`Bearer ${setup.fake.token}`);
  });

  it("prefixes an agent's message with the agent's name in bold", async () => {
    const waId = newCustomer();
    // The desk sends as the agent: the conversation reference's `bot` is the agent.
    await sendVia(setup, waId, 'Hi, I am looking at your order now.', { id: 'agent:sanne', name: 'Sanne', role: 'agent' });
    expect(setup.fake.messagesTo(waId).map((m) => (m.text as { body: string }).body)).toEqual(['*Sanne*: Hi, I am looking at your order now.']);
  });

  it('sends reply buttons, a list or numbered options, each accepted by the API', async () => {
    const options = (...titles: string[]) => ({
      to: [],
      actions: titles.map((title) => ({ type: 'imBack', title, value: title.toLowerCase().replace(/\W+/g, '-') }) as CardAction),
    });
    const waId = newCustomer();
    await send(waId, { type: 'message', text: 'Two?', suggestedActions: options('Yes', 'No') });
    await send(waId, { type: 'message', text: 'Four?', suggestedActions: options('Orders', 'Returns', 'Shipping', 'Something else') });
    await send(waId, { type: 'message', text: 'Twelve?', suggestedActions: options(...Array.from({ length: 12 }, (_, i) => `Choice ${i + 1}`)) });
    const sent = setup.fake.messagesTo(waId);
    expect(sent.map((m) => (m.type === 'interactive' ? (m.interactive as { type: string }).type : m.type))).toEqual(['button', 'list', 'text']);
    expect(sent.map(seen)).toEqual([
      { text: 'Two?', buttons: ['Yes', 'No'] },
      { text: 'Four?', buttons: ['Orders', 'Returns', 'Shipping', 'Something else'] },
      { text: 'Twelve?', buttons: Array.from({ length: 12 }, (_, i) => `Choice ${i + 1}`) },
    ]);
  });

  it('understands a numbered reply to numbered options as pressing that option', async () => {
    const received: Partial<Activity>[] = [];
    const other = await startCloudBalie();
    try {
      const titles = Array.from({ length: 11 }, (_, i) => `Branch number ${i + 1}`);
      replaceLogic(other, async (context) => {
        received.push(context.activity);
        if (received.length === 1)
          await context.sendActivity({
            type: 'message',
            text: 'Which shop?',
            suggestedActions: { to: [], actions: titles.map((title, i) => ({ type: 'imBack', title, value: `shop-${i + 1}` })) },
          });
      });
      const waId = newCustomer();
      await postWebhook(other.balie.url, textDelivery('shops', { waId }));
      await eventually(
        () => other.fake.messagesTo(waId),
        (m) => m.length > 0,
      );
      await postWebhook(other.balie.url, textDelivery('2', { waId }));
      await eventually(
        () => received,
        (r) => r.length >= 2,
      );
      expect(received[1]).toMatchObject({ text: '2', value: { action: 'shop-2' } });
    } finally {
      await other.stop();
    }
  });

  it('splits a long text into parts of at most 4096 characters, in order', async () => {
    const waId = newCustomer();
    const long = Array.from({ length: 700 }, (_, i) => `Line ${i} of the terms.`).join(' ');
    await send(waId, long);
    const bodies = setup.fake.messagesTo(waId).map((m) => (m.text as { body: string }).body);
    expect(bodies.length).toBeGreaterThanOrEqual(Math.ceil(long.length / 4096));
    expect(bodies.every((b) => b.length <= 4096)).toBe(true);
    expect(bodies.join(' ')).toBe(long);
  });

  it('sends media by link', async () => {
    const waId = newCustomer();
    await send(waId, {
      type: 'message',
      text: 'Your invoice',
      attachments: [{ contentType: 'application/pdf', contentUrl: 'https://tulpenco.example/invoice.pdf', name: 'invoice.pdf' }],
    });
    expect(setup.fake.messagesTo(waId)).toMatchObject([
      { type: 'document', document: { link: 'https://tulpenco.example/invoice.pdf', filename: 'invoice.pdf', caption: 'Your invoice' } },
    ]);
  });

  it('retries after a 429 and delivers once', async () => {
    const waId = newCustomer();
    const before = await failures();
    setup.fake.failNext(
      { status: 429, headers: { 'retry-after': '0' }, body: graphError(130429, 'Rate limit hit', { details: 'Cloud API message throughput has been reached.' }) },
      2,
    );
    await send(waId, 'after the rate limit');
    expect(messageCallsTo(waId).map((c) => c.status)).toEqual([429, 429, 200]);
    expect(setup.fake.messagesTo(waId)).toHaveLength(1);
    expect(await failures()).toBe(before);
  });

  it('retries the rate-limit code 130429 even on HTTP 400, and server errors and dropped connections', async () => {
    const waId = newCustomer();
    setup.fake.failNext({ status: 400, body: graphError(130429, 'Rate limit hit') });
    setup.fake.failNext({ status: 503, body: graphError(2, 'Service temporarily unavailable') });
    setup.fake.dropNext(1);
    await send(waId, 'eventually');
    expect(messageCallsTo(waId).map((c) => c.status)).toEqual([0, 400, 503, 200]);
    expect(setup.fake.messagesTo(waId)).toHaveLength(1);
  });

  it('rejects a permanent refusal at once, explains it, and counts it in /metrics', async () => {
    const waId = newCustomer();
    const before = await failures();
    setup.fake.failNext({
      status: 400,
      body: graphError(131047, 'Re-engagement message', {
        details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      }),
    });
    const error = await send(waId, 'too late').then(
      () => undefined,
      (err: unknown) => err as Error & { code: string; graphCode: number },
    );
    expect(error).toMatchObject({ code: 'PLATFORM_REFUSED', graphCode: 131047 });
    expect(error!.message).toMatch(/24 hours/);
    expect(messageCallsTo(waId)).toHaveLength(1);
    expect(await failures()).toBe(before + 1);
  });

  it('gives up after a bounded number of rate-limited tries, and counts the failure', async () => {
    const waId = newCustomer();
    const before = await failures();
    setup.fake.failNext({ status: 429, headers: { 'retry-after': '0' }, body: graphError(130429, 'Rate limit hit') }, 4);
    await expect(send(waId, 'never')).rejects.toMatchObject({ code: 'PLATFORM_REFUSED' });
    expect(messageCallsTo(waId)).toHaveLength(4);
    expect(await failures()).toBe(before + 1);
  });

  it('tells the customer when the answer could not be sent', async () => {
    const waId = newCustomer();
    setup.fake.failNext({ status: 400, body: graphError(131026, 'Message undeliverable') });
    await postWebhook(setup.balie.url, textDelivery('hello', { waId }));
    const sent = await eventually(
      () => setup.fake.messagesTo(waId),
      (m) => m.length > 0,
    );
    // The greeting was refused; the turn-error notice went out instead.
    const notices = ['en', 'nl'].map((l) => seen({ type: 'text', text: { body: setup.balie.app.t.t(l, 'turnError') } }).text);
    expect(notices).toContain(sent.map(seen)[0]!.text);
  });

  it('shows the typing indicator on the message being answered', async () => {
    const other = await startCloudBalie();
    try {
      replaceLogic(other, async (context) => {
        await context.sendActivity({ type: 'typing' });
        await context.sendActivity('done');
      });
      const waId = newCustomer();
      await postWebhook(other.balie.url, textDelivery('please wait', { waId, id: 'wamid.TYPING' }));
      await eventually(
        () => other.fake.messagesTo(waId),
        (m) => m.length > 0,
      );
      expect(other.fake.readReceipts()).toEqual([{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.TYPING', typing_indicator: { type: 'text' } }]);
    } finally {
      await other.stop();
    }
  });
});

describe('WhatsApp Cloud adapter with a refused token', () => {
  it('explains that the access token is the problem', async () => {
    const setup = await startCloudBalie({ token: 'EAAG-expired-token-000000' });
    try {
      const error = await sendVia(setup, '31699999999', 'hi').then(
        () => undefined,
        (err: unknown) => err as Error,
      );
      expect(error).toMatchObject({ code: 'PLATFORM_REFUSED', graphCode: 190 });
      expect(error!.message).toContain('WHATSAPP_CLOUD_TOKEN');
    } finally {
      await setup.stop();
    }
  });
});

describe('WhatsApp Cloud adapter stopping', () => {
  it('ends a send waiting to retry instead of holding up shutdown', async () => {
    const setup = await startCloudBalie({ retry: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    setup.fake.failNext({ status: 503, body: graphError(2, 'unavailable') }, 5);
    const sending = sendVia(setup, '31698888888', 'hi').then(
      () => undefined,
      (err: unknown) => err,
    );
    await eventually(
      () => setup.fake.calls.filter((c) => c.path.endsWith('/messages')).length,
      (count) => count > 0,
    );
    await setup.stop();
    expect(await sending).toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});
