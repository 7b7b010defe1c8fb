import { MessageFactory, type Activity, type CardAction } from 'botbuilder-core';
import type { Translator } from '../i18n.js';
import { fold } from '../faq/normalise.js';
import { resolveText, type Texts, type Vars } from './texts.js';

/** A button: `value` is what the answer becomes, `title` what the customer sees. */
export interface Choice {
  value: string;
  title: Texts;
}

export function normaliseChoices(choices: ReadonlyArray<string | Choice> | undefined): Choice[] {
  return (choices ?? []).map((c) => (typeof c === 'string' ? { value: c, title: c } : c));
}

/** The prompt as an Activity: the text, with the choices as suggested-action buttons. */
export function promptActivity(text: string, choices: Choice[], t: Translator, language: string, vars: Vars): Partial<Activity> {
  if (choices.length === 0) return MessageFactory.text(text);
  const actions: CardAction[] = choices.map((c) => ({ type: 'imBack', title: resolveText(t, language, c.title, vars), value: c.value }));
  return MessageFactory.suggestedActions(actions, text);
}

/**
 * What the customer answered: a pressed button's value; a typed title or value ("Geld terug",
 * "refund"); or a number for the n-th choice (channels without buttons show numbered options).
 * Otherwise the text as typed, for the schema to judge.
 */
export function answerOf(activity: Partial<Activity>, choices: Choice[], t: Translator, language: string, vars: Vars): string {
  const text = activity.text ?? '';
  if (choices.length === 0) return text;
  const pressed = (activity.value as { action?: unknown } | undefined)?.action;
  if (typeof pressed === 'string' && choices.some((c) => c.value === pressed)) return pressed;
  const typed = fold(text);
  const byText = choices.find((c) => fold(c.value) === typed || fold(resolveText(t, language, c.title, vars)) === typed);
  if (byText) return byText.value;
  const n = /^\d{1,2}$/.test(text.trim()) ? Number(text.trim()) : 0;
  return choices[n - 1]?.value ?? text;
}
