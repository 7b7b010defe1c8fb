import type { Activity } from 'botbuilder-core';
import type { Logger } from 'pino';
import { BalieError } from './errors.js';
import type { Inbox } from './inbox.js';
import type { Metrics } from './metrics.js';
import type { TranscriptStore } from './storage/transcript.js';
import type { TurnScopes } from './storage/turn-scope.js';

/** What an adapter hands in: a normalised Activity and the platform's own id for the message. */
export interface InboundMessage {
  activity: Partial<Activity>;
  /** The platform's id of this delivery (Telegram update_id, Slack event_id, WhatsApp message id...). */
  nativeId: string;
  /** Runs the turn for this activity (the adapter's `runTurn`), when this process runs it. */
  run(activity: Partial<Activity>): Promise<void>;
}

export interface SubmitResult {
  /** `rate-limited`: over the conversation's limit (see `conversationLimit`); nothing was stored. */
  status: 'accepted' | 'duplicate' | 'rate-limited';
  retryAfterSeconds?: number;
  /**
   * Settles when the message's turn has finished in this process, or right away when another
   * process runs this conversation (it holds the lease). Never rejects.
   */
  done: Promise<void>;
}

export type TurnRunner = (activity: Partial<Activity>) => Promise<void>;

export interface IngressOptions {
  inbox: Inbox;
  metrics: Metrics;
  logger: Logger;
  dedupeTtlSeconds: number;
  /** The async context TurnBatchingStorage and the adapters read; share one per app. */
  turns?: TurnScopes;
  /** For transcript lines a turn must show before it ends (a handoff opening). */
  transcripts?: TranscriptStore;
  /** Keys to read together with the message: botbuilder state keys and raw Redis keys. */
  prefetch?(activity: Partial<Activity>, conversationKey: string): { state: string[]; raw: string[] };
  /**
   * Messages a conversation may send per minute, counted in the same round trip as the append;
   * `onLimited` reports a refused one (metrics, a log line).
   */
  conversationLimit?: { perMinute: number; onLimited?(channel: string, conversationKey: string, count: number): void };
  /** This process's name in leases; unique per Ingress. */
  owner?: string;
  /** How often this process looks for conversations whose lease holder died (jittered). Default 1 s. */
  sweepMs?: number;
  /** Renewal interval of held leases during long turns. Default a third of the lease. */
  heartbeatMs?: number;
  /**
   * Tells a customer whose message will wait long for its answer (replies held up by the
   * platform's pace): called for each stored message whose estimated wait is `afterMs` or more;
   * `send` decides whether this conversation was told already.
   */
  busyNotice?: { afterMs: number; send(activity: Partial<Activity>, conversationKey: string, waitMs: number): Promise<void> };
}

/** What a shutdown did with the work it found (Ingress.drain). */
export interface DrainSummary {
  /** Turns that ran to their end and commit after the shutdown began. */
  turnsFinished: number;
  /** Running turns taken back before anything of them left: their messages run again elsewhere, unrepeated. */
  turnsHandedBack: number;
  /** Turns still running when the grace ended: given up; their messages run again elsewhere (a reply may repeat). */
  turnsGivenUp: number;
  /** Turns that had not ended even after being given up (a dialog that ignores everything). */
  turnsStillRunning: number;
  /** Conversations released with messages still waiting, and those messages: another process (or the next start) answers them. */
  conversationsHandedOver: number;
  messagesHandedOver: number;
  ms: number;
}

export function conversationKeyOf(activity: Partial<Activity>): string {
  const channel = activity.channelId;
  const conversation = activity.conversation?.id;
  if (!channel || !conversation) throw new BalieError('BAD_REQUEST', 'an inbound activity needs channelId and conversation.id');
  return `${channel}:${conversation}`;
}
