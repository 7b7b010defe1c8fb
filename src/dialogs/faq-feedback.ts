import { MessageFactory, type Activity, type TurnContext } from 'botbuilder-core';
import type { Logger } from 'pino';
import type { UnansweredAsked } from '../core/listening/types.js';
import type { Translator } from './i18n.js';
import type { ConversationProfile, PendingFeedback } from './turn-info.js';
import { isPhrase } from './triggers.js';

/** The "Did this help?" buttons: balie values, never read as free text. */
export const FEEDBACK_YES = 'balie:feedback:yes';
export const FEEDBACK_NO = 'balie:feedback:no';

export function isFeedbackButton(value: string | undefined): boolean {
  return value === FEEDBACK_YES || value === FEEDBACK_NO;
}

/** How the bot asks "Did this help?" (balie.yaml `listening.feedback`) and where the answers go. */
export interface FaqFeedbackSettings {
  /** `off`, or the share of conversations asked (0..1). */
  rate: 'off' | number;
  /** 0 ≤ x < 1; Math.random unless a test decides. */
  random?: () => number;
  /** Counts the customer's answer for the entry (the metric and the helpfulness store). */
  helpful(entryId: string, helpful: boolean): Promise<unknown>;
}

/**
 * "Did this help?" after a confident FAQ answer (issue #14 part 4): asked with the answer itself
 * (one message, no scrolling), in at most one draw per conversation, so a long conversation is not
 * asked more often than a short one. The answer is read on the next turn only: anything other than
 * yes or no is a new question.
 */
export class FaqFeedback {
  constructor(
    private readonly deps: {
      t: Translator;
      settings?: FaqFeedbackSettings;
      unanswered?: (asked: UnansweredAsked) => Promise<unknown>;
      logger: Logger;
    },
  ) {}

  /**
   * The answer to send: with the question and its buttons when this conversation draws it, else
   * the answer alone. `question` is what the customer asked, kept until they answer.
   */
  answer(profile: ConversationProfile, language: string, answer: string, entryId: string, question: string): Partial<Activity> | string {
    const { settings, t } = this.deps;
    if (!settings || settings.rate === 'off' || profile.feedbackDrawn) return answer;
    profile.feedbackDrawn = true;
    if ((settings.random ?? Math.random)() >= settings.rate) return answer;
    profile.feedback = { entryId, question, language };
    return MessageFactory.suggestedActions(
      [
        { type: 'imBack', title: t.t(language, 'feedbackYes'), value: FEEDBACK_YES },
        { type: 'imBack', title: t.t(language, 'feedbackNo'), value: FEEDBACK_NO },
      ],
      `${answer.trimEnd()}\n\n${t.t(language, 'feedbackAsk')}`,
    );
  }

  /** True or false when this turn answers the question asked last turn (a button, or a typed yes / no); else undefined. */
  helpful(pending: PendingFeedback | undefined, pressed: string | undefined, text: string, language: string): boolean | undefined {
    if (!pending) return undefined;
    const { t } = this.deps;
    if (pressed === FEEDBACK_YES || (pressed === undefined && isPhrase(text, t.phrases(language, 'yes'), 1))) return true;
    if (pressed === FEEDBACK_NO || (pressed === undefined && isPhrase(text, t.phrases(language, 'no'), 1))) return false;
    return undefined;
  }

  /**
   * Counts the answer; a "no" also puts the question in the inbox as not helpful. Not awaited: the
   * customer's reply does not wait for the stores, and a failure only costs a count.
   */
  record(context: TurnContext, pending: PendingFeedback, helpful: boolean): void {
    const { settings, unanswered, logger } = this.deps;
    settings?.helpful(pending.entryId, helpful).catch((err: unknown) => logger.warn({ err, entryId: pending.entryId }, 'could not count an FAQ answer as helpful or not'));
    if (helpful || !unanswered) return;
    const { channelId, conversation } = context.activity;
    unanswered({
      text: pending.question,
      language: pending.language,
      channel: channelId,
      conversation: `${channelId}:${conversation.id}`,
      reason: 'not-helpful',
      entryId: pending.entryId,
    }).catch((err: unknown) => logger.warn({ err }, 'could not record a not-helpful answer'));
  }
}
