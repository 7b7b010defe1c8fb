import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder-core';
import type { Request, Response, Server } from 'restify';
import { ChannelAdapter } from '../../core/channel-adapter.js';
import { BalieError, codeOf, errorCodeOf } from '../../core/errors.js';
import { HttpError, route, validate } from '../../core/http.js';
import { languageOf } from '../../core/turn-language.js';
import { formatActivity, layoutFor } from './format.js';
import { WHATSAPP_CLOUD_CHANNEL, mediaIdOf, parseDelivery, webhookSchema, type CloudStatus, type InboundMessage } from './parse.js';
import { DEFAULT_SEND_LIMITS } from '../../core/send-limits.js';
import { DEFAULT_API_URL, DEFAULT_RETRY, GraphApiError, GraphClient } from './send.js';
import type { RetryPolicy } from '../../core/retry.js';
import { rawBodyOf, verifySignature, verifyToken } from './verify.js';

export interface WhatsappCloudAdapterConfig {
  /** Access token (a System User token in production). */
  token: string;
  /** The business phone number's id (not the number itself) from the WhatsApp Manager. */
  phoneNumberId: string;
  /** The Meta app's secret: signs every webhook delivery (X-Hub-Signature-256). */
  appSecret: string;
  /** Any string you choose; Meta sends it back when you register the webhook URL. */
  verifyToken: string;
  /** Graph API base URL with version; tests point it at a local fake. */
  apiUrl?: string;
  /** Webhook path; default /webhooks/whatsapp. */
  path?: string;
  retry?: Partial<RetryPolicy>;
  /** Per Graph API request; default 15 s. */
  requestTimeoutMs?: number;
  /** Largest media file `fetchMedia()` downloads; default 100 MB (WhatsApp's document limit). */
  maxMediaBytes?: number;
  /** Label of the button that opens a list of options (at most 20 characters); default per language. */
  listButtonLabel?: string;
  /** Check the token against the Graph API at start and log a clear error if it is refused; default true. */
  checkTokenAtStart?: boolean;
}

const NUMBERED_REPLY = /^\s*(\d{1,2})\s*[.)]?\s*$/;

/**
 * WhatsApp through Meta's official Cloud API: Meta posts signed webhooks for customer messages,
 * balie answers over the Graph API's messages endpoint with plain fetch.
 */
export class WhatsappCloudAdapter extends ChannelAdapter {
  readonly channelId = WHATSAPP_CLOUD_CHANNEL;
  private readonly client: GraphClient;
  private tokenCheck?: Promise<void>;

  constructor(private readonly config: WhatsappCloudAdapterConfig) {
    super();
    this.client = new GraphClient({
      apiUrl: config.apiUrl ?? DEFAULT_API_URL,
      token: config.token,
      phoneNumberId: config.phoneNumberId,
      retry: { ...DEFAULT_RETRY, ...config.retry },
      timeoutMs: config.requestTimeoutMs ?? 15_000,
      logger: () => this.logger,
      pace: () => {
        const pacer = this.pacer;
        return pacer && { pacer, limits: this.runtime.sendLimits?.whatsappCloud ?? DEFAULT_SEND_LIMITS.whatsappCloud };
      },
    });
  }

  override registerRoutes(server: Server): void {
    const path = this.config.path ?? '/webhooks/whatsapp';
    const r = (fn: (req: Request, res: Response) => Promise<void>) =>
      route((err, req) => this.logger.error({ err, code: codeOf(err), path: req.path() }, 'WhatsApp Cloud webhook failed'), fn);
    server.get(
      path,
      r(async (req, res) => this.answerVerification(req, res)),
    );
    server.post(
      path,
      r(async (req, res) => this.handleDelivery(req, res)),
    );
  }

  override async start(): Promise<void> {
    if (this.config.checkTokenAtStart === false) return;
    // In the background: a slow Graph API must not hold up start-up, only be reported.
    this.tokenCheck = this.client.phoneNumber().then(
      () => this.logger.info('WhatsApp Cloud API accepted the access token'),
      (err: unknown) => {
        if (codeOf(err) === 'SHUTTING_DOWN') return;
        const reason = err instanceof GraphApiError ? err.message : undefined;
        this.logger.error(
          { err, code: codeOf(err), reason, graphCode: (err as GraphApiError).graphCode },
          'WhatsApp Cloud API check failed at start; replies will fail until this is fixed',
        );
      },
    );
  }

  override async stop(): Promise<void> {
    this.client.close();
    await this.tokenCheck;
  }

  /** Meta's subscription check: echo `hub.challenge` when `hub.verify_token` is ours. */
  private async answerVerification(req: Request, res: Response): Promise<void> {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const mode = query['hub.mode'];
    const challenge = query['hub.challenge'];
    if (mode !== 'subscribe') throw new HttpError(403, 'FORBIDDEN', "expected hub.mode=subscribe: this URL answers Meta's webhook verification");
    const verified = verifyToken(typeof query['hub.verify_token'] === 'string' ? query['hub.verify_token'] : undefined, this.config.verifyToken);
    if (!verified.ok) {
      this.logger.warn({ reason: verified.reason }, 'WhatsApp webhook verification with a wrong verify token');
      throw new HttpError(403, 'FORBIDDEN', "hub.verify_token does not match WHATSAPP_VERIFY_TOKEN: enter the same value in the Meta app's webhook settings");
    }
    if (typeof challenge !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(challenge))
      throw new HttpError(400, 'BAD_REQUEST', 'hub.challenge is missing or not a short printable string');
    this.logger.info('WhatsApp webhook verified by Meta');
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(challenge);
  }

  private async handleDelivery(req: Request, res: Response): Promise<void> {
    const verified = verifySignature(rawBodyOf(req), req.header('x-hub-signature-256') || undefined, this.config.appSecret);
    if (!verified.ok) {
      this.logger.warn({ reason: verified.reason }, 'refused a WhatsApp webhook with a missing or wrong signature');
      throw new HttpError(
        401,
        'UNAUTHENTICATED',
        'missing or wrong X-Hub-Signature-256: it must be sha256=<HMAC-SHA256 of the body with the Meta app secret> (is WHATSAPP_APP_SECRET the secret of the app that sends this webhook?)',
      );
    }
    const payload = validate(webhookSchema, req.body);
    const delivery = parseDelivery(payload, this.config.phoneNumberId);
    for (const s of delivery.skipped) {
      if (s.reason === 'other-phone-number') this.logger.warn({ phoneNumberId: s.phoneNumberId }, 'ignored a WhatsApp webhook for another phone number of this business account');
      else this.logger.debug(s, 'ignored a WhatsApp webhook item balie does not handle');
    }
    // In delivery order, one after the other, so the ingress queues them in the order written.
    for (const message of delivery.messages) {
      await this.resolveNumberedReply(message);
      try {
        const result = await this.receive(message.activity, message.nativeId);
        this.logger.debug({ nativeId: message.nativeId, status: result.status }, 'WhatsApp message handed to the ingress');
      } catch (err) {
        // Meta redelivers anything not answered with 200; messages already taken are deduped then.
        throw new HttpError(503, errorCodeOf(err, 'STORAGE_UNAVAILABLE'), 'balie cannot take this message right now; WhatsApp will deliver it again', { cause: err });
      }
    }
    // Only once the delivery is accepted, so a redelivered failure is not counted twice.
    delivery.statuses.forEach((s) => this.onStatus(s));
    res.send(200, { status: 'ok' });
  }

  /**
   * Sent/delivered/read need nothing. A failed status is a send that WhatsApp gave up on after
   * accepting it (e.g. the customer service window closed): counted and logged, as a failed send is.
   */
  private onStatus(status: CloudStatus): void {
    if (status.status !== 'failed') {
      this.logger.debug({ nativeId: status.id, status: status.status }, 'WhatsApp delivery status');
      return;
    }
    const errors = status.errors?.map((e) => ({ code: e.code, title: e.title, details: e.error_data?.details }));
    this.runtime.metrics.sendFailures.inc({ channel: this.channelId, code: 'PLATFORM_REFUSED' });
    this.logger.warn({ code: 'PLATFORM_REFUSED', nativeId: status.id, errors }, 'WhatsApp could not deliver a message it had accepted');
  }

  /**
   * Where options were sent as numbered lines, a reply of just "2" means the second option: the
   * last message in the transcript says which options those were (in every process alike).
   */
  private async resolveNumberedReply(message: InboundMessage): Promise<void> {
    const { activity } = message;
    const n = activity.value === undefined && !activity.attachments?.length ? NUMBERED_REPLY.exec(activity.text ?? '')?.[1] : undefined;
    if (!n) return;
    const [last] = await this.runtime.transcripts.list(`${this.channelId}:${activity.conversation!.id}`, { limit: 1 });
    const options = last?.direction === 'out' ? last.suggestedActions : undefined;
    const picked = options && layoutFor(options) === 'numbered' ? options[Number(n) - 1] : undefined;
    if (picked) activity.value = { action: picked.value };
  }

  protected async deliver(activity: Partial<Activity>, context: TurnContext): Promise<ResourceResponse> {
    const to = activity.conversation?.id;
    if (!to) throw new BalieError('BAD_REQUEST', "a WhatsApp message needs conversation.id (the customer's wa_id)");
    const messages = formatActivity(activity, { language: languageOf(context, '') || activity.locale, listButtonLabel: this.config.listButtonLabel });
    let id = '';
    for (const [i, message] of messages.entries()) {
      try {
        id = await this.client.sendMessage(to, message);
      } catch (err) {
        const code = codeOf(err);
        this.runtime.metrics.sendFailures.inc({ channel: this.channelId, code });
        // `reason` repeats the error's explanation: the logger masks error messages below debug level.
        const reason = err instanceof GraphApiError ? err.message : undefined;
        this.logger.warn(
          { err, code, reason, status: (err as GraphApiError).status, graphCode: (err as GraphApiError).graphCode, part: i + 1, parts: messages.length, type: message.type },
          'could not send a WhatsApp message',
        );
        throw err;
      }
    }
    return { id };
  }

  /** The Cloud API's typing indicator belongs to an inbound message (and marks it read). */
  protected override async sendTyping(_activity: Partial<Activity>, context: TurnContext): Promise<void> {
    const inbound = context.activity;
    if (inbound.type !== ActivityTypes.Message || inbound.channelId !== this.channelId || !inbound.id || inbound.from?.role !== 'user') return;
    try {
      await this.client.markRead(inbound.id, true);
    } catch (err) {
      // "typing…" is a courtesy: the reply itself must not fail because of it.
      this.logger.warn({ err, code: codeOf(err) }, 'could not show the WhatsApp typing indicator');
    }
  }

  override async fetchMedia(attachment: { contentUrl?: string; contentType?: string; name?: string }): Promise<{ data: Buffer; contentType: string; name?: string }> {
    const mediaId = mediaIdOf(attachment.contentUrl);
    if (!mediaId) return super.fetchMedia(attachment);
    const { data, contentType } = await this.client.downloadMedia(mediaId, this.config.maxMediaBytes ?? 100 * 1024 * 1024);
    return { data, contentType: contentType ?? attachment.contentType ?? 'application/octet-stream', name: attachment.name };
  }
}

export function createWhatsappCloudAdapter(config: WhatsappCloudAdapterConfig): WhatsappCloudAdapter {
  return new WhatsappCloudAdapter(config);
}
