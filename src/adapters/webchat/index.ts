import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Activity, ResourceResponse } from 'botbuilder-core';
import type { Request, Response, Server } from 'restify';
import { ChannelAdapter } from '../../core/channel-adapter.js';
import { HttpError, bearerToken, route, validate } from '../../core/http.js';
import { jsonBody } from '../../core/http-guards.js';
import { clientIp, type ProxyTrust } from '../../core/http-limits.js';
import { OpenStreams, RETRY_AFTER_SECONDS } from '../../core/open-streams.js';
import { packageRoot } from '../../core/paths.js';
import type { EventBus } from '../../core/storage/event-bus.js';
import { compareIds, type TranscriptEntry } from '../../core/storage/transcript.js';
import { WEBCHAT_CHANNEL, conversationIdSchema, createConversationSchema, postMessageSchema, toActivity } from './parse.js';
import { sseFrame, topicFor, type StreamEvent } from './send.js';
import { STREAM_TICKET_SECONDS, conversationToken, needsRenewal, streamTicket, verifyConversationToken, verifyStreamTicket } from './verify.js';
import { startEventStream } from '../../core/sse.js';

export interface WebchatAdapterConfig {
  bus: EventBus;
  /** Signs conversation tokens; the same in every process. */
  secret: string;
  /** Shown in the page's header. */
  title: string;
  accentColor: string;
  /** Seconds between SSE keep-alive comments (proxies drop idle streams). */
  heartbeatSeconds?: number;
  /** How long a conversation token lasts unused (it is renewed while used). Default 30 days. */
  tokenTtlSeconds?: number;
  /** The process's open live streams, capped (default: a cap of its own, for tests that build the adapter alone). */
  streams?: OpenStreams;
  /** Who may name the client in X-Forwarded-For, for the per-address stream cap. */
  proxies?: ProxyTrust;
}

const TOKEN_REFUSED = 'missing, wrong or expired conversation token; start a new conversation with POST /api/webchat/conversations';
const MESSAGES_PATH = /^\/api\/webchat\/conversations\/([A-Za-z0-9_-]{8,64})\/messages$/;

const STATIC_FILES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/**
 * The built-in channel: a page at `/` where a person chats with the bot, an HTTP API for the
 * customer's messages and a Server-Sent Events stream for replies. Replies are the transcript
 * entries themselves, pushed through the event bus to whichever process holds the stream.
 */
export class WebchatAdapter extends ChannelAdapter {
  readonly channelId = WEBCHAT_CHANNEL;
  private readonly open = new Set<Response>();
  /** Requests whose conversation token the `pre` handler checked already: its expiry. */
  private readonly verified = new WeakMap<Request, number>();
  private readonly streams: OpenStreams;
  // Built from web/webchat by scripts/build-web.mjs (npm run build:web; prestart and the tests build it when stale).
  private readonly assetsDir = join(packageRoot(), 'dist', 'web', 'webchat');

  constructor(private readonly config: WebchatAdapterConfig) {
    super();
    this.streams = config.streams ?? new OpenStreams({ perOwner: 4, perAddress: 100, total: 5000 });
  }

  override registerRoutes(server: Server): void {
    const r = (fn: (req: Request, res: Response) => Promise<void>) => route((err, req) => this.logger.error({ err, path: req.path() }, 'web chat request failed'), fn);

    // The conversation token is a header: a POST with a wrong one is refused before its body is read.
    server.pre((req: Request, res: Response, next: (err?: unknown) => void) => {
      const match = req.method === 'POST' ? MESSAGES_PATH.exec(req.path()) : null;
      if (!match) return next();
      const token = verifyConversationToken(this.config.secret, match[1]!, bearerToken(req));
      if (token.ok) {
        // The route below reads this instead of checking the token a second time.
        this.verified.set(req, token.value);
        return next();
      }
      res.header('Connection', 'close');
      res.send(401, { error: { code: 'UNAUTHENTICATED', message: TOKEN_REFUSED } });
      next(false);
    });

    server.get(
      '/',
      r(async (_req, res) => this.sendPage(res)),
    );
    server.get(
      '/webchat/:file',
      r(async (req, res) => this.sendAsset(req, res)),
    );

    server.post(
      '/api/webchat/conversations',
      r(async (req, res) => {
        validate(createConversationSchema, jsonBody(req, {}));
        const conversationId = randomUUID().replaceAll('-', '');
        const expiresAt = this.nowSeconds() + this.tokenTtl;
        res.send(201, { conversationId, token: conversationToken(this.config.secret, conversationId, expiresAt), expiresAt: new Date(expiresAt * 1000).toISOString() });
      }),
    );

    // The stream cannot send headers (EventSource); it takes a ticket that is good for a minute, so
    // the long-lived token never appears in a URL, where proxies and servers log it.
    server.post(
      '/api/webchat/conversations/:id/stream-tickets',
      r(async (req, res) => {
        const id = this.authorise(req, res, bearerToken(req));
        const expiresAt = this.nowSeconds() + STREAM_TICKET_SECONDS;
        res.send(201, { ticket: streamTicket(this.config.secret, id, expiresAt), expiresAt: new Date(expiresAt * 1000).toISOString() });
      }),
    );

    server.get(
      '/api/webchat/conversations/:id/messages',
      r(async (req, res) => {
        const id = this.authorise(req, res, bearerToken(req));
        const after = typeof req.query?.after === 'string' && /^\d+-\d+$/.test(req.query.after) ? req.query.after : undefined;
        const messages = await this.runtime.transcripts.list(this.key(id), { after, limit: after ? undefined : 100 });
        res.send(200, { messages });
      }),
    );

    server.post(
      '/api/webchat/conversations/:id/messages',
      r(async (req, res) => {
        const id = this.authorise(req, res, bearerToken(req));
        const body = validate(postMessageSchema, jsonBody(req));
        const result = await this.receive(toActivity(id, body), body.clientMessageId);
        if (result.status === 'rate-limited') {
          res.header('Retry-After', String(result.retryAfterSeconds));
          throw new HttpError(429, 'RATE_LIMITED', `too many messages in this conversation; wait ${result.retryAfterSeconds} s and send it again`);
        }
        res.send(202, { status: result.status });
      }),
    );

    // EventSource cannot send headers, so the stream takes a stream ticket from the query string.
    server.get('/api/webchat/conversations/:id/stream', (req: Request, res: Response, next: (err?: unknown) => void) => {
      let id: string;
      try {
        id = this.authoriseStream(req);
      } catch (err) {
        const status = err instanceof HttpError ? err.status : 400;
        res.send(status, { error: { code: (err as HttpError).code, message: (err as Error).message } });
        return next(false);
      }
      let release: () => void;
      try {
        release = this.streams.acquire(`webchat:${id}`, clientIp(req, this.config.proxies ?? { trustedProxies: 0 }));
      } catch (err) {
        res.header('Retry-After', String(RETRY_AFTER_SECONDS));
        res.send((err as HttpError).status, { error: { code: (err as HttpError).code, message: (err as Error).message } });
        return next(false);
      }
      res.once('close', release);
      this.openStream(id, req, res).catch((err: unknown) => {
        this.logger.error({ err }, 'web chat stream failed');
        res.end();
      });
      next(false);
    });
  }

  protected async deliver(activity: Partial<Activity>): Promise<ResourceResponse> {
    // The transcript entry that ChannelAdapter records for this message is what the browser gets.
    return { id: activity.id ?? randomUUID() };
  }

  protected override async sendTyping(activity: Partial<Activity>): Promise<void> {
    const id = activity.conversation?.id;
    if (id) await this.config.bus.publish(topicFor(id), { kind: 'typing', from: { id: activity.from?.id ?? 'bot', name: activity.from?.name } } satisfies StreamEvent);
  }

  protected override async onRecorded(conversationId: string, entry: TranscriptEntry): Promise<void> {
    await this.config.bus.publish(topicFor(conversationId), { kind: 'entry', entry } satisfies StreamEvent);
  }

  override async stop(): Promise<void> {
    for (const res of this.open) res.end();
    this.open.clear();
  }

  private key(conversationId: string): string {
    return `${this.channelId}:${conversationId}`;
  }

  private get tokenTtl(): number {
    return this.config.tokenTtlSeconds ?? 30 * 24 * 3600;
  }

  private nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }

  private conversationOf(req: Request): string {
    const parsed = conversationIdSchema.safeParse(req.params?.id);
    if (!parsed.success) throw new HttpError(404, 'NOT_FOUND', 'no such web chat conversation');
    return parsed.data;
  }

  /**
   * The conversation the request's token is for, or a 401. A token past half its life gets a
   * successor in X-Webchat-Token (and X-Webchat-Token-Expires), which the page keeps instead.
   */
  private authorise(req: Request, res: Response, token: string | undefined): string {
    const id = this.conversationOf(req);
    let expiresAt = this.verified.get(req);
    if (expiresAt === undefined) {
      const checked = verifyConversationToken(this.config.secret, id, token);
      if (!checked.ok) throw new HttpError(401, 'UNAUTHENTICATED', TOKEN_REFUSED);
      expiresAt = checked.value;
    }
    if (needsRenewal(expiresAt, this.tokenTtl)) {
      const renewed = this.nowSeconds() + this.tokenTtl;
      res.header('X-Webchat-Token', conversationToken(this.config.secret, id, renewed));
      res.header('X-Webchat-Token-Expires', new Date(renewed * 1000).toISOString());
    }
    return id;
  }

  private authoriseStream(req: Request): string {
    const id = this.conversationOf(req);
    const ticket = typeof req.query?.ticket === 'string' ? req.query.ticket : undefined;
    if (!verifyStreamTicket(this.config.secret, id, ticket).ok) {
      throw new HttpError(
        401,
        'UNAUTHENTICATED',
        'missing, wrong or expired stream ticket; get one with POST /api/webchat/conversations/{id}/stream-tickets (it is good for a minute)',
      );
    }
    return id;
  }

  private async openStream(conversationId: string, req: Request, res: Response): Promise<void> {
    startEventStream(res);
    this.open.add(res);
    let last = typeof req.header('last-event-id') === 'string' && /^\d+-\d+$/.test(req.header('last-event-id')) ? req.header('last-event-id') : undefined;
    const send = (event: StreamEvent) => {
      if (event.kind === 'entry') {
        if (last && compareIds(event.entry.id, last) <= 0) return;
        last = event.entry.id;
      }
      res.write(sseFrame(event));
    };
    // Subscribe first, then catch up from the transcript, so nothing falls between the two.
    const buffered: StreamEvent[] = [];
    let live = false;
    const unsubscribe = await this.config.bus.subscribe(topicFor(conversationId), (message) => {
      const event = message as StreamEvent;
      if (live) send(event);
      else buffered.push(event);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), (this.config.heartbeatSeconds ?? 25) * 1000);
    heartbeat.unref();
    const close = () => {
      clearInterval(heartbeat);
      this.open.delete(res);
      void unsubscribe();
    };
    req.on('close', close);
    res.on('close', close);
    if (last) for (const entry of await this.runtime.transcripts.list(this.key(conversationId), { after: last })) send({ kind: 'entry', entry });
    live = true;
    buffered.forEach(send);
  }

  private sendPage(res: Response): void {
    const html = readFileSync(join(this.assetsDir, 'index.html'), 'utf8').replaceAll('{{title}}', escapeHtml(this.config.title)).replaceAll('{{accent}}', this.config.accentColor);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(html);
  }

  private async sendAsset(req: Request, res: Response): Promise<void> {
    const file = String(req.params?.file ?? '');
    // Own keys only: `/webchat/valueOf` found Object.prototype.valueOf, and the answer never ended.
    const type = Object.hasOwn(STATIC_FILES, file) ? STATIC_FILES[file] : undefined;
    if (!type) throw new HttpError(404, 'NOT_FOUND', `no such file: ${file.slice(0, 100)}`);
    const content = readFileSync(join(this.assetsDir, file));
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
    res.end(content);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createWebchatAdapter(config: WebchatAdapterConfig): WebchatAdapter {
  return new WebchatAdapter(config);
}
