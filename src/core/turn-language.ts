import type { TurnContext } from 'botbuilder-core';

const LANGUAGE = Symbol('balie.language');

/**
 * The conversation's language for a turn, set by the bot's router before any dialog runs and read by
 * dialogs and by adapters that format per language (WhatsApp Cloud's button labels): a turn fact,
 * so it lives in core, where every room may read it.
 */
export function setTurnLanguage(context: TurnContext, language: string): void {
  context.turnState.set(LANGUAGE, language);
}

/** The conversation's language for this turn (set by the router before any dialog runs). */
export function languageOf(context: TurnContext, fallback = 'nl'): string {
  return (context.turnState.get(LANGUAGE) as string | undefined) ?? fallback;
}
