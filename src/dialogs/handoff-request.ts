import { EventFactory, type TurnContext } from 'botbuilder';
import type { Translator } from './i18n.js';
import { say } from './turn-info.js';

export type HandoffReason = 'customer-asked' | 'not-understood' | 'dialog' | 'complaint' | 'vip';

/** What the bot hands to the person who takes over, so the customer never repeats their story. */
export interface HumanRequest {
  reason: HandoffReason;
  language: string;
  /** What dialogs learned, e.g. { orderNumber: 'TC-100003' }. */
  collected: Record<string, string>;
}

/** The seam between the bot and the handoff queue: how a turn asks for a person. */
export interface HandoffPort {
  request(context: TurnContext, request: HumanRequest): Promise<void>;
}

/**
 * Without a handoff queue (the handoff part plugs in its own port), the request still goes out as
 * the Bot Framework `handoff.initiate` event, which middleware and transcripts can see, and the
 * customer is told that a colleague will answer in this chat.
 */
export function createBasicHandoff(t: Translator): HandoffPort {
  return {
    async request(context, request) {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, request));
      await context.sendActivity(say(context, t, 'handoffRequested'));
    },
  };
}
