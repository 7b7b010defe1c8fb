import { TurnContext, type Activity } from 'botbuilder-core';

/*
 * The Bot Framework types and helpers the rooms outside core, dialogs and adapters need, from one
 * place: botbuilder is archived upstream, and a later move to its successor should touch only
 * core, dialogs and adapters.
 */
export type { Activity, ResourceResponse, TurnContext } from 'botbuilder-core';

/** What it takes to message the conversation of `activity` again later, outside its turn. */
export function conversationReferenceOf(activity: Partial<Activity>): Record<string, unknown> {
  return TurnContext.getConversationReference(activity) as Record<string, unknown>;
}
