import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTelegramAdapter, WEBHOOK_PATH, type TelegramAdapter, type TelegramAdapterConfig } from '../../../src/adapters/telegram/index.js';
import type { Stores } from '../../../src/core/stores.js';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';
import { startFakeTelegram, telegramHtmlToText, type FakeCall, type FakeTelegram, type FakeTelegramOptions } from '../../support/fake-telegram.js';
import type { SentMessage } from '../adapter.contract.js';
import { InstantClock } from './clocks.js';

const dir = resolve(import.meta.dirname, '../../fixtures/telegram');
/** Recorded webhook bodies (vercel/chat, MIT) and hand-written ones for the other kinds. */
export const recorded = JSON.parse(readFileSync(`${dir}/telegram.json`, 'utf8')) as Record<string, Record<string, unknown>>;
export const kinds = JSON.parse(readFileSync(`${dir}/kinds.json`, 'utf8')) as Record<string, Record<string, unknown>>;

export const SECRET = 'balie-test-webhook-secret_0123456789';

export interface TelegramBalie {
  fake: FakeTelegram;
  balie: RunningBalie;
  adapter: TelegramAdapter;
  clock: InstantClock;
  /** POSTs a webhook body; `secret: null` sends no secret header. */
  post(body: unknown, options?: { secret?: string | null; raw?: boolean }): Promise<Response>;
  stop(): Promise<void>;
}

let nextId = 700_000;

/**
 * A text message from a private chat, built on the recorded `followUp` update with the chat,
 * sender and ids changed (and language_code, which real clients send and the recording lacks).
 */
export function textUpdate(chatId: number, text: string, options: { languageCode?: string; updateId?: number } = {}): Record<string, unknown> {
  const update = structuredClone(recorded.followUp!) as { update_id: number; message: Record<string, unknown> & { chat: Record<string, unknown>; from: Record<string, unknown> } };
  const id = nextId++;
  update.update_id = options.updateId ?? id;
  update.message.message_id = id;
  update.message.date = Math.floor(Date.now() / 1000);
  update.message.text = text;
  update.message.chat.id = chatId;
  update.message.from.id = chatId;
  update.message.from.language_code = options.languageCode ?? 'en';
  return update;
}

/** balie with a Telegram adapter talking to a fake Bot API; webhook mode unless `webhookSecret` is undefined. */
export async function startTelegramBalie(
  config: Partial<TelegramAdapterConfig> = {},
  options: { fake?: FakeTelegram; fakeOptions?: FakeTelegramOptions; stores?: Stores } = {},
): Promise<TelegramBalie> {
  const fake = options.fake ?? (await startFakeTelegram(options.fakeOptions));
  const clock = new InstantClock();
  const adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.url, webhookSecret: SECRET, clock, pollTimeoutSeconds: 1, ...config });
  const balie = await startTestBalie({ adapters: [adapter], stores: options.stores });
  return {
    fake,
    balie,
    adapter,
    clock,
    post: (body, options = {}) => {
      const secret = options.secret === undefined ? SECRET : options.secret;
      return fetch(`${balie.url}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
        body: options.raw ? (body as string) : JSON.stringify(body),
      });
    },
    async stop() {
      await balie.stop();
      if (!options.fake) await fake.close();
    },
  };
}

/** What the customer's Telegram app shows for one sent message: HTML parsed away, buttons' labels. */
export function shown(call: FakeCall): SentMessage {
  const p = call.params as { text?: string; parse_mode?: string; reply_markup?: { inline_keyboard?: { text: string }[][] } };
  const text =
    call.method === 'sendMessage' ? (p.parse_mode === 'HTML' ? telegramHtmlToText(p.text ?? '') : (p.text ?? '')) : `[${call.method === 'sendPhoto' ? 'photo' : 'document'}]`;
  return { text, buttons: (p.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text) };
}

export async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
