import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import { BalieError } from './errors.js';
import type { Metrics } from './metrics.js';
import type { TurnScheduler } from './scheduler.js';
import type { DedupeStore } from './storage/dedupe.js';

/** What an adapter hands in: a normalised Activity and the platform's own id for the message. */
export interface InboundMessage {
  activity: Partial<Activity>;
  /** The platform's id of this delivery (Telegram update_id, Slack event_id, WhatsApp message id...). */
  nativeId: string;
  /** Runs the turn for this activity (the adapter's `runTurn`). */
  run(activity: Partial<Activity>): Promise<void>;
}

export interface SubmitResult {
  status: 'accepted' | 'duplicate';
  /** Settles when the message's turn has finished (immediately for duplicates). Never rejects. */
  done: Promise<void>;
}

export interface IngressOptions {
  dedupe: DedupeStore;
  scheduler: TurnScheduler;
  metrics: Metrics;
  logger: Logger;
  dedupeTtlSeconds: number;
}

export function conversationKeyOf(activity: Partial<Activity>): string {
  const channel = activity.channelId;
  const conversation = activity.conversation?.id;
  if (!channel || !conversation) throw new BalieError('BAD_REQUEST', 'an inbound activity needs channelId and conversation.id');
  return `${channel}:${conversation}`;
}

/**
 * The door every inbound message goes through: drop redeliveries (by native id), then queue the
 * turn behind earlier messages of the same conversation. `submit` resolves once the message is
 * accepted, so a webhook can answer the platform without waiting for the dialog.
 */
export class Ingress {
  private stopping = false;

  constructor(private readonly options: IngressOptions) {}

  async submit(message: InboundMessage): Promise<SubmitResult> {
    if (this.stopping) throw new BalieError('SHUTTING_DOWN', 'balie is shutting down and takes no new messages');
    const { activity } = message;
    const channel = activity.channelId ?? 'unknown';
    const key = conversationKeyOf(activity);
    const fresh = await this.options.dedupe.claim(`${channel}:${message.nativeId}`, this.options.dedupeTtlSeconds);
    if (!fresh) {
      this.options.metrics.duplicates.inc({ channel });
      this.options.logger.debug({ channel, nativeId: message.nativeId }, 'dropped a redelivered message');
      return { status: 'duplicate', done: Promise.resolve() };
    }
    this.options.metrics.messagesIn.inc({ channel });
    const done = this.options.scheduler.schedule(key, () => this.runTurn(message, channel)).catch((err: unknown) => {
      // runTurn reports its own failures; this only keeps a rejected turn from going unhandled.
      this.options.logger.error({ err, channel, code: codeOf(err) }, 'turn failed');
    });
    return { status: 'accepted', done };
  }

  private async runTurn(message: InboundMessage, channel: string): Promise<void> {
    const { metrics } = this.options;
    const end = metrics.turnSeconds.startTimer({ channel });
    metrics.inFlightTurns.inc();
    try {
      await message.run(message.activity);
    } catch (err) {
      metrics.errors.inc({ code: codeOf(err), channel });
      throw err;
    } finally {
      metrics.inFlightTurns.dec();
      end();
    }
  }

  /** Stops taking messages and waits for queued turns to finish. */
  async drain(): Promise<void> {
    this.stopping = true;
    await this.options.scheduler.drain();
  }

  get accepting(): boolean {
    return !this.stopping;
  }
}

export function codeOf(err: unknown): string {
  return err instanceof BalieError ? err.code : typeof (err as { code?: unknown })?.code === 'string' ? String((err as { code: string }).code) : 'DIALOG_FAILED';
}
