import { ActivityTypes, TurnContext, type Activity, type ConversationReference } from 'botbuilder-core';
import type { ChannelAdapter } from '../core/channel-adapter.js';
import { BalieError } from '../core/errors.js';
import type { EventBus } from '../core/storage/event-bus.js';
import type { CustomerMessage, CustomerMessenger } from '../core/customer-messenger.js';

/** The bus topic on which a process that owns a process-local channel takes messages for it. */
export const deliverTopic = (channelId: string) => `deliver:${channelId}`;

export interface RelayedMessage {
  target: Parameters<CustomerMessenger['send']>[0];
  message: CustomerMessage;
}

/**
 * Sends handoff notices and agents' messages through the customer's own channel adapter, outside a
 * bot turn. An agent's message carries the agent as `from` (role `agent`), so every channel can show
 * who wrote it in its own style; notices are marked so the bot-silence guard lets them through.
 */
export function createAdapterMessenger(adapterFor: (channelId: string) => ChannelAdapter | undefined, bus?: EventBus): CustomerMessenger {
  return {
    async send(target, message) {
      const adapter = adapterFor(target.customer.channelId);
      if (!adapter && bus) {
        // A channel that lives in another process (a terminal REPL): that process delivers it.
        await bus.publish(deliverTopic(target.customer.channelId), { target, message } satisfies RelayedMessage);
        return;
      }
      if (!adapter) throw new BalieError('NOT_FOUND', `no ${target.customer.channelId} adapter to reach this customer`);
      const reference = target.reference as Partial<ConversationReference>;
      const activity = TurnContext.applyConversationReference(
        {
          type: ActivityTypes.Message,
          text: message.text,
          suggestedActions: message.suggestedActions ? { to: [], actions: message.suggestedActions.map((a) => ({ type: 'imBack', title: a.title, value: a.value })) } : undefined,
          channelData: { balieNotice: true, avatarUrl: message.agent?.avatarUrl, ...(message.owner !== undefined ? { balieOwner: message.owner } : {}) },
        },
        reference,
      ) as Partial<Activity>;
      if (message.agent) activity.from = { id: message.agent.id, name: message.agent.name, role: 'agent' };
      await adapter.continueConversation(reference, async (context) => {
        await adapter.sendActivities(context, [activity]);
      });
    },
  };
}
