import { ActivityTypes, TurnContext, type Activity, type ConversationReference } from 'botbuilder-core';
import type { Logger } from 'pino';
import { conversationReferenceOf } from './activity.js';
import type { ChannelAdapter } from './channel-adapter.js';
import type { DedupeStore } from './storage/dedupe.js';
import type { Metrics } from './metrics.js';

export interface BusyNoticeOptions {
  /** From this estimated wait on, the customer is told (see Ingress `busyNotice`). */
  afterMs: number;
  /** A conversation is told at most once in this many seconds. */
  everySeconds: number;
  adapterFor(channelId: string): ChannelAdapter | undefined;
  /** "Once per conversation" across processes: the first claim of a key within the TTL wins. */
  once: DedupeStore;
  /** The notice in the customer's language; `minutes` is the estimated wait, rounded up. */
  text(activity: Partial<Activity>, minutes: number): string;
  metrics: Metrics;
  logger: Logger;
}

/**
 * When replies cannot keep up with the platform's pace, a customer's answer may be many minutes
 * away. Rather than leave them guessing (and writing again, which makes the queue longer), they
 * are told once, in their language, roughly how long it will take. The notice goes ahead of the
 * waiting replies (Activity `importance: 'high'`: the Telegram adapter sends it before them), is
 * written to the transcript like any bot message, and passes the "a person owns this chat" guard
 * as other notices do.
 */
export function createBusyNotice(options: BusyNoticeOptions): { afterMs: number; send(activity: Partial<Activity>, conversationKey: string, waitMs: number): Promise<void> } {
  let lastWarned = 0;
  return {
    afterMs: options.afterMs,
    async send(activity, conversationKey, waitMs) {
      const channel = activity.channelId ?? 'unknown';
      const adapter = options.adapterFor(channel);
      if (!adapter) return;
      if (!(await options.once.claim(`busy-notice:${conversationKey}`, options.everySeconds))) return;
      const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
      const reference = conversationReferenceOf(activity) as Partial<ConversationReference>;
      const notice = TurnContext.applyConversationReference(
        { type: ActivityTypes.Message, text: options.text(activity, minutes), importance: 'high', channelData: { balieNotice: true } },
        reference,
      ) as Partial<Activity>;
      await adapter.continueConversation(reference, async (context) => {
        await adapter.sendActivities(context, [notice]);
      });
      options.metrics.busyNotices.inc({ channel });
      // A busy spell tells many customers at once: one line a minute says so, the metric counts them.
      const now = Date.now();
      const level = now - lastWarned >= 60_000 ? 'warn' : 'debug';
      if (level === 'warn') lastWarned = now;
      options.logger[level](
        { channel, waitMinutes: minutes, code: 'BACKLOG' },
        "replies are running late (they wait for the platform's pace): customers are told how long it will take (balie_busy_notices_total counts them)",
      );
    },
  };
}
