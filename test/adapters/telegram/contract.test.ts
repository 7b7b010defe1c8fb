import { expect } from 'vitest';
import { adapterContract, type ChannelHarness } from '../adapter.contract.js';
import { shown, startTelegramBalie, textUpdate, type TelegramBalie } from './harness.js';

/** Telegram in webhook mode: updates POSTed with the secret header, replies read from the fake Bot API. */
function telegramHarness(): ChannelHarness & { conversationId(chat: string): string } {
  let t: TelegramBalie;
  const chatIds = new Map<string, number>();
  const bodies = new Map<string, unknown>();
  const chatId = (chat: string) => {
    if (!chatIds.has(chat)) chatIds.set(chat, 4_100_000 + chatIds.size);
    return chatIds.get(chat)!;
  };
  const post = async (body: unknown) => {
    const res = await t.post(body);
    expect(res.status, await res.clone().text()).toBe(200);
  };

  return {
    channelId: 'telegram',
    async start() {
      t = await startTelegramBalie();
    },
    stop: () => t.stop(),
    app: () => t.balie.app,
    conversationId: (chat) => String(chatId(chat)),
    async customerSays(chat, text) {
      const update = textUpdate(chatId(chat), text);
      const nativeId = String(update.update_id);
      bodies.set(nativeId, update);
      await post(update);
      return nativeId;
    },
    async redeliver(nativeId) {
      await post(bodies.get(nativeId));
    },
    async sent(chat) {
      return t.fake.sentTo(chatId(chat)).map(shown);
    },
  };
}

adapterContract(telegramHarness);
