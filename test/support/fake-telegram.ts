import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api) on 127.0.0.1,
 * for telegraf to talk to through its `apiRoot` option. It answers like the real API, including
 * its errors (401 for a wrong token, 409 for getUpdates while a webhook is set, 400 for HTML it
 * cannot parse or a text over 4096 characters, 429 with retry_after), records every call, and
 * serves pushed updates to getUpdates long-poll style.
 */

export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  /** The HTTP status the fake answered with. */
  status: number;
}

export interface FailureRule {
  /** How many matching calls fail. */
  times: number;
  status: 400 | 403 | 429 | 500 | 502;
  /** For 429: seconds Telegram asks to wait. */
  retryAfter?: number;
  description?: string;
  /** Methods the rule applies to; every method except getUpdates by default. */
  methods?: string[];
}

export interface FakeFile {
  data: Buffer;
  path: string;
}

export interface FakeTelegram {
  /** The apiRoot to give telegraf (no path). */
  readonly url: string;
  readonly token: string;
  readonly bot: { id: number; is_bot: true; first_name: string; username: string };
  readonly calls: FakeCall[];
  /** Successful calls of `method`. */
  callsTo(method: string): FakeCall[];
  /** Messages the bot sent successfully (sendMessage, sendPhoto, sendDocument) to `chatId`. */
  sentTo(chatId: string | number): FakeCall[];
  /** Queues an update for getUpdates (update_id is added when missing); returns it. */
  push(update: Record<string, unknown>): Record<string, unknown>;
  /** The next calls matching the rule fail as described. */
  failNext(rule: FailureRule): void;
  addFile(fileId: string, file: FakeFile): void;
  /** The webhook set with setWebhook, if any. */
  readonly webhook?: { url: string; secretToken?: string; allowedUpdates?: unknown };
  /** getUpdates requests being held open right now. */
  readonly openPolls: number;
  close(): Promise<void>;
}

export interface FakeTelegramOptions {
  token?: string;
  /** Upper bound on how long getUpdates holds a request open, whatever timeout the client asks. */
  maxPollSeconds?: number;
}

const BOT = { id: 8765336106, is_bot: true as const, first_name: 'Tulp & Co', username: 'vercelchatsdkbot' };
const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span', 'tg-emoji', 'blockquote']);

class ApiError extends Error {
  constructor(
    readonly status: number,
    description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

/** Parses Telegram HTML as the Bot API does, returning the text a user sees; throws its 400 for bad markup. */
export function telegramHtmlToText(html: string): string {
  let out = '';
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) throw new ApiError(400, `Bad Request: can't parse entities: Unclosed start tag at byte offset ${i}`);
      const tag = html.slice(i + 1, end);
      const closing = tag.startsWith('/');
      const name = (closing ? tag.slice(1) : tag).split(/\s/)[0]!.toLowerCase();
      if (!HTML_TAGS.has(name)) throw new ApiError(400, `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${i}`);
      if (closing) {
        if (open.pop() !== name)
          throw new ApiError(400, `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"`);
      } else {
        if (name === 'a' && !/^a\s+href="[^"]*"$/.test(tag)) throw new ApiError(400, `Bad Request: can't parse entities: bad <a> tag at byte offset ${i}`);
        open.push(name);
      }
      i = end + 1;
    } else if (c === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i, i + 12));
      if (!m) throw new ApiError(400, `Bad Request: can't parse entities: Character entity expected at byte offset ${i}`);
      const e = m[1]!.toLowerCase();
      out +=
        e === 'lt'
          ? '<'
          : e === 'gt'
            ? '>'
            : e === 'amp'
              ? '&'
              : e === 'quot'
                ? '"'
                : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      i += m[0].length;
    } else if (c === '>') {
      throw new ApiError(400, `Bad Request: can't parse entities: Unexpected end tag at byte offset ${i}`);
    } else {
      out += c;
      i++;
    }
  }
  if (open.length) throw new ApiError(400, `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)}"`);
  return out;
}

function checkKeyboard(markup: unknown): void {
  if (markup === undefined) return;
  const keyboard = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(keyboard) || !keyboard.every(Array.isArray))
    throw new ApiError(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  for (const button of keyboard.flat() as { text?: unknown; callback_data?: unknown; url?: unknown }[]) {
    if (typeof button.text !== 'string' || button.text === '') throw new ApiError(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
    if (button.callback_data !== undefined) {
      const bytes = Buffer.byteLength(String(button.callback_data));
      if (bytes < 1 || bytes > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
    } else if (typeof button.url !== 'string') throw new ApiError(400, 'Bad Request: can\'t find field "callback_data"');
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if (!(req.headers['content-type'] ?? '').includes('application/json')) throw new ApiError(400, 'Bad Request: the fake only understands JSON bodies');
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new ApiError(400, 'Bad Request: invalid JSON');
  }
}

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? '123456789:AAFakeTokenForBalieTests_abcdefghij';
  const maxPollMs = (options.maxPollSeconds ?? 1) * 1000;
  const calls: FakeCall[] = [];
  const updates: Record<string, unknown>[] = [];
  const rules: FailureRule[] = [];
  const files = new Map<string, FakeFile>();
  const waiters = new Set<() => void>();
  let nextUpdateId = 5000;
  let nextMessageId = 9000;
  let webhook: FakeTelegram['webhook'];
  let openPolls = 0;
  let closing = false;

  const wake = () => {
    for (const w of [...waiters]) w();
  };

  const failure = (method: string): ApiError | undefined => {
    const rule = rules.find((r) => r.times > 0 && (r.methods ? r.methods.includes(method) : method !== 'getUpdates'));
    if (!rule) return undefined;
    rule.times--;
    if (rule.status === 429) return new ApiError(429, `Too Many Requests: retry after ${rule.retryAfter ?? 1}`, { retry_after: rule.retryAfter ?? 1 });
    const defaults: Record<number, string> = {
      400: 'Bad Request: chat not found',
      403: 'Forbidden: bot was blocked by the user',
      500: 'Internal Server Error',
      502: 'Bad Gateway',
    };
    return new ApiError(rule.status, rule.description ?? defaults[rule.status]!);
  };

  const chatOf = (id: unknown) => {
    if (id === undefined || id === null || id === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
    const n = Number(id);
    return n < 0 ? { id: n, type: 'supergroup', title: 'Group' } : { id: n, type: 'private', first_name: 'Customer' };
  };
  const message = (params: Record<string, unknown>, extra: Record<string, unknown>) => ({
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat: chatOf(params.chat_id),
    from: BOT,
    ...extra,
    ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
  });

  const getUpdates = async (params: Record<string, unknown>, res: ServerResponse): Promise<unknown> => {
    if (webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(params.offset ?? 0);
    if (offset > 0) while (updates.length && Number(updates[0]!.update_id) < offset) updates.shift();
    const limit = Math.min(100, Number(params.limit ?? 100));
    const ready = () => updates.filter((u) => Number(u.update_id) >= offset).slice(0, limit);
    const waitMs = Math.min(maxPollMs, Number(params.timeout ?? 0) * 1000);
    if (ready().length || waitMs <= 0 || closing) return ready();
    openPolls++;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      waiters.add(done);
      // The client gave up (an aborted request closes the connection).
      res.on('close', done);
    });
    openPolls--;
    return ready();
  };

  const methods: Record<string, (params: Record<string, unknown>, res: ServerResponse) => unknown> = {
    getMe: () => BOT,
    getUpdates,
    setWebhook: (p) => {
      if (typeof p.url !== 'string') throw new ApiError(400, 'Bad Request: bad webhook: URL must be given');
      if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token)))
        throw new ApiError(400, 'Bad Request: bad webhook: secret token contains unallowed characters');
      webhook = p.url === '' ? undefined : { url: p.url, secretToken: p.secret_token as string | undefined, allowedUpdates: p.allowed_updates };
      return true;
    },
    deleteWebhook: (p) => {
      webhook = undefined;
      if (p.drop_pending_updates) updates.length = 0;
      return true;
    },
    getWebhookInfo: () => ({ url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: updates.length }),
    sendMessage: (p) => {
      const text = typeof p.text === 'string' ? p.text : '';
      const shown = p.parse_mode === 'HTML' ? telegramHtmlToText(text) : text;
      if (shown.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
      if (shown.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
      checkKeyboard(p.reply_markup);
      return message(p, { text: shown });
    },
    sendPhoto: (p) => {
      if (typeof p.photo !== 'string' || !p.photo) throw new ApiError(400, 'Bad Request: there is no photo in the request');
      checkKeyboard(p.reply_markup);
      return message(p, { photo: [{ file_id: `photo-${nextMessageId}`, file_unique_id: `u${nextMessageId}`, width: 800, height: 600 }] });
    },
    sendDocument: (p) => {
      if (typeof p.document !== 'string' || !p.document) throw new ApiError(400, 'Bad Request: there is no document in the request');
      checkKeyboard(p.reply_markup);
      return message(p, { document: { file_id: `doc-${nextMessageId}`, file_unique_id: `u${nextMessageId}` } });
    },
    sendChatAction: (p) => {
      chatOf(p.chat_id);
      if (typeof p.action !== 'string') throw new ApiError(400, 'Bad Request: action is empty');
      return true;
    },
    answerCallbackQuery: (p) => {
      if (typeof p.callback_query_id !== 'string') throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
      return true;
    },
    getFile: (p) => {
      const file = files.get(String(p.file_id));
      if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
      return { file_id: p.file_id, file_unique_id: `u-${String(p.file_id)}`, file_size: file.data.length, file_path: file.path };
    },
  };

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (req.method === 'GET' && fileMatch) {
        const file = fileMatch[1] === token ? [...files.values()].find((f) => f.path === decodeURIComponent(fileMatch[2]!)) : undefined;
        if (!file) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.data.length });
        res.end(file.data);
        return;
      }
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (!match) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      if (match[1] !== token) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = match[2]!;
      let params: Record<string, unknown> = {};
      try {
        params = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
        const handler = methods[method];
        if (!handler) throw new ApiError(404, 'Not Found: method not found');
        const failed = failure(method);
        if (failed) throw failed;
        const result = await handler(params, res);
        calls.push({ method, params, status: 200 });
        answer(res, 200, { ok: true, result });
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError(500, `Internal Server Error: ${(err as Error).message}`);
        calls.push({ method, params, status: e.status });
        answer(res, e.status, { ok: false, error_code: e.status, description: e.message, ...(e.parameters ? { parameters: e.parameters } : {}) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    bot: BOT,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method && c.status === 200),
    sentTo: (chatId) => calls.filter((c) => ['sendMessage', 'sendPhoto', 'sendDocument'].includes(c.method) && c.status === 200 && String(c.params.chat_id) === String(chatId)),
    push(update) {
      const full = { update_id: nextUpdateId++, ...update };
      nextUpdateId = Math.max(nextUpdateId, Number(full.update_id) + 1);
      updates.push(full);
      wake();
      return full;
    },
    failNext: (rule) => void rules.push({ ...rule }),
    addFile: (fileId, file) => void files.set(fileId, file),
    get webhook() {
      return webhook;
    },
    get openPolls() {
      return openPolls;
    },
    async close() {
      closing = true;
      wake();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
