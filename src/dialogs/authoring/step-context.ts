import type { TurnContext } from 'botbuilder-core';
import type { HandoffReason } from '../handoff-request.js';
import type { Translator } from '../i18n.js';
import { handoffOf } from '../turn-handoff.js';
import { languageOf, profileOf } from '../turn-info.js';
import { printable, resolveText, type Texts, type Vars } from './texts.js';

export interface HandoffOptions {
  /** Why a person is needed; default `dialog`. */
  reason?: HandoffReason;
  /** A line for the agent, e.g. "wants to return a damaged lamp". */
  note?: string;
  /** More for the agent; the dialog's answers are handed over already. */
  collected?: Record<string, string>;
}

/** What a step gets: the dialog's state, the turn, and ways to talk and to end. */
export interface StepContext<S> {
  /** The dialog's state: the answers so far and whatever steps put in. Kept across turns (and restarts, with Redis). */
  state: S;
  /** The conversation's language this turn (`nl`, `en`, ...). */
  readonly language: string;
  /** What the customer wrote this turn. */
  readonly message: string;
  readonly t: Translator;
  /** The botbuilder turn, for what this API does not cover. */
  readonly turn: TurnContext;
  /** The text in the conversation's language; `{placeholders}` are filled from `vars` and the state. */
  text(texts: Texts, vars?: Vars): string;
  /** Sends the text (balie markdown: **bold**, _italic_, [link](https://…)). */
  say(texts: Texts, vars?: Vars): Promise<void>;
  /** Remembers a value for the agent, should the customer talk to a person later in this conversation. */
  collect(key: string, value: string): void;
  /** Hands the conversation to a person, with everything collected; the dialog ends after this step. */
  handoff(options?: HandoffOptions): Promise<void>;
  /** Ends the dialog after this step and asks "shall I get a person?" (`texts`: the question; default `offerHuman`). */
  offerPerson(texts?: Texts): void;
  /** Ends the dialog after this step; later steps do not run. */
  end(): void;
}

/** How a step ended, for the compiled waterfall step: go on, or end with a result for the router. */
export type StepOutcome = { kind: 'next' } | { kind: 'end'; result: DialogEndResult };

/** Read by the router (`Bot.afterDialog`): a dialog may end by having a person offered. */
export interface DialogEndResult {
  offerHuman?: boolean;
  /** A text key, or the text itself (the router shows a non-key as written). */
  offerText?: string;
}

export interface StepRun<S> {
  ctx: StepContext<S>;
  outcome(): StepOutcome;
}

export function offerResult(t: Translator, language: string, texts: Texts | undefined, vars: Vars): DialogEndResult {
  if (texts === undefined) return { offerHuman: true };
  return { offerHuman: true, offerText: typeof texts === 'string' && t.t(language, texts) !== texts ? texts : resolveText(t, language, texts, vars) };
}

export function createStepRun<S extends object>(turn: TurnContext, t: Translator, state: S): StepRun<S> {
  let outcome: StepOutcome = { kind: 'next' };
  const language = languageOf(turn, t.defaultLanguage);
  const vars = (extra?: Vars): Vars => ({ ...printable(state), ...extra });
  const ctx: StepContext<S> = {
    state,
    language,
    message: turn.activity.text ?? '',
    t,
    turn,
    text: (texts, extra) => resolveText(t, language, texts, vars(extra)),
    async say(texts, extra) {
      await turn.sendActivity(ctx.text(texts, extra));
    },
    collect(key, value) {
      profileOf(turn).collected[key] = value;
    },
    async handoff(options = {}) {
      const profile = profileOf(turn);
      Object.assign(profile.collected, options.collected);
      profile.notUnderstood = 0;
      profile.offeredHuman = false;
      await handoffOf(turn).request(turn, {
        reason: options.reason ?? 'dialog',
        language,
        collected: { ...profile.collected },
        ...(options.note !== undefined ? { note: options.note } : {}),
      });
      outcome = { kind: 'end', result: {} };
    },
    offerPerson(texts) {
      outcome = { kind: 'end', result: offerResult(t, language, texts, vars()) };
    },
    end() {
      outcome = { kind: 'end', result: {} };
    },
  };
  return { ctx, outcome: () => outcome };
}
