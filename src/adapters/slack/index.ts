import { App, webApi } from '@slack/bolt';
import type { Activity, ResourceResponse } from 'botbuilder-core';
import type { Server } from 'restify';
import { ChannelAdapter, type AdapterStatus, type TurnLogic } from '../../core/channel-adapter.js';
import { BalieError } from '../../core/errors.js';
import { HttpError, validate } from '../../core/http.js';
import { boltLogger } from './bolt-logger.js';
import { formatActivity } from './format.js';
import { downloadSlackFile } from './media.js';
import {
  ACTION_PREFIX,
  ANSWERED_SUBTYPES,
  DESK_ACTION_PREFIX,
  MEDIA_PREFIX,
  SLACK_CHANNEL,
  actionNativeId,
  actionToActivity,
  blockActionsSchema,
  conversationOf,
  eventsBodySchema,
  interactionSchema,
  isDirectChannel,
  mentions,
  messageEventSchema,
  type MessageEvent,
  messageNativeId,
  toActivity,
  skipReason,
  targetOf,
} from './parse.js';
import { BalieReceiver, type Retry } from './receiver.js';
import { DEFAULT_SEND_LIMITS } from '../../core/send-limits.js';
import { DEFAULT_RETRY, SlackSender, boltRetryConfig, slackError } from './send.js';
import type { RetryPolicy } from '../../core/retry.js';
import { SocketConnection } from './socket.js';
import { UserDirectory, type UserDirectoryOptions } from './users.js';
import { registerSlackWebhooks, type SlackPayloadKind } from './webhook.js';

export { EVENTS_PATH, INTERACTIONS_PATH } from './webhook.js';

export interface SlackAdapterConfig {
  /** Bot User OAuth Token (xoxb-…). */
  botToken: string;
  /** Verifies HTTP request URLs (Events API, interactivity). Needed unless `appToken` is set. */
  signingSecret?: string;
  /** App-level token (xapp-…, connections:write): Socket Mode instead of public request URLs. */
  appToken?: string;
  /** Web API base, e.g. `http://127.0.0.1:PORT/api/` for a local fake; Slack's by default. */
  apiUrl?: string;
  /** The agents' channel (desk feature): nothing said there is a customer message. */
  deskChannel?: string;
  /** Makes relative agent avatar URLs absolute for `icon_url`. */
  publicUrl?: string;
  retry?: Partial<RetryPolicy>;
  /** Per Web API request. */
  requestTimeoutMs?: number;
  users?: UserDirectoryOptions;
  /** Largest inbound file `fetchMedia` downloads. */
  maxMediaBytes?: number;
  socket?: { clientPingTimeoutMs?: number; serverPingTimeoutMs?: number; closeTimeoutMs?: number };
}

/**
 * The agents' side of Slack (src/desk/slack): what people say in the desk channel and the desk's
 * own controls go here, never into a customer's turn.
 */
export interface SlackDeskHooks {
  /** A person's message in the desk channel (top level or in a thread); bots' and edits are left out. */
  message(event: MessageEvent): Promise<void>;
  /** A `balie_desk_` button or select used, or a `balie_desk_` modal submitted (the raw payload). */
  interaction(payload: Record<string, unknown>): Promise<void>;
}

/** About ten minutes of attempts to (re)open the Socket Mode connection before giving up. */
const SOCKET_OPEN_RETRY = { retries: 20, factor: 1.5, minTimeout: 1_000, maxTimeout: 30_000, randomize: true };

interface Identity {
  botUserId: string;
  botId?: string;
  team?: string;
}

/**
 * Slack through Bolt: DMs are conversations, and in channels every thread the bot is mentioned in
 * is one. Events arrive over balie's HTTP server (signed request URLs) or Socket Mode, go through
 * Bolt's `processEvent` and listeners, and are acknowledged once balie's ingress has them. Replies
 * go out with the Bolt app's WebClient in mrkdwn, with Block Kit buttons.
 */
export class SlackAdapter extends ChannelAdapter {
  readonly channelId = SLACK_CHANNEL;
  private bolt?: App;
  private identity?: Identity;
  private socket?: SocketConnection;
  private readonly receiver: BalieReceiver;
  private readonly users: UserDirectory;
  private readonly sender: SlackSender;
  private state: 'new' | 'started' | 'stopped' = 'new';
  private readonly lookupWarnings = new Set<string>();
  private desk?: SlackDeskHooks;

  constructor(private readonly config: SlackAdapterConfig) {
    super();
    if (!config.signingSecret && !config.appToken) {
      throw new BalieError('CONFIG_INVALID', 'the Slack adapter needs SLACK_SIGNING_SECRET (request URLs) or SLACK_APP_TOKEN (Socket Mode)');
    }
    this.receiver = new BalieReceiver({ start: () => this.socket?.start() ?? Promise.resolve(), stop: () => this.socket?.stop() ?? Promise.resolve() });
    this.users = new UserDirectory(() => this.client, config.users);
    this.sender = new SlackSender({
      client: () => this.client,
      metrics: () => this.runtime.metrics,
      logger: () => this.logger,
      channelId: this.channelId,
      pace: () => this.paceForSender(),
      botToken: config.botToken,
    });
  }

  private paceForSender() {
    const pacer = this.pacer;
    return pacer && { pacer, limits: this.runtime.sendLimits?.slack ?? DEFAULT_SEND_LIMITS.slack };
  }

  /** The Bolt app, for features that add their own listeners (e.g. the Slack agent desk). */
  get app(): App {
    if (!this.bolt) throw new BalieError('NOT_READY', 'the Slack adapter is not started yet');
    return this.bolt;
  }

  /** Routes the desk channel's messages and the desk's controls to the Slack desk (needs `deskChannel`). */
  useDesk(hooks: SlackDeskHooks): void {
    if (!this.config.deskChannel) throw new BalieError('CONFIG_INVALID', "the Slack desk needs SLACK_DESK_CHANNEL (the id of the agents' channel)");
    this.desk = hooks;
  }

  get deskChannel(): string | undefined {
    return this.config.deskChannel;
  }

  get botUserId(): string | undefined {
    return this.identity?.botUserId;
  }

  private get client(): webApi.WebClient {
    return this.app.client;
  }

  override registerRoutes(server: Server): void {
    registerSlackWebhooks(server, { signingSecret: this.config.signingSecret, logger: () => this.logger, ingest: (kind, payload, retry) => this.ingest(kind, payload, retry) });
  }

  override async start(): Promise<void> {
    const log = boltLogger(this.logger.child({ component: 'bolt' }));
    const clientOptions = (): webApi.WebClientOptions => ({
      slackApiUrl: this.config.apiUrl,
      retryConfig: boltRetryConfig({ ...DEFAULT_RETRY, ...this.config.retry }),
      timeout: this.config.requestTimeoutMs ?? 15_000,
      logger: log,
    });
    // Who am I: the bot's user id tells its own messages and mentions apart. Passing it to Bolt
    // also spares Bolt its own auth.test.
    let auth: webApi.AuthTestResponse;
    try {
      auth = await new webApi.WebClient(this.config.botToken, clientOptions()).auth.test();
    } catch (err) {
      throw slackError(err, 'auth.test');
    }
    if (!auth.user_id) throw new BalieError('PLATFORM_REFUSED', "Slack's auth.test did not name the bot user: is SLACK_BOT_TOKEN a bot token (xoxb-)?");
    this.identity = { botUserId: auth.user_id, botId: auth.bot_id, team: auth.team_id };

    const app = new App({
      token: this.config.botToken,
      botId: auth.bot_id,
      botUserId: auth.user_id,
      receiver: this.receiver,
      clientOptions: clientOptions(),
      logger: log,
      // Bolt's per-conversation memory store grows without bound; balie keeps state itself.
      convoStore: false,
      ignoreSelf: true,
    });
    // Let listener errors reach the receiver, which answers Slack with their status.
    app.error(async (error) => {
      throw error;
    });
    app.event('message', async ({ event, body }) => this.onMessage(event, body as unknown as Record<string, unknown>));
    app.event('app_mention', async ({ event, body }) => this.onMessage(event, body as unknown as Record<string, unknown>));
    app.action(new RegExp(`^${ACTION_PREFIX}`), async ({ ack, body }) => {
      await ack();
      await this.onAction(body as unknown as Record<string, unknown>);
    });
    app.action(new RegExp(`^${DESK_ACTION_PREFIX}`), async ({ ack, body }) => {
      await ack();
      await this.desk?.interaction(body as unknown as Record<string, unknown>);
    });
    app.view(new RegExp(`^${DESK_ACTION_PREFIX}`), async ({ ack, body }) => {
      await ack();
      await this.desk?.interaction(body as unknown as Record<string, unknown>);
    });
    this.bolt = app;

    if (this.config.appToken) {
      this.socket = new SocketConnection({
        appToken: this.config.appToken,
        // apps.connections.open is also what reconnects: keep trying longer than a send would.
        clientOptions: { ...clientOptions(), retryConfig: SOCKET_OPEN_RETRY },
        boltLogger: log,
        logger: () => this.logger,
        ingest: (kind, payload, retry) => this.ingest(kind, payload, retry),
        clientPingTimeoutMs: this.config.socket?.clientPingTimeoutMs,
        serverPingTimeoutMs: this.config.socket?.serverPingTimeoutMs,
        closeTimeoutMs: this.config.socket?.closeTimeoutMs,
      });
    }
    await app.start();
    this.state = 'started';
    this.logger.info({ botUserId: auth.user_id, team: auth.team, mode: this.config.appToken ? 'socket' : 'events-api' }, 'connected to Slack');
  }

  override async stop(): Promise<void> {
    if (this.state !== 'started') return;
    this.state = 'stopped';
    await this.bolt?.stop();
  }

  override status(): AdapterStatus {
    if (this.state !== 'started') return { ready: false, detail: this.state === 'new' ? 'not connected to Slack yet' : 'stopped' };
    if (this.socket && !this.socket.connected) return { ready: false, detail: 'the Socket Mode connection is down; reconnecting' };
    return { ready: true };
  }

  /** One payload from either door (HTTP or socket), validated, then through Bolt. */
  private async ingest(kind: SlackPayloadKind, payload: unknown, retry: Retry): Promise<Record<string, unknown> | undefined> {
    if (kind === 'interactions') {
      const body = validate(interactionSchema, payload, 'payload');
      // Button presses are checked here, before Bolt, which would quietly match no listener.
      if (body.type === 'block_actions') validate(blockActionsSchema, body, 'payload');
      await this.receiver.dispatch(body, retry);
      return undefined;
    }
    const body = validate(eventsBodySchema, payload);
    if (body.type === 'url_verification') return { challenge: body.challenge };
    if (body.type === 'app_rate_limited') {
      this.logger.warn({ code: 'PLATFORM_RATE_LIMITED' }, 'Slack is holding back events for this app (more than 30,000 an hour); some customer messages will not arrive');
      return undefined;
    }
    if (retry.num) this.logger.debug({ retryNum: retry.num, retryReason: retry.reason, eventId: body.event_id }, 'Slack redelivered an event');
    await this.receiver.dispatch(body, retry);
    return undefined;
  }

  private async onMessage(raw: unknown, body: Record<string, unknown>): Promise<void> {
    const identity = this.identity!;
    // Only messages balie would answer are held to the schema: a 400 makes Slack retry, and Slack
    // turns off event delivery to apps that fail too often, so edits and system messages of any
    // shape are let go quietly first.
    const subtype = (raw as { subtype?: unknown }).subtype;
    if (typeof subtype === 'string' && !ANSWERED_SUBTYPES.has(subtype)) {
      this.logger.debug({ subtype }, `Slack message ignored: ${subtype === 'message_changed' ? 'an edit (edited messages are not answered again)' : `a "${subtype}" message`}`);
      return;
    }
    const event = validate(messageEventSchema, raw, 'event');
    // A person in the desk channel talks to the desk (the mention twin of a message is left out).
    if (this.desk && event.channel === this.config.deskChannel && event.type === 'message' && !skipReason(event, { botUserId: identity.botUserId, botId: identity.botId })) {
      await this.desk.message(event);
      return;
    }
    const skip = skipReason(event, { botUserId: identity.botUserId, botId: identity.botId, deskChannel: this.config.deskChannel });
    if (skip) {
      this.logger.debug({ slackChannel: event.channel, ts: event.ts, subtype: event.subtype }, `Slack message ignored: ${skip}`);
      return;
    }
    const direct = isDirectChannel(event.channel, event.channel_type);
    const conversation = conversationOf(event.channel, event.thread_ts ?? event.ts, event.channel_type ?? (direct ? 'im' : undefined));
    // In channels the bot speaks when spoken to: a mention, or a reply in a thread it is part of.
    if (!direct && !mentions(event.text, identity.botUserId) && !(event.thread_ts && (await this.isBalieThread(conversation.id)))) {
      this.logger.debug({ slackChannel: event.channel, ts: event.ts }, 'Slack channel message not addressed to the bot');
      return;
    }
    const activity = toActivity(event, body, conversation, { botUserId: identity.botUserId });
    if (!activity.text && !activity.attachments) {
      this.logger.debug({ slackChannel: event.channel, ts: event.ts }, 'Slack message without text or files ignored');
      return;
    }
    const result = await this.receive(activity, messageNativeId(event));
    if (result.status === 'duplicate')
      this.logger.debug({ slackChannel: event.channel, ts: event.ts, type: event.type }, 'Slack message already taken (a retry, or the mention twin of a message event)');
  }

  private async onAction(raw: Record<string, unknown>): Promise<void> {
    const body = validate(blockActionsSchema, raw, 'payload');
    const action = body.actions.find((a) => a.action_id.startsWith(ACTION_PREFIX)) ?? body.actions[0]!;
    const channel = body.container.channel_id ?? body.channel?.id;
    if (this.config.deskChannel && channel === this.config.deskChannel) return;
    const activity = actionToActivity(body, action, raw, { botUserId: this.identity!.botUserId });
    if (!activity) throw new HttpError(400, 'BAD_REQUEST', 'invalid request payload: a button press without a channel (container.channel_id)');
    await this.receive(activity, actionNativeId(body, action));
  }

  /** A channel thread is balie's when balie has a transcript for it (the bot was mentioned there). */
  private async isBalieThread(conversationId: string): Promise<boolean> {
    return (await this.runtime.transcripts.list(`${this.channelId}:${conversationId}`, { limit: 1 })).length > 0;
  }

  /** Names the sender (users.info, cached) after Slack has its ack, so a slow lookup never delays it. */
  override async runTurn(activity: Partial<Activity>, logic?: TurnLogic): Promise<void> {
    const userId = activity.from?.role === 'user' ? activity.from.id : undefined;
    if (userId) {
      try {
        const user = await this.users.lookup(userId);
        activity.from = { ...activity.from!, name: user.name };
        activity.locale ??= user.locale;
      } catch (err) {
        const error = slackError(err, 'users.info');
        const reason = (error as { platformError?: string }).platformError ?? error.code;
        // Once per reason at warn (a missing scope would otherwise warn on every message).
        const level = this.lookupWarnings.has(reason) ? 'debug' : 'warn';
        this.lookupWarnings.add(reason);
        this.logger[level]({ err: error, code: error.code, platformError: reason }, "could not look up a Slack user's name (users:read scope?); using their id");
      }
    }
    return super.runTurn(activity, logic);
  }

  protected async deliver(activity: Partial<Activity>): Promise<ResourceResponse> {
    const target = targetOf(activity.conversation?.id);
    let ts: string | undefined;
    for (const message of formatActivity(activity, { publicUrl: this.config.publicUrl })) ts = await this.sender.post(target, message);
    return { id: ts ?? '' };
  }

  // Slack shows "typing…" only for the legacy RTM API; a bot posting with the Web API has no
  // typing indicator, so this is deliberately a no-op.
  protected override async sendTyping(): Promise<void> {}

  override async fetchMedia(attachment: { contentUrl?: string; contentType?: string; name?: string }): Promise<{ data: Buffer; contentType: string; name?: string }> {
    const url = attachment.contentUrl ?? '';
    if (!url.startsWith(MEDIA_PREFIX)) return super.fetchMedia(attachment);
    return downloadSlackFile(this.client, url.slice(MEDIA_PREFIX.length), { botToken: this.config.botToken, apiUrl: this.config.apiUrl, maxBytes: this.config.maxMediaBytes });
  }
}

export function createSlackAdapter(config: SlackAdapterConfig): SlackAdapter {
  return new SlackAdapter(config);
}
