import type { TurnContext } from 'botbuilder-core';
import { languageOf } from '../core/turn-language.js';
import type { Translator } from './i18n.js';

export { languageOf, setTurnLanguage } from '../core/turn-language.js';

const PROFILE = Symbol('balie.profile');

/** What balie remembers about a conversation, next to botbuilder's own dialog state. */
export interface ConversationProfile {
  /** Shape version: a deploy that changes this shape migrates or resets older state. */
  v: 1;
  language?: string;
  /** Consecutive turns the bot did not understand. */
  notUnderstood: number;
  /** The bot asked "shall I get a person?" and waits for yes/no. */
  offeredHuman?: boolean;
  /** The customer said no to a person; the bot does not hand off by itself until it understands again. */
  declinedHuman?: boolean;
  /** What dialogs learned (e.g. orderNumber), handed to the agent on handoff. */
  collected: Record<string, string>;
  /** The tags of the last FAQ entry the bot answered: the topic a handoff is about (`handoff.skills.tags`). */
  topic?: string[];
  /** This conversation had its one draw for "Did this help?" (asked or not). */
  feedbackDrawn?: boolean;
  /** "Did this help?" was asked with the last answer and waits for yes / no. */
  feedback?: PendingFeedback;
}

/** The FAQ answer "Did this help?" is about. */
export interface PendingFeedback {
  entryId: string;
  /** What the customer asked (it goes to the inbox when the answer did not help). */
  question: string;
  language: string;
}

export function newProfile(): ConversationProfile {
  return { v: 1, notUnderstood: 0, collected: {} };
}

/** Accepts stored state of this version; anything else starts fresh rather than misreading it. */
export function upgradeProfile(stored: unknown): ConversationProfile {
  const p = stored as Partial<ConversationProfile> | undefined;
  if (!p || p.v !== 1) return newProfile();
  return { ...newProfile(), ...p };
}

export function setTurnProfile(context: TurnContext, profile: ConversationProfile): void {
  context.turnState.set(PROFILE, profile);
}

export function profileOf(context: TurnContext): ConversationProfile {
  const profile = context.turnState.get(PROFILE) as ConversationProfile | undefined;
  if (!profile) throw new Error('profileOf() called outside a routed turn');
  return profile;
}

/** Shorthand for dialogs: the text `key` in this turn's language. */
export function say(context: TurnContext, t: Translator, key: string, vars?: Record<string, string | number>): string {
  return t.t(languageOf(context, t.defaultLanguage), key, vars);
}
