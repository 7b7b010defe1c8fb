import { readFile } from 'node:fs/promises';
import { Agent as HttpsAgent } from 'node:https';
import { basename } from 'node:path';
import type { Activity, ResourceResponse } from 'botbuilder-core';
import type { Request, Response, Server } from 'restify';
import { Telegraf, TelegramError, type Context } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { ChannelAdapter, type AdapterRuntime, type AdapterStatus } from '../../core/channel-adapter.js';
import { BalieError, codeOf, errorCodeOf } from '../../core/errors.js';
import { HttpError, route } from '../../core/http.js';
import { CallbackData } from './callback-data.js';
import { createSystemClock, type Clock } from './clock.js';
import { TELEGRAM_TEXT_LIMIT, formatActivity, type InlineKeyboard, type TextPart } from './format.js';
import { HANDLED_KINDS, MEDIA_PREFIX, TELEGRAM_CHANNEL, toActivity, parseUpdateBody, unhandledKind, updateSchema, type BotIdentity, type TelegramUpdate } from './parse.js';
import { LongPoller } from './polling.js';
import { TelegramSender, classify, type PaceLimits, type SendOptions, type SendTarget } from './send.js';
import type { RetryPolicy } from '../../core/retry.js';
import { SECRET_HEADER, verifySecretToken } from './verify.js';

export { TELEGRAM_CHANNEL } from './parse.js';

export const WEBHOOK_PATH = '/webhooks/telegram';

export interface TelegramAdapterConfig {
  /** From @BotFather. */
  token: string;
  /** Set: webhook mode (Telegram posts to /webhooks/telegram with this secret). Unset: long polling. */
  webhookSecret?: string;
  /** The public base URL; when set, balie registers `${webhookUrl}/webhooks/telegram` with Telegram at start. */
  webhookUrl?: string;
  /** Another Bot API server (a local one, or a fake in tests); no path. */
  apiRoot?: string;
  /** Who the bot is; skips getMe at start. */
  botInfo?: UserFromGetMe;
  /** Virtual time for tests; the system clock otherwise. */
  clock?: Clock;
  /** getUpdates' long-poll timeout in seconds (50 by default). */
  pollTimeoutSeconds?: number;
  /** Overrides balie.yaml's `sendLimits.telegram` (the bench lifts them). */
  limits?: Partial<PaceLimits>;
  /** False: pace this process alone even when the app shares its pace through Redis (the bench). Default true. */
  sharedPace?: boolean;
  retry?: Partial<RetryPolicy>;
  /** How many long button values (over 64 bytes) this process remembers. */
  callbackCapacity?: number;
}

type ApiSignal = NonNullable<NonNullable<Parameters<Telegraf['telegram']['callApi']>[2]>['signal']>;
const apiSignal = (signal: AbortSignal) => signal as unknown as ApiSignal;

interface SentMessage {
  message_id: number;
}

/**
 * Telegram through telegraf: updates arrive by webhook (when a secret is configured) or long
 * polling, pass through telegraf's middleware into the ingress, and replies go out as HTML
 * messages with inline keyboards, paced to Telegram's limits and retried (send.ts).
 */
export class TelegramAdapter extends ChannelAdapter {
  readonly channelId = TELEGRAM_CHANNEL;
  // Replies may wait long for Telegram's pace (30 a second per bot): the sender says when one leaves.
  protected override readonly departsInDeliver = true;
  readonly bot: Telegraf;
  private readonly clock: Clock;
  private readonly callbackData: CallbackData;
  private readonly agent?: HttpsAgent;
  private senderRef?: TelegramSender;
  private poller?: LongPoller;
  private identity?: BotIdentity;

  constructor(private readonly config: TelegramAdapterConfig) {
    super();
    this.clock = config.clock ?? createSystemClock();
    this.callbackData = new CallbackData(config.callbackCapacity);
    // Our own keep-alive agent (telegraf's default is shared by every bot in the process), so
    // stop() can close its sockets. telegraf drops it for http:// API roots.
    this.agent = config.apiRoot?.startsWith('http://') ? undefined : new HttpsAgent({ keepAlive: true, keepAliveMsecs: 10_000 });
    this.bot = new Telegraf(config.token, { telegram: { apiRoot: config.apiRoot?.replace(/\/+$/, ''), webhookReply: false, agent: this.agent } });
    if (config.botInfo) this.setIdentity(config.botInfo);
    this.bot.use((ctx) => this.onUpdate(ctx));
    // telegraf's default handler prints to the console and sets process.exitCode; the webhook
    // route and the poller decide what a failure means instead.
    this.bot.catch((err) => {
      throw err;
    });
  }

  get webhookMode(): boolean {
    return !!this.config.webhookSecret;
  }

  override attach(runtime: AdapterRuntime): void {
    super.attach(runtime);
    const configured = runtime.sendLimits?.telegram;
    this.senderRef = new TelegramSender({
      channel: this.channelId,
      clock: this.clock,
      logger: runtime.logger,
      metrics: runtime.metrics,
      limits: { ...(configured && { global: configured.perBot, privateChat: configured.perChat, groupChat: configured.perGroup }), ...this.config.limits },
      retry: this.config.retry,
      shared: runtime.sendPace && this.config.sharedPace !== false ? { pace: runtime.sendPace, bot: this.config.token } : undefined,
    });
  }

  private get sender(): TelegramSender {
    if (!this.senderRef) throw new BalieError('NOT_ATTACHED', 'the telegram adapter was used before it was attached to an app');
    return this.senderRef;
  }

  override registerRoutes(server: Server): void {
    // The secret is a header: check it before the body is read, so a forged update costs no body
    // and a slow one holds no socket.
    server.pre((req: Request, res: Response, next: (err?: unknown) => void) => {
      const secret = this.config.webhookSecret;
      if (req.method !== 'POST' || req.path() !== WEBHOOK_PATH || !secret) return next();
      const verified = verifySecretToken(secret, req.headers[SECRET_HEADER]);
      if (verified.ok) return next();
      this.logger.warn(
        { code: 'UNAUTHENTICATED', reason: verified.reason, ip: req.socket?.remoteAddress },
        'rejected a Telegram webhook call with a missing or wrong secret token',
      );
      res.header('Connection', 'close');
      res.send(401, { error: { code: 'UNAUTHENTICATED', message: 'missing or wrong X-Telegram-Bot-Api-Secret-Token header' } });
      next(false);
    });
    let refusedWhileStopping = 0;
    const onServerError = (err: unknown) => {
      const code = codeOf(err);
      // Telegram keeps posting while this process stops: one line says so, not one per update.
      if (code === 'SHUTTING_DOWN')
        this.logger[refusedWhileStopping++ === 0 ? 'warn' : 'debug']({ code }, 'refused a Telegram update while shutting down; Telegram will deliver it again');
      else this.logger.error({ err, code }, 'could not take a Telegram update; Telegram will deliver it again');
    };
    server.post(
      WEBHOOK_PATH,
      route(onServerError, async (req: Request, res: Response) => {
        // The secret token was checked in the `pre` handler above, before the body was read.
        if (!this.config.webhookSecret) throw new HttpError(404, 'NOT_FOUND', 'the Telegram webhook is off: balie uses long polling because TELEGRAM_WEBHOOK_SECRET is not set');
        await this.ingest(parseUpdateBody(req.body));
        // Accepted (or deliberately ignored): Telegram must not send it again. The turn runs on.
        res.send(200, { ok: true });
      }),
    );
  }

  override async start(): Promise<void> {
    await this.identify();
    const telegram = this.bot.telegram;
    if (this.webhookMode) {
      const url = webhookAddress(this.config.webhookUrl);
      if (url) {
        await platformCall('setWebhook', () => telegram.setWebhook(url, { secret_token: this.config.webhookSecret, allowed_updates: [...HANDLED_KINDS] }));
        this.logger.info({ url }, 'Telegram webhook registered');
      } else {
        this.logger.info(
          { path: WEBHOOK_PATH },
          'Telegram webhook mode: TELEGRAM_WEBHOOK_URL is not set, so register the webhook with Telegram yourself (setWebhook with the same secret_token)',
        );
      }
      return;
    }
    // Telegram refuses getUpdates while a webhook is set.
    await platformCall('deleteWebhook', () => telegram.deleteWebhook({ drop_pending_updates: false }));
    this.poller = new LongPoller({
      telegram,
      clock: this.clock,
      logger: this.logger,
      timeoutSeconds: this.config.pollTimeoutSeconds ?? 50,
      allowedUpdates: HANDLED_KINDS,
      handle: (update) => this.ingestPolled(update),
    });
    this.poller.start();
    this.logger.info('Telegram long polling started');
  }

  override async stop(): Promise<void> {
    await this.poller?.stop();
    this.senderRef?.stop();
    this.agent?.destroy();
  }

  override status(): AdapterStatus {
    if (!this.identity) return { ready: false, detail: 'bot identity (getMe) not known yet' };
    return this.poller?.status ?? { ready: true };
  }

  protected async deliver(activity: Partial<Activity>): Promise<ResourceResponse> {
    const target = targetOf(activity);
    const plan = formatActivity(activity, this.callbackData);
    for (const a of plan.unsupported) {
      this.logger.warn(
        { code: 'NOT_SUPPORTED', contentType: a.contentType },
        'an attachment Telegram cannot take by URL or file id was left out (only http(s) URLs and Telegram files can be sent)',
      );
    }
    const total = plan.texts.length + plan.media.length;
    if (total === 0) {
      this.logger.warn(
        { code: 'NOT_SUPPORTED', buttons: plan.keyboard ? true : undefined },
        'a message with nothing Telegram can show (no text, no sendable attachment) was not sent',
      );
      return { id: '' };
    }
    let sent = 0;
    let lastId: number | undefined;
    const markupFor = () => (++sent === total ? plan.keyboard : undefined);
    const options: SendOptions = { turn: this.outboundTurn(), urgent: activity.importance === 'high' };
    for (const part of plan.texts) {
      const markup = markupFor();
      lastId = (await this.sender.send(target, 'sendMessage', (chatId, signal) => this.sendText(chatId, part, markup, signal), options)).message_id;
    }
    for (const m of plan.media) {
      const markup = markupFor();
      const field = m.method === 'sendPhoto' ? 'photo' : 'document';
      const call = (chatId: string, signal: AbortSignal) =>
        this.bot.telegram.callApi(m.method, { chat_id: chatId, [field]: m.file, reply_markup: markup } as never, { signal: apiSignal(signal) }) as Promise<SentMessage>;
      lastId = (await this.sender.send(target, m.method, call, options)).message_id;
    }
    return { id: lastId === undefined ? '' : String(lastId) };
  }

  protected override async sendTyping(activity: Partial<Activity>): Promise<void> {
    await this.sender.bestEffort(targetOf(activity), 'sendChatAction', (chatId, signal) =>
      this.bot.telegram.callApi('sendChatAction', { chat_id: chatId, action: 'typing' }, { signal: apiSignal(signal) }),
    );
  }

  /** Downloads an inbound file (`telegram-media:<file_id>`) through getFile and the file URL telegraf builds. */
  override async fetchMedia(attachment: { contentUrl?: string; contentType?: string; name?: string }): Promise<{ data: Buffer; contentType: string; name?: string }> {
    const url = attachment.contentUrl ?? '';
    if (!url.startsWith(MEDIA_PREFIX)) return super.fetchMedia(attachment);
    const telegram = this.bot.telegram;
    const file = await platformCall('getFile', () => telegram.getFile(url.slice(MEDIA_PREFIX.length)));
    const link = await telegram.getFileLink(file);
    let data: Buffer;
    let servedType: string | undefined;
    if (link.protocol === 'file:') {
      // A local Bot API server (--local) hands out paths on its own disk.
      data = await readFile(link.pathname);
    } else {
      let res: globalThis.Response;
      try {
        res = await fetch(link);
      } catch (err) {
        // The link holds the bot token: it stays out of the message.
        throw new BalieError('PLATFORM_UNREACHABLE', 'could not download a file from Telegram', { cause: err });
      }
      if (!res.ok) throw new BalieError(res.status >= 500 ? 'PLATFORM_UNREACHABLE' : 'PLATFORM_REFUSED', `Telegram answered ${res.status} to a file download`);
      data = Buffer.from(await res.arrayBuffer());
      servedType = res.headers.get('content-type') ?? undefined;
    }
    const name = attachment.name ?? (file.file_path ? basename(file.file_path) : undefined);
    return { data, contentType: attachment.contentType ?? servedType ?? 'application/octet-stream', ...(name ? { name } : {}) };
  }

  /** A valid update: unhandled kinds are dropped here, the rest go through telegraf's middleware. */
  private async ingest(update: TelegramUpdate): Promise<void> {
    const kind = unhandledKind(update);
    if (kind) {
      this.logger.debug({ updateId: update.update_id, kind }, 'ignored a Telegram update of a kind balie does not handle');
      return;
    }
    try {
      await this.bot.handleUpdate(update as unknown as Parameters<Telegraf['handleUpdate']>[0]);
    } catch (err) {
      const code = errorCodeOf(err, 'STORAGE_UNAVAILABLE');
      throw new HttpError(503, code, `balie cannot take Telegram update ${update.update_id} right now (${code}); Telegram will deliver it again`, { cause: err });
    }
  }

  private async ingestPolled(raw: unknown): Promise<void> {
    const parsed = updateSchema.safeParse(raw);
    if (!parsed.success) {
      // Fetching it again would not fix it: skip it, loudly.
      this.logger.warn({ code: 'BAD_REQUEST', issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) }, 'skipped a malformed Telegram update');
      return;
    }
    await this.ingest(parsed.data);
  }

  /** telegraf's middleware: normalise, hand to the ingress, and stop the button's spinner. */
  private async onUpdate(ctx: Context): Promise<void> {
    const update = ctx.update as unknown as TelegramUpdate;
    const bot = this.identity ?? this.setIdentity(ctx.botInfo);
    const inbound = toActivity(update, { bot, decodeCallbackData: (data) => this.callbackData.decode(data) });
    if (inbound.kind === 'ignored') {
      this.logger.debug({ updateId: update.update_id, reason: inbound.reason }, 'a Telegram update that gets no answer');
    } else {
      await this.receive(inbound.activity, String(update.update_id));
    }
    if (inbound.callbackQueryId) {
      await ctx.answerCbQuery().catch((err: unknown) => this.logger.debug({ err, code: classify(err).kind }, 'could not answer a Telegram button press'));
    }
  }

  private async sendText(chatId: string, part: TextPart, markup: InlineKeyboard | undefined, signal: AbortSignal): Promise<SentMessage> {
    const telegram = this.bot.telegram;
    try {
      return (await telegram.callApi('sendMessage', { chat_id: chatId, text: part.html, parse_mode: 'HTML', reply_markup: markup }, { signal: apiSignal(signal) })) as SentMessage;
    } catch (err) {
      if (!(err instanceof TelegramError && err.code === 400 && /can't parse entities/i.test(err.description))) throw err;
      // Better the message without formatting than no message.
      this.logger.warn({ code: 'FORMAT_REJECTED', description: err.description }, 'Telegram rejected the HTML of a message; sent it as plain text');
      return (await telegram.callApi(
        'sendMessage',
        { chat_id: chatId, text: part.plain.slice(0, TELEGRAM_TEXT_LIMIT), reply_markup: markup },
        { signal: apiSignal(signal) },
      )) as SentMessage;
    }
  }

  private async identify(): Promise<void> {
    if (this.identity) return;
    const me = await platformCall('getMe', () => this.bot.telegram.getMe());
    this.bot.botInfo = me;
    this.setIdentity(me);
    this.logger.info({ username: me.username }, 'connected to Telegram');
  }

  private setIdentity(me: UserFromGetMe): BotIdentity {
    this.bot.botInfo = me;
    this.identity = { id: me.id, username: me.username };
    return this.identity;
  }
}

function targetOf(activity: Partial<Activity>): SendTarget {
  const chatId = activity.conversation?.id;
  if (!chatId) throw new BalieError('BAD_REQUEST', 'a Telegram message needs conversation.id (the chat id)');
  // Group and channel ids are negative.
  return { chatId, isGroup: !!activity.conversation?.isGroup || chatId.startsWith('-') };
}

function webhookAddress(base: string | undefined): string | undefined {
  if (!base) return undefined;
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith(WEBHOOK_PATH) ? trimmed : `${trimmed}${WEBHOOK_PATH}`;
}

/** One API call outside the send queue (start-up, downloads), with the error sorted and a clear message. */
async function platformCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const failure = classify(err);
    if (err instanceof TelegramError && err.code === 401) {
      throw new BalieError('PLATFORM_REFUSED', `Telegram rejected the bot token at ${method} (401); check TELEGRAM_BOT_TOKEN`, { cause: err });
    }
    const code = failure.kind === 'transient' ? 'PLATFORM_UNREACHABLE' : 'PLATFORM_REFUSED';
    throw new BalieError(
      code,
      `Telegram ${code === 'PLATFORM_REFUSED' ? 'refused' : 'could not be reached for'} ${method} (${'status' in failure && failure.status ? `${failure.status}: ` : ''}${failure.description})`,
      { cause: err },
    );
  }
}

export function createTelegramAdapter(config: TelegramAdapterConfig): TelegramAdapter {
  return new TelegramAdapter(config);
}
