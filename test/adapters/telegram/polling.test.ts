import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_PATH } from '../../../src/adapters/telegram/index.js';
import { eventually, shown, startTelegramBalie, textUpdate, type TelegramBalie } from './harness.js';

describe('Telegram long polling', () => {
  let t: TelegramBalie;
  beforeAll(async () => {
    t = await startTelegramBalie({ webhookSecret: undefined });
  });
  afterAll(() => t.stop());

  it('removes any webhook first, then polls getUpdates', async () => {
    expect(t.fake.callsTo('deleteWebhook')).toHaveLength(1);
    await eventually(
      () => t.fake.openPolls,
      (n) => n === 1,
    );
    expect(t.fake.openPolls).toBe(1);
    const ready = await (await fetch(`${t.balie.url}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', checks: { telegram: 'ok' } });
  });

  it('answers a pushed update, in order with the ones after it', async () => {
    const chat = 6_100_001;
    t.fake.push(textUpdate(chat, 'hello'));
    t.fake.push(textUpdate(chat, 'what can you do'));
    const sent = await eventually(
      () => t.fake.sentTo(chat),
      (s) => s.length >= 2,
    );
    const app = t.balie.app;
    expect(sent.map((m) => shown(m).text.slice(0, 20))).toEqual(
      [app.t.t('en', 'greeting', { bot: app.config.bot.name }), app.t.t('en', 'help')].map((s) => s.replace(/\*\*/g, '').slice(0, 20)),
    );
    // The next poll confirmed both (offset past the last update_id).
    await eventually(
      () => t.fake.calls.filter((c) => c.method === 'getUpdates').at(-1)?.params.offset,
      (o) => Number(o) > 0,
    );
  });

  it('has no webhook route to forge updates through', async () => {
    const res = await fetch(`${t.balie.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(textUpdate(6_100_002, 'hello')),
    });
    expect(res.status).toBe(404);
    expect(t.fake.sentTo(6_100_002)).toEqual([]);
  });
});

describe('stopping long polling', () => {
  it('ends the open getUpdates request at once and confirms what was handled', async () => {
    // The fake would hold the poll for 10 minutes: only an aborted request lets stop() finish.
    const t = await startTelegramBalie({ webhookSecret: undefined, pollTimeoutSeconds: 600 }, { fakeOptions: { maxPollSeconds: 600 } });
    const chat = 6_200_001;
    const update = t.fake.push(textUpdate(chat, 'hello'));
    await eventually(
      () => t.fake.sentTo(chat),
      (s) => s.length >= 1,
    );
    await eventually(
      () => t.fake.openPolls,
      (n) => n === 1,
    );

    await t.balie.stop();
    expect(t.fake.openPolls).toBe(0);
    const last = t.fake.calls.filter((c) => c.method === 'getUpdates').at(-1)!;
    expect(Number(last.params.offset)).toBe(Number(update.update_id) + 1);
    const callsAfterStop = t.fake.calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(t.fake.calls.length).toBe(callsAfterStop);
    await t.fake.close();
  });

  it('leaves an update it could not take for the next start', async () => {
    const t = await startTelegramBalie({ webhookSecret: undefined });
    await eventually(
      () => t.fake.openPolls,
      (n) => n === 1,
    );
    // The ingress refuses from now on, as during a shutdown.
    await t.balie.app.ingress.drain();
    const update = t.fake.push(textUpdate(6_300_001, 'hello'));
    await eventually(
      () => t.adapter.status(),
      (s) => !s.ready,
    );
    expect(t.adapter.status()).toEqual({ ready: false, detail: 'balie is shutting down' });
    await t.balie.stop();
    const offsets = t.fake.calls.filter((c) => c.method === 'getUpdates').map((c) => Number(c.params.offset ?? 0));
    expect(Math.max(...offsets)).toBeLessThanOrEqual(Number(update.update_id));
    await t.fake.close();
  });
});
