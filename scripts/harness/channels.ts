import { Agent, request } from 'node:http';
import { dmEvent, signatureHeaders } from '../../test/adapters/slack/driver.js';
import type { FakeSlack } from '../../test/support/fake-slack.js';
import type { FakeTelegram } from '../../test/support/fake-telegram.js';

/**
 * The customers' side of the harness, one per channel: how a platform delivers conversation `c`'s
 * message `seq` to balie (and redelivers it after a failure: the same update, as the platform
 * would), and which replies each customer has seen, in the order they arrived.
 */
export interface HarnessChannel {
  readonly name: 'telegram' | 'slack' | 'webchat';
  /** Once, before the run (the web chat opens its conversations). */
  prepare(conversations: number[], url: string): Promise<void>;
  /** One delivery attempt to one process: the HTTP status, and whether the platform would count it as delivered. */
  deliver(url: string, conversation: number, seq: number, attempt: number): Promise<{ ok: boolean; status: number }>;
  /** Conversations' replies (`seq` numbers), in the order the customer got them (all, or `only` these). */
  replies(anyUrl: () => string | undefined, only?: number[]): Promise<Map<number, number[]>>;
}

const agent = new Agent({ keepAlive: true, maxSockets: 512 });

export interface HttpAnswer {
  status: number;
  body: string;
}

export function http(method: 'GET' | 'POST', url: string, body: string | undefined, headers: Record<string, string> = {}, timeoutMs = 15_000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent, headers: body === undefined ? headers : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // A platform gives up on a webhook that hangs (Slack after 3 s, Telegram after a while) and redelivers.
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

const ECHO = /^echo seq (\d+)$/;

/** Telegram: webhook updates with the secret token header; replies are the fake's sendMessage calls. */
export function telegramChannel(fake: FakeTelegram, secret: string): HarnessChannel {
  const base = 7_000_000;
  // One update id per message, kept for its redeliveries, as Telegram does.
  const updateIds = new Map<string, number>();
  let nextUpdate = 1;
  return {
    name: 'telegram',
    async prepare() {},
    async deliver(url, c, seq) {
      const chatId = base + c;
      const key = `${c}:${seq}`;
      let updateId = updateIds.get(key);
      if (updateId === undefined) updateIds.set(key, (updateId = nextUpdate++));
      const update = {
        update_id: updateId,
        message: {
          message_id: seq + 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', first_name: 'Klant' },
          from: { id: chatId, is_bot: false, first_name: 'Klant', language_code: 'en' },
          text: `seq ${seq}`,
        },
      };
      const res = await http('POST', `${url}/webhooks/telegram`, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': secret });
      return { ok: res.status === 200, status: res.status };
    },
    async replies() {
      const out = new Map<number, number[]>();
      for (const call of fake.calls) {
        if (call.method !== 'sendMessage' || call.status !== 200) continue;
        const m = ECHO.exec(String(call.params.text ?? ''));
        if (!m) continue;
        const c = Number(call.params.chat_id) - base;
        out.set(c, [...(out.get(c) ?? []), Number(m[1])]);
      }
      return out;
    },
  };
}

/** Slack: signed Events API DMs (a redelivery carries X-Slack-Retry-Num); replies are chat.postMessage calls. */
export function slackChannel(fake: FakeSlack, signingSecret: string): HarnessChannel {
  const channelOf = (c: number) => `DH${String(c).padStart(9, '0')}`;
  const bodies = new Map<string, string>();
  const second = Math.floor(Date.now() / 1000);
  return {
    name: 'slack',
    async prepare(conversations) {
      for (const c of conversations) fake.addUser({ id: `UH${String(c).padStart(9, '0')}`, name: `klant${c}`, locale: 'en-US' });
    },
    async deliver(url, c, seq, attempt) {
      const key = `${c}:${seq}`;
      let body = bodies.get(key);
      if (body === undefined) {
        const ts = `${second}.${String(seq).padStart(6, '0')}`;
        body = JSON.stringify(dmEvent({ channel: channelOf(c), user: `UH${String(c).padStart(9, '0')}`, text: `seq ${seq}`, ts, botUserId: fake.botUserId }));
        bodies.set(key, body);
      }
      const retry: Record<string, string> = attempt > 0 ? { 'x-slack-retry-num': String(Math.min(attempt, 3)), 'x-slack-retry-reason': 'http_error' } : {};
      const res = await http('POST', `${url}/webhooks/slack/events`, body, { ...signatureHeaders(body, { secret: signingSecret }), ...retry });
      return { ok: res.status === 200, status: res.status };
    },
    async replies() {
      const out = new Map<number, number[]>();
      for (const p of fake.posted()) {
        if (!p.channel.startsWith('DH')) continue;
        const text = p.text ?? (p.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');
        const m = ECHO.exec(text.trim());
        if (!m) continue;
        const c = Number(p.channel.slice(2));
        out.set(c, [...(out.get(c) ?? []), Number(m[1])]);
      }
      return out;
    },
  };
}

/**
 * The web chat's own API: a conversation is opened once, each message is posted with a
 * clientMessageId (the page sends the same id again after a failure); the replies are the bot's
 * lines of the conversation's transcript, which is what the page shows.
 */
export function webchatChannel(): HarnessChannel {
  const conversations = new Map<number, { id: string; token: string }>();
  const tag = Math.random().toString(36).slice(2, 8);
  return {
    name: 'webchat',
    async prepare(list, url) {
      for (const c of list) {
        const res = await http('POST', `${url}/api/webchat/conversations`, '{}');
        if (res.status !== 201) throw new Error(`the web chat did not open a conversation: ${res.status} ${res.body}`);
        const { conversationId, token } = JSON.parse(res.body) as { conversationId: string; token: string };
        conversations.set(c, { id: conversationId, token });
      }
    },
    async deliver(url, c, seq) {
      const conv = conversations.get(c)!;
      const res = await http('POST', `${url}/api/webchat/conversations/${conv.id}/messages`, JSON.stringify({ text: `seq ${seq}`, clientMessageId: `${tag}-${c}-${seq}` }), {
        authorization: `Bearer ${conv.token}`,
      });
      return { ok: res.status === 202, status: res.status };
    },
    async replies(anyUrl, only) {
      const out = new Map<number, number[]>();
      const pending = only ? only.map((c) => [c, conversations.get(c)!] as const) : [...conversations];
      // A few at a time: this is the customer reloading their page, not a load test of its own.
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let next = pending.shift(); next; next = pending.shift()) {
            const [c, conv] = next;
            for (let attempt = 0; attempt < 20; attempt++) {
              const url = anyUrl();
              if (!url) break;
              try {
                const res = await http('GET', `${url}/api/webchat/conversations/${conv.id}/messages?after=0-0`, undefined, { authorization: `Bearer ${conv.token}` });
                if (res.status !== 200) throw new Error(String(res.status));
                const { messages } = JSON.parse(res.body) as { messages: { role: string; text?: string }[] };
                out.set(
                  c,
                  messages.filter((m) => m.role === 'bot').flatMap((m) => (ECHO.exec(m.text ?? '') ? [Number(ECHO.exec(m.text ?? '')![1])] : [])),
                );
                break;
              } catch {
                await new Promise((r) => setTimeout(r, 200));
              }
            }
          }
        }),
      );
      return out;
    },
  };
}
