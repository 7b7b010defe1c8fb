import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder-core';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { BalieError } from './errors.js';
import type { Ingress, SubmitResult } from './ingress.js';
import type { Metrics } from './metrics.js';
import type { NewTranscriptEntry, TranscriptEntry, TranscriptStore } from './storage/transcript.js';
import type { OutboundTurn, TurnScopes } from './storage/turn-scope.js';
import type { RateLimited } from './conversation-limit.js';
import type { SendLimits } from './send-limits.js';
import type { SendPace } from './send-pace.js';
import { Pacer } from './pacer.js';

export type TurnLogic = (context: TurnContext) => Promise<void>;

/** What `receive()` resolves with: the ingress's answer, or a refusal by the conversation's rate limit. */
export type ReceiveResult = SubmitResult | RateLimited;

/** What the app gives every adapter when it is attached. */
export interface AdapterRuntime {
  ingress: Ingress;
  transcripts: TranscriptStore;
  metrics: Metrics;
  logger: Logger;
  /** The bot: runs one turn. */
  logic: TurnLogic;
  /**
   * While a person owns a conversation the bot stays silent: checked for every bot message at send
   * time, because an agent may take over while a turn is running. Notices and agents' words pass.
   */
  botMaySend?(conversationKey: string): Promise<boolean>;
  /** Called when a turn throws: tells the customer and logs with the error's code. */
  onTurnError(context: TurnContext, error: Error): Promise<void>;
  /**
   * The ingress's turn context: a turn's transcript lines are written with its commit (one round
   * trip) and shown (`onRecorded`) right after it. Without it every line is written at once.
   */
  turns?: TurnScopes;
  /**
   * The platforms' paces, chosen once by the app: shared through Redis when it has Redis (so N
   * processes together keep a platform's limit), else this process's own. Senders use it with
   * `sendLimits` (balie.yaml); without it each adapter paces itself alone, as it always did.
   */
  sendPace?: SendPace;
  sendLimits?: SendLimits;
}

export interface AdapterStatus {
  ready: boolean;
  detail?: string;
}

/**
 * The port every channel implements. Inbound: verify and parse the platform's payload, then
 * `receive()` the normalised Activity (dedupe, ordering and the turn happen in core). Outbound:
 * `deliver()` one message Activity in the platform's own format. Everything else (transcript,
 * metrics, typing, delays, proactive turns) is shared here.
 */
export abstract class ChannelAdapter extends BotAdapter {
  abstract readonly channelId: string;
  /**
   * True for a channel that lives in one process only (a terminal REPL): messages for it from
   * other processes (an agent's reply) come over the event bus.
   */
  readonly localToProcess: boolean = false;
  /**
   * True for a channel whose deliver() may wait for the platform's pace (Telegram): it calls the
   * turn's `departing()` itself, right before each message leaves, so a shutdown can hand back a
   * turn that is still waiting. Elsewhere a message counts as gone once deliver() is called.
   */
  protected readonly departsInDeliver: boolean = false;
  private runtimeRef?: AdapterRuntime;

  /** Called once by the app before `start()`. */
  attach(runtime: AdapterRuntime): void {
    this.runtimeRef = runtime;
    this.onTurnError = async (context, error) => {
      // A turn the shutdown ended is no failure: its message runs again elsewhere, so the customer
      // gets no apology and the log no error (the shutdown's summary counts it).
      if (runtime.turns?.current()?.ended) throw error;
      await runtime.onTurnError(context, error);
    };
    // Messages of this channel stored by another process (or before a restart) run here too.
    runtime.ingress.register(this.channelId, (activity) => this.runTurn(activity));
  }

  private pacerRef?: Pacer;

  /** The app's send pace for this adapter's sender; undefined before attach or when the app gives none. */
  protected get pacer(): Pacer | undefined {
    const pace = this.runtimeRef?.sendPace;
    return pace && (this.pacerRef ??= new Pacer(pace));
  }

  protected get runtime(): AdapterRuntime {
    if (!this.runtimeRef) throw new BalieError('NOT_ATTACHED', `the ${this.channelId} adapter was used before it was attached to an app`);
    return this.runtimeRef;
  }

  protected get logger(): Logger {
    return this.runtime.logger;
  }

  /** Mounts the adapter's webhooks and pages. */
  registerRoutes(_server: Server): void {}

  /** Connects to the platform (polling, sockets, sessions). Webhook-only adapters need nothing. */
  async start(): Promise<void> {}

  /** Disconnects; called after in-flight turns have drained. */
  async stop(): Promise<void> {}

  status(): AdapterStatus {
    return { ready: true };
  }

  /** The running turn, for a deliver() that waits for the platform's pace; undefined outside a turn. */
  protected outboundTurn(): OutboundTurn | undefined {
    return this.runtime.turns?.current();
  }

  /** Sends one message to the platform. `context` is the turn it belongs to. */
  protected abstract deliver(activity: Partial<Activity>, context: TurnContext): Promise<ResourceResponse | void>;

  /**
   * Downloads an inbound attachment on demand. Adapters put a reference in `contentUrl` (e.g.
   * `telegram-media:<file_id>`) rather than the bytes, so activities stay small and serialisable.
   */
  async fetchMedia(attachment: { contentUrl?: string; contentType?: string; name?: string }): Promise<{ data: Buffer; contentType: string; name?: string }> {
    throw new BalieError('NOT_SUPPORTED', `the ${this.channelId} adapter cannot download ${attachment.contentUrl ?? 'this attachment'}`);
  }

  /** Shows "typing…" where the platform can; a no-op elsewhere. */
  protected async sendTyping(_activity: Partial<Activity>, _context: TurnContext): Promise<void> {}

  /** Hook for channels that show the transcript itself (the web chat pushes each entry live). */
  protected async onRecorded(_conversationId: string, _entry: TranscriptEntry): Promise<void> {}

  /** Hands a normalised inbound Activity to the ingress. Resolves once it is accepted (or refused by the rate limit). */
  protected async receive(activity: Partial<Activity>, nativeId: string): Promise<ReceiveResult> {
    activity.channelId = this.channelId;
    activity.type ??= ActivityTypes.Message;
    activity.timestamp ??= new Date();
    activity.recipient ??= { id: 'bot', name: 'bot' };
    // The ingress applies the per-conversation rate limit in the round trip that stores the message.
    return this.runtime.ingress.submit({ activity, nativeId, run: (a) => this.runTurn(a) });
  }

  /** Runs one turn for `activity`: records it, then middleware and the bot. */
  async runTurn(activity: Partial<Activity>, logic: TurnLogic = this.runtime.logic): Promise<void> {
    const context = new TurnContext(this, activity);
    // The conversation as it happens, for LOG_LEVEL=debug while developing (never at info: personal data).
    if (activity.type === ActivityTypes.Message) this.logger.debug({ conversation: activity.conversation?.id, from: activity.from?.id, text: activity.text }, 'customer wrote');
    const recorded = activity.type === ActivityTypes.Message ? this.record(activity, 'in') : undefined;
    try {
      await this.runMiddleware(context, logic);
    } finally {
      await recorded;
    }
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((r) => setTimeout(r, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.Typing) {
        await this.sendTyping(activity, context);
        responses.push({ id: '' });
      } else if (activity.type === ActivityTypes.Message) {
        if (!(await this.maySend(activity))) {
          this.logger.debug({ conversation: activity.conversation?.id }, 'a person owns this chat: the bot stays silent');
          responses.push({ id: '' });
          continue;
        }
        if (!this.departsInDeliver) this.runtime.turns?.current()?.departing();
        const response = await this.deliver(activity, context);
        this.logger.debug({ conversation: activity.conversation?.id, role: activity.from?.role === 'agent' ? 'agent' : 'bot', text: activity.text }, 'sent');
        this.runtime.metrics.messagesOut.inc({ channel: this.channelId });
        await this.record(activity, 'out');
        responses.push(response ?? { id: activity.id ?? '' });
      } else {
        // Events (e.g. handoff.initiate) are for middleware, not for the customer's screen.
        responses.push({ id: '' });
      }
    }
    return responses;
  }

  async updateActivity(_context: TurnContext, _activity: Partial<Activity>): Promise<ResourceResponse | void> {
    throw new BalieError('NOT_SUPPORTED', `the ${this.channelId} adapter cannot edit sent messages`);
  }

  async deleteActivity(_context: TurnContext, _reference: Partial<ConversationReference>): Promise<void> {
    throw new BalieError('NOT_SUPPORTED', `the ${this.channelId} adapter cannot delete sent messages`);
  }

  /** A proactive turn (e.g. an agent's message): runs `logic` with a context for `reference`. */
  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  private async maySend(activity: Partial<Activity>): Promise<boolean> {
    const check = this.runtime.botMaySend;
    const fromPerson = activity.from?.role === 'agent' || (activity.channelData as { balieNotice?: boolean } | undefined)?.balieNotice === true;
    if (!check || fromPerson || !activity.conversation?.id) return true;
    return check(`${this.channelId}:${activity.conversation.id}`);
  }

  private async record(activity: Partial<Activity>, direction: 'in' | 'out'): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId) return;
    const role = direction === 'in' ? 'customer' : activity.from?.role === 'agent' ? 'agent' : 'bot';
    const owner = direction === 'out' ? (activity.channelData as { balieOwner?: NewTranscriptEntry['owner'] } | undefined)?.balieOwner : undefined;
    const entry: NewTranscriptEntry = {
      direction,
      role,
      from: { id: activity.from?.id ?? role, name: activity.from?.name, avatarUrl: (activity.channelData as { avatarUrl?: string } | undefined)?.avatarUrl },
      text: activity.text,
      attachments: activity.attachments?.map((a) => ({ contentType: a.contentType, contentUrl: a.contentUrl, name: a.name })),
      suggestedActions: activity.suggestedActions?.actions.map((a) => ({ title: a.title ?? String(a.value), value: String(a.value ?? a.title) })),
      timestamp: new Date(activity.timestamp ?? Date.now()).toISOString(),
      ...(owner !== undefined ? { owner } : {}),
    };
    const conversationKey = `${this.channelId}:${conversationId}`;
    const turn = this.runtime.turns?.current();
    if (turn?.defersTranscriptOf(conversationKey)) {
      turn.transcripts.push({ conversationKey, entry, onStored: (stored) => this.onRecorded(conversationId, stored) });
      return;
    }
    const stored = await this.runtime.transcripts.append(conversationKey, entry);
    await this.onRecorded(conversationId, stored);
  }
}
