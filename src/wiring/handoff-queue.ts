import { conversationReferenceOf } from '../core/activity.js';
import type { TurnScopes } from '../core/storage/turn-scope.js';
import type { HandoffService } from '../handoff/service.js';
import { decodeCase } from '../handoff/store/codec.js';
import type { HandoffCase } from '../handoff/types.js';
import type { HandoffGate } from '../dialogs/handoff-request.js';

/**
 * The conversation's case as the ingress read it with the message (on Redis in the same round
 * trip), so the bot's "is a person involved?" check and the send-time check cost no round trip of
 * their own. Once the turn itself changes the case, it is read fresh again.
 */
export interface TurnCaseLookup {
  /** The case read ahead in this turn: null when none is open, undefined when nobody read it. */
  peek(key: string): HandoffCase | null | undefined;
  forget(key: string): void;
  /** The desk shows the transcript: write this turn's lines before the desk hears of the chat. */
  flushTranscripts(): Promise<void>;
}

/** `caseKey` maps a conversation key to the Redis key of its case; without it nothing is read ahead. */
export function createTurnCaseLookup(turns: TurnScopes, caseKey?: (key: string) => string): TurnCaseLookup {
  return {
    peek(key) {
      if (!caseKey) return undefined;
      const raw = turns.peekRaw(caseKey(key));
      return raw === undefined ? undefined : raw === null ? null : decodeCase(raw);
    },
    forget(key) {
      if (caseKey) turns.current()?.raw.delete(caseKey(key));
    },
    async flushTranscripts() {
      await turns.current()?.flushTranscripts();
    },
  };
}

/**
 * While a person owns the chat the bot stays silent. Within a turn this uses the case as read at
 * the turn's start: an agent who takes over during a running bot turn (milliseconds) may still see
 * that turn's reply go out (docs/operations.md, "Delivery guarantees").
 */
export function createBotMaySend(service: HandoffService, turn?: TurnCaseLookup): (key: string) => Promise<boolean> {
  return async (key) => {
    const hit = turn?.peek(key);
    return hit === undefined ? service.botMaySend(key) : hit === null;
  };
}

/** The bot's side of the handoff queue during a turn. */
export function createQueueGate(service: HandoffService, turn?: TurnCaseLookup): HandoffGate {
  const changing = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    await turn?.flushTranscripts();
    try {
      return await fn();
    } finally {
      turn?.forget(key);
    }
  };
  return {
    async caseFor(key) {
      const hit = turn?.peek(key);
      return hit === undefined ? service.caseFor(key) : (hit ?? undefined);
    },
    customerWrote: (c, text) => changing(c.key, () => service.customerWrote(c as HandoffCase, text)),
    customerCancels: (c) => changing(c.key, () => service.customerCancels(c as HandoffCase)),
    recordRating: (key, rating) => service.recordRating(key, rating),
    customerChose: (c, choice) =>
      changing(c.key, async () => {
        const waitFor = /^balie:wait-for:(.+)$/.exec(choice);
        if (waitFor) await service.customerWaitsFor(c as HandoffCase, waitFor[1]!);
        else if (choice === 'balie:anyone') await service.customerTakesAnyone(c as HandoffCase);
        else return false;
        return true;
      }),
    open: (context, request) =>
      changing(`${context.activity.channelId}:${context.activity.conversation.id}`, async () => {
        const { activity } = context;
        await service.request({
          customer: { channelId: activity.channelId, conversationId: activity.conversation.id, userId: activity.from.id, name: activity.from.name },
          reference: conversationReferenceOf(activity),
          reason: request.reason,
          language: request.language,
          collected: request.collected,
          vip: request.vip,
          note: request.note,
          dialog: request.dialog,
          tags: request.tags,
          skills: request.skills,
          preferredSkills: request.preferredSkills,
        });
      }),
  };
}
