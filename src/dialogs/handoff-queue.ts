import { EventFactory, TurnContext } from 'botbuilder';
import type { HandoffService } from '../handoff/service.js';
import type { HandoffCase } from '../handoff/types.js';
import type { HandoffGate, HandoffPort } from './handoff-request.js';

/**
 * With a handoff queue, asking for a person is just the Bot Framework protocol: send the
 * `handoff.initiate` event. The Bot sees every such event leaving a turn (from this port or from a
 * dialog that sends it itself) and opens the case through the gate below.
 */
export function createEventHandoff(): HandoffPort {
  return {
    async request(context, request) {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, request));
    },
  };
}

/** The bot's side of the handoff queue during a turn. */
export function createQueueGate(service: HandoffService): HandoffGate {
  return {
    caseFor: (key) => service.caseFor(key),
    customerWrote: (c, text) => service.customerWrote(c as HandoffCase, text),
    customerCancels: (c) => service.customerCancels(c as HandoffCase),
    recordRating: (key, rating) => service.recordRating(key, rating),
    async customerChose(c, choice) {
      const waitFor = /^balie:wait-for:(.+)$/.exec(choice);
      if (waitFor) await service.customerWaitsFor(c as HandoffCase, waitFor[1]!);
      else if (choice === 'balie:anyone') await service.customerTakesAnyone(c as HandoffCase);
      else return false;
      return true;
    },
    async open(context, request) {
      const { activity } = context;
      await service.request({
        customer: { channelId: activity.channelId, conversationId: activity.conversation.id, userId: activity.from.id, name: activity.from.name },
        reference: TurnContext.getConversationReference(activity) as Record<string, unknown>,
        reason: request.reason,
        language: request.language,
        collected: request.collected,
        vip: request.vip,
        note: request.note,
      });
    },
  };
}
