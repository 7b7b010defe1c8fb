import { randomUUID } from 'node:crypto';
import type { RunningBalie } from '../../../src/main.js';
import { startTestBalie } from '../../support/app.js';
import { adapterContract, type ChannelHarness } from '../adapter.contract.js';

/** The web chat driven over its HTTP API, as the page does. */
function webchatHarness(): ChannelHarness & { conversationId(chat: string): string } {
  let balie: RunningBalie;
  const chats = new Map<string, { conversationId: string; token: string }>();
  const lastBody = new Map<string, { chat: string; body: unknown }>();

  const open = async (chat: string) => {
    let c = chats.get(chat);
    if (!c) {
      const res = await fetch(`${balie.url}/api/webchat/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'en-GB' }),
      });
      c = (await res.json()) as { conversationId: string; token: string };
      chats.set(chat, c);
    }
    return c;
  };
  const post = async (chat: string, body: unknown) => {
    const c = await open(chat);
    const res = await fetch(`${balie.url}/api/webchat/conversations/${c.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 202) throw new Error(`web chat answered ${res.status}: ${await res.text()}`);
  };

  return {
    channelId: 'webchat',
    async start() {
      balie = await startTestBalie();
    },
    stop: () => balie.stop(),
    app: () => balie.app,
    conversationId: (chat) => chats.get(chat)!.conversationId,
    async customerSays(chat, text) {
      const clientMessageId = randomUUID().replaceAll('-', '');
      const body = { clientMessageId, text, locale: 'en-GB' };
      lastBody.set(clientMessageId, { chat, body });
      await post(chat, body);
      return clientMessageId;
    },
    async redeliver(nativeId) {
      const { chat, body } = lastBody.get(nativeId)!;
      await post(chat, body);
    },
    async sent(chat) {
      const c = await open(chat);
      const res = await fetch(`${balie.url}/api/webchat/conversations/${c.conversationId}/messages`, { headers: { authorization: `Bearer ${c.token}` } });
      const { messages } = (await res.json()) as { messages: { direction: string; text?: string; suggestedActions?: { title: string }[] }[] };
      return messages.filter((m) => m.direction === 'out').map((m) => ({ text: m.text ?? '', buttons: (m.suggestedActions ?? []).map((a) => a.title) }));
    },
  };
}

adapterContract(webchatHarness);
