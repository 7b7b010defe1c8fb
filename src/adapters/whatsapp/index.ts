import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { Activity, ResourceResponse } from 'botbuilder-core';
import type { Request, Response, Server } from 'restify';
import { ChannelAdapter, type AdapterStatus } from '../../core/channel-adapter.js';
import { BalieError, codeOf } from '../../core/errors.js';
import { route } from '../../core/http.js';
import type { RedisClient } from '../../core/redis/slots.js';
import type { EventBus } from '../../core/storage/event-bus.js';
import { BoundedMap } from './bounded-map.js';
import { authStrategyFor, clientOptions, defaultClientFactory, type WhatsappClientFactory } from './client-factory.js';
import { formatActivity, type OutboundPart } from './format.js';
import { SessionLease } from './lease.js';
import type { WAClient, WAMessage } from './library.js';
import { MemoryOfferedOptions, RedisOfferedOptions, matchOption, type OfferedOptionsStore } from './options.js';
import { PairingMirror } from './pairing-mirror.js';
import { MEDIA_REF_PREFIX, WHATSAPP_CHANNEL, toActivity, type GroupPolicy } from './parse.js';
import { renderPairingPage } from './qr-page.js';
import { SendRelay } from './relay.js';
import { sendPart, withRetries, type MediaLimits } from './send.js';
import type { RetryPolicy } from '../../core/retry.js';
import { WhatsappSession, type PairingSnapshot } from './session.js';
import { realTimers, type Timers } from './timers.js';
import { authoriseOperator } from './operator.js';
import { contactName, ownIds } from './contact.js';

export type { WhatsappClientFactory } from './client-factory.js';
export type { GroupPolicy } from './parse.js';

export interface WhatsappAdapterConfig {
  /** Where the browser profile lives (LocalAuth), or its scratch copy (RemoteAuth on Redis). */
  sessionDir: string;
  /** Chromium to use instead of the one puppeteer downloaded (PUPPETEER_EXECUTABLE_PATH). */
  executablePath?: string;
  /** BALIE_ADMIN_TOKEN: opens the QR page from other machines. */
  adminToken?: string;
  /** Shared Redis: the session (RemoteAuth), the lease, offered options, the pairing status. */
  redis?: RedisClient;
  /** Key prefix in Redis, e.g. `balie:`. */
  prefix?: string;
  /** Carries messages from processes without the session to the one that has it. */
  bus?: EventBus;
  /** Where people open the QR page, for the log line; e.g. https://bot.example.com/whatsapp/qr. */
  qrPageUrl?: string;
  /** Builds the whatsapp-web.js Client. Default: `new Client(options)` with a headless Chromium. */
  clientFactory?: WhatsappClientFactory;
  /** Shows the QR in a terminal. Default: qrcode-terminal on stderr. */
  printQr?: (qr: string) => void;
  timers?: Timers;
  groups?: GroupPolicy;
  lease?: { ttlMs?: number; renewMs?: number; retryMs?: number };
  reconnect?: Partial<Omit<RetryPolicy, 'attempts'>>;
  send?: Partial<RetryPolicy> & { relayTimeoutMs?: number; maxMediaBytes?: number; mediaTimeoutMs?: number };
  /** RemoteAuth: how often the session is zipped to Redis (default 5 minutes, at least 1 minute). */
  backupSyncIntervalMs?: number;
  /** Identifies this process in the lease and on the QR page. */
  processId?: string;
}

/** Logs refer to a chat by a short hash: phone numbers are personal data. */
export function chatRef(chatId: string): string {
  return createHash('sha256').update(chatId).digest('base64url').slice(0, 10);
}

function stderrQr(qr: string): void {
  const require = createRequire(import.meta.url);
  const terminal = require('qrcode-terminal') as { generate(text: string, options: { small: boolean }, cb: (art: string) => void): void };
  terminal.generate(qr, { small: true }, (art) => process.stderr.write(`${art}\n`));
}

/**
 * WhatsApp through whatsapp-web.js: a headless Chromium runs WhatsApp Web, linked to the
 * business's phone by a QR scan. One process at a time runs it (a Redis lease); the others hand
 * their outbound messages to that process.
 */
export class WhatsappAdapter extends ChannelAdapter {
  readonly channelId = WHATSAPP_CHANNEL;
  readonly processId: string;
  readonly session: WhatsappSession;
  private readonly timers: Timers;
  private readonly lease?: SessionLease;
  private readonly relay?: SendRelay;
  private readonly mirror?: PairingMirror;
  private readonly offered: OfferedOptionsStore;
  /** Message ids seen recently: `message` and `message_create` both fire for one message. */
  private readonly seen = new BoundedMap<string, true>(5000);
  /** Recent media messages, so a download needs no lookup in WhatsApp Web. */
  private readonly media = new BoundedMap<string, WAMessage>(500);
  /** Inbound handling is chained per chat so messages reach the ingress in the order written. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly retry: RetryPolicy;
  private readonly mediaLimits: MediaLimits;

  constructor(private readonly config: WhatsappAdapterConfig) {
    super();
    this.timers = config.timers ?? realTimers();
    this.processId = config.processId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    const prefix = config.prefix ?? 'balie:';
    this.retry = { attempts: config.send?.attempts ?? 4, baseDelayMs: config.send?.baseDelayMs ?? 500, maxDelayMs: config.send?.maxDelayMs ?? 8000 };
    this.mediaLimits = { maxBytes: config.send?.maxMediaBytes ?? 16 * 1024 * 1024, timeoutMs: config.send?.mediaTimeoutMs ?? 30_000 };
    this.offered = config.redis ? new RedisOfferedOptions(config.redis, prefix) : new MemoryOfferedOptions();
    const lazyLogger = () => this.logger;
    if (config.redis) {
      const ttlMs = config.lease?.ttlMs ?? 30_000;
      this.lease = new SessionLease({
        redis: config.redis,
        key: `${prefix}whatsapp:lease`,
        owner: this.processId,
        ttlMs,
        renewMs: config.lease?.renewMs ?? Math.floor(ttlMs / 3),
        retryMs: config.lease?.retryMs ?? Math.floor(ttlMs / 6),
        timers: this.timers,
        get logger() {
          return lazyLogger();
        },
        onAcquired: () => this.session.leaseAcquired(),
        onLost: (reason) => this.session.leaseLost(reason),
      });
      this.mirror = new PairingMirror(config.redis, prefix);
    }
    if (config.redis && config.bus) {
      this.relay = new SendRelay({
        bus: config.bus,
        processId: this.processId,
        timeoutMs: config.send?.relayTimeoutMs ?? 30_000,
        timers: this.timers,
        get logger() {
          return lazyLogger();
        },
        isHolder: () => this.lease?.isHeld() ?? false,
        send: (chatId, parts) => this.sendLocal(chatId, parts),
        typing: (chatId) => this.typingLocal(chatId),
      });
    }
    const factory = config.clientFactory ?? defaultClientFactory;
    this.session = new WhatsappSession({
      processId: this.processId,
      createClient: () =>
        factory(
          clientOptions(
            authStrategyFor({
              sessionDir: config.sessionDir,
              redis: config.redis,
              prefix,
              canWrite: () => this.lease?.isHeld() ?? true,
              onSkipped: (what) => this.logger.warn({ code: 'LEASE_LOST' }, `did not ${what} the stored WhatsApp session: this process no longer holds the lease`),
              backupSyncIntervalMs: config.backupSyncIntervalMs ?? 5 * 60_000,
            }),
            config.executablePath,
          ),
        ),
      wire: (client) => this.wire(client),
      timers: this.timers,
      get logger() {
        return lazyLogger();
      },
      reconnect: { baseDelayMs: config.reconnect?.baseDelayMs ?? 1000, maxDelayMs: config.reconnect?.maxDelayMs ?? 5 * 60_000 },
      lease: this.lease,
      onQr: (qr, first) => this.showQr(qr, first),
      onChange: (snapshot) => this.mirrorSnapshot(snapshot),
    });
  }

  override async start(): Promise<void> {
    await this.relay?.start();
    this.session.start();
  }

  override async stop(): Promise<void> {
    await this.session.stop();
    await this.relay?.stop();
    this.chains.clear();
    this.media.clear();
  }

  override status(): AdapterStatus {
    const s = this.session.state;
    if (s.state === 'ready') return { ready: true };
    if (s.state === 'standby') return { ready: true, detail: 'standby: another process runs the WhatsApp session' };
    const hint = s.state === 'qr' ? 'waiting for the QR code to be scanned (open /whatsapp/qr)' : (s.detail ?? s.state);
    return { ready: false, detail: `WhatsApp ${s.state.replace('_', ' ')}: ${hint}` };
  }

  override registerRoutes(server: Server): void {
    const onError = (err: unknown, req: Request) => this.logger.error({ err, path: req.path() }, 'WhatsApp pairing page failed');
    server.get(
      '/whatsapp/qr',
      route(onError, async (req: Request, res: Response) => {
        authoriseOperator(req, this.config.adminToken);
        const standby = !!this.lease && !this.lease.isHeld();
        const snapshot = standby ? await this.mirror?.read().catch(() => undefined) : this.session.state;
        const holder = standby ? await this.lease?.holder().catch(() => undefined) : this.processId;
        res.header('Cache-Control', 'no-store');
        if ((req.query as Record<string, unknown> | undefined)?.format === 'json') {
          res.send(200, {
            state: snapshot?.state ?? 'standby',
            qr: snapshot?.qr,
            detail: snapshot?.detail,
            account: snapshot?.account,
            since: snapshot?.since,
            standby,
            holder: holder ?? null,
          });
          return;
        }
        const html = await renderPairingPage({ snapshot, standby, holder });
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(html);
      }),
    );
  }

  /** Sends one message Activity: WhatsApp text with numbered options, then media. */
  protected async deliver(activity: Partial<Activity>): Promise<ResourceResponse> {
    const chatId = activity.conversation?.id;
    if (!chatId) throw new BalieError('BAD_REQUEST', 'a WhatsApp message needs conversation.id (the chat id)');
    const plan = formatActivity(activity);
    for (const what of plan.unsupported) {
      this.runtime.metrics.sendFailures.inc({ channel: this.channelId, code: 'NOT_SUPPORTED' });
      this.logger.warn({ code: 'NOT_SUPPORTED', chat: chatRef(chatId) }, `an attachment could not be sent on WhatsApp: ${what}`);
    }
    // Saved before sending, so a customer who answers within a second is still understood.
    await this.offered.set(chatId, plan.options).catch((err: unknown) => {
      this.logger.warn({ err, code: codeOf(err), chat: chatRef(chatId) }, 'could not remember the options offered on WhatsApp; a numbered answer will read as text');
    });
    if (!plan.parts.length) return { id: '' };
    try {
      const ids = this.lease && !this.lease.isHeld() && this.relay ? await this.relay.request(chatId, plan.parts) : await this.sendLocal(chatId, plan.parts);
      return { id: ids.at(-1) ?? '' };
    } catch (err) {
      const code = codeOf(err);
      this.runtime.metrics.sendFailures.inc({ channel: this.channelId, code });
      this.logger.error({ err, code, chat: chatRef(chatId) }, 'a WhatsApp message could not be delivered');
      throw err;
    }
  }

  protected override async sendTyping(activity: Partial<Activity>): Promise<void> {
    const chatId = activity.conversation?.id;
    if (!chatId) return;
    try {
      if (this.lease && !this.lease.isHeld() && this.relay) await this.relay.typing(chatId);
      else await this.typingLocal(chatId);
    } catch (err) {
      // "typing…" is a courtesy; the message itself follows anyway.
      this.logger.debug({ err, chat: chatRef(chatId) }, 'could not show typing on WhatsApp');
    }
  }

  override async fetchMedia(attachment: { contentUrl?: string; contentType?: string; name?: string }): Promise<{ data: Buffer; contentType: string; name?: string }> {
    const ref = attachment.contentUrl ?? '';
    if (!ref.startsWith(MEDIA_REF_PREFIX)) return super.fetchMedia(attachment);
    const id = ref.slice(MEDIA_REF_PREFIX.length);
    const client = this.session.readyClient;
    if (!client) {
      throw new BalieError(
        'PLATFORM_UNREACHABLE',
        this.lease && !this.lease.isHeld()
          ? 'WhatsApp media can only be downloaded by the process that runs the session'
          : 'WhatsApp is not connected, so the media cannot be downloaded now',
      );
    }
    let message = this.media.get(id);
    // A Message belongs to the client that made it; after a reconnect, look it up again.
    if (!message || (message as unknown as { client: unknown }).client !== client) {
      message =
        (await client.getMessageById(id).catch((err: unknown) => {
          throw new BalieError('PLATFORM_UNREACHABLE', 'WhatsApp Web could not look up the message with the media', { cause: err });
        })) ?? undefined;
      if (!message) throw new BalieError('NOT_FOUND', 'WhatsApp Web no longer has the message with this media');
      this.media.set(id, message);
    }
    const downloaded = await message.downloadMedia().catch((err: unknown) => {
      throw new BalieError('PLATFORM_UNREACHABLE', `WhatsApp Web could not download the media: ${(err as Error).message}`, { cause: err });
    });
    if (!downloaded) throw new BalieError('NOT_FOUND', 'WhatsApp no longer has this media (it expired or was deleted)');
    return {
      data: Buffer.from(downloaded.data, 'base64'),
      contentType: downloaded.mimetype || attachment.contentType || 'application/octet-stream',
      name: downloaded.filename ?? attachment.name,
    };
  }

  /** Sends the parts through this process's own client, each with bounded retries. */
  private async sendLocal(chatId: string, parts: OutboundPart[]): Promise<string[]> {
    const ids: string[] = [];
    for (const part of parts) {
      const id = await withRetries(
        () => sendPart(this.requireClient(), chatId, part, this.mediaLimits),
        this.retry,
        this.timers,
        (err, attempt) => this.logger.warn({ code: err.code, attempt, chat: chatRef(chatId) }, `sending a WhatsApp message failed; retrying: ${err.message}`),
      );
      ids.push(id);
    }
    return ids;
  }

  private async typingLocal(chatId: string): Promise<void> {
    const client = this.session.readyClient;
    if (!client) return;
    const chat = await client.getChatById(chatId);
    await chat?.sendStateTyping();
  }

  private requireClient(): WAClient {
    const client = this.session.readyClient;
    if (client) return client;
    const s = this.session.state;
    throw new BalieError('PLATFORM_UNREACHABLE', `WhatsApp is not connected (${s.state}${s.detail ? `: ${s.detail}` : ''})`);
  }

  private wire(client: WAClient): void {
    const onMessage = (message: WAMessage) => this.onMessage(client, message);
    client.on('message', onMessage);
    client.on('message_create', onMessage);
    client.on('message_edit', (message: WAMessage) => {
      // Decision: an edit is not answered again (the reply to the original already went out
      // and may have moved the dialog on); it is noted here, at debug, for whoever investigates.
      this.logger.debug({ nativeId: message?.id?._serialized, chat: chatRef(message?.from ?? '') }, 'a WhatsApp message was edited; edits are not answered again');
    });
  }

  private onMessage(client: WAClient, message: WAMessage): void {
    const id = message?.id?._serialized;
    if (!id) {
      this.logger.warn({ code: 'BAD_REQUEST' }, 'ignored a WhatsApp message without an id');
      return;
    }
    if (this.seen.has(id)) return;
    this.seen.set(id, true);
    const chatId = String(message.from ?? '');
    const previous = this.chains.get(chatId) ?? Promise.resolve();
    const next = previous
      .then(() => this.handleInbound(client, message))
      .catch((err: unknown) => {
        // Forget it, so that if WhatsApp Web emits it again it is tried again.
        this.seen.delete(id);
        this.logger.error({ err, code: codeOf(err), chat: chatRef(chatId) }, 'a WhatsApp message could not be taken in');
      })
      .finally(() => {
        if (this.chains.get(chatId) === next) this.chains.delete(chatId);
      });
    this.chains.set(chatId, next);
  }

  private async handleInbound(client: WAClient, message: WAMessage): Promise<void> {
    const result = toActivity(message, { ownIds: ownIds(client), groups: this.config.groups ?? 'mentions' });
    if (result.kind === 'ignored') {
      this.logger.debug({ nativeId: message.id._serialized, reason: result.reason }, 'ignored a WhatsApp message');
      return;
    }
    const { activity, nativeId, chatId } = result;
    if (activity.attachments?.some((a) => a.contentUrl?.startsWith(MEDIA_REF_PREFIX))) this.media.set(nativeId, message);
    // The push name normally comes with the message; otherwise ask WhatsApp Web for the contact.
    if (!activity.from!.name) activity.from!.name = (await contactName(message)) ?? 'Customer';
    if (!activity.value) {
      const picked = matchOption(activity.text, await this.offered.get(chatId));
      if (picked) {
        // The value drives the bot; the title is what the customer chose, as agents should read it.
        activity.text = picked.title;
        activity.value = { action: picked.value };
      }
    }
    await this.receive(activity, nativeId);
  }

  private showQr(qr: string, first: boolean): void {
    const where = this.config.qrPageUrl ?? '/whatsapp/qr on this server';
    if (first) this.logger.info({ url: this.config.qrPageUrl }, `WhatsApp needs pairing: scan the QR code at ${where} (or in the terminal) with the business phone`);
    else this.logger.debug('the WhatsApp pairing QR code changed');
    try {
      (this.config.printQr ?? stderrQr)(qr);
    } catch (err) {
      this.logger.warn({ err }, 'could not print the WhatsApp QR code; use the page instead');
    }
  }

  private mirrorSnapshot(snapshot: PairingSnapshot): void {
    if (!this.mirror || (this.lease && !this.lease.isHeld())) return;
    this.mirror.write(snapshot).catch((err: unknown) => this.logger.debug({ err }, 'could not share the WhatsApp pairing status'));
  }
}

export function createWhatsappAdapter(config: WhatsappAdapterConfig): WhatsappAdapter {
  return new WhatsappAdapter(config);
}
