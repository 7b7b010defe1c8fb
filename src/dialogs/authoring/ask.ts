import type { TurnContext } from 'botbuilder-core';
import { TextPrompt, type PromptValidatorContext, type WaterfallStep, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { z } from 'zod';
import type { Translator } from '../i18n.js';
import { isPhrase } from '../triggers.js';
import { languageOf, profileOf } from '../turn-info.js';
import { answerOf, promptActivity, type Choice } from './choices.js';
import { frameOf } from './frame.js';
import { createStepRun, offerResult } from './step-context.js';
import { printable, resolveText, type Texts, type Vars } from './texts.js';

export interface AskOptions {
  /**
   * Said after an answer the schema refuses. Default: the schema's own message when it has one
   * (a locale key or a text, e.g. `z.string().regex(re, 'orderRetry')`), otherwise `promptRetry`
   * from the locale with the question again.
   */
  retry?: Texts;
  /** Answers the customer gets before the dialog gives up; default 3. */
  attempts?: number;
  /** After the last refused answer the dialog ends and offers a person with this question (default `promptGiveUp`). */
  giveUp?: Texts;
  /** `false`: after the last refused answer say `giveUp` (if given) and end, without offering a person. */
  offerPerson?: boolean;
  /** Try the message that started the dialog first ("where is order TC-100003?" needs no question). */
  fromStart?: boolean;
  /** Buttons to answer with; the answer is the choice's value. Without a schema the answer must be one of them. */
  choices?: ReadonlyArray<string | Choice>;
  /** Hand the answer to the agent if the customer talks to a person later (default true; false for anything sensitive). */
  collect?: boolean;
}

export interface AskItem {
  kind: 'ask';
  key: string;
  prompt: Texts;
  schema: z.ZodType;
  choices: Choice[];
  options: AskOptions;
}

type Verdict = { kind: 'answer'; value: unknown } | { kind: 'gave-up' } | { kind: 'person' };

const VERDICTS = Symbol('balie.askVerdicts');
const SKIPPED = Object.freeze({ skipped: true });
/** Stands in for zod's own English messages, which customers should not see. */
const NO_MESSAGE = '\u0000balie:no-message';

/** What the prompt carries between turns (stored in PromptOptions.validations). */
interface PromptInfo {
  text: string;
  vars: Record<string, string>;
  language: string;
}

function verdicts(context: TurnContext): Map<string, Verdict> {
  let map = context.turnState.get(VERDICTS) as Map<string, Verdict> | undefined;
  if (!map) context.turnState.set(VERDICTS, (map = new Map()));
  return map;
}

/**
 * One question as botbuilder parts: a TextPrompt whose validator runs the zod schema, and two
 * waterfall steps (ask unless already known; store the answer or give up).
 */
export function compileAsk(dialogId: string, item: AskItem, t: Translator): { prompt: TextPrompt; steps: WaterfallStep[] } {
  const promptId = `${dialogId}.${item.key}`;
  const attempts = item.options.attempts ?? 3;

  const validate = async (p: PromptValidatorContext<string>): Promise<boolean> => {
    const info = p.options.validations as PromptInfo;
    const { activity } = p.context;
    // "talk to a person" in the middle of a question is a request, not an answer.
    if (isPhrase(activity.text ?? '', t.phrases(info.language, 'human'), 2)) {
      verdicts(p.context).set(promptId, { kind: 'person' });
      return true;
    }
    const answer = answerOf(activity, item.choices, t, info.language, info.vars);
    const result = await item.schema.safeParseAsync(answer, { error: () => NO_MESSAGE });
    if (result.success) {
      verdicts(p.context).set(promptId, { kind: 'answer', value: result.data });
      return true;
    }
    if (p.attemptCount >= attempts) {
      verdicts(p.context).set(promptId, { kind: 'gave-up' });
      return true;
    }
    const message = result.error.issues[0]?.message;
    const retry: Texts = item.options.retry ?? (message && message !== NO_MESSAGE ? message : 'promptRetry');
    const text = resolveText(t, info.language, retry, { ...info.vars, prompt: info.text });
    // Sending here means botbuilder does not re-prompt: the retry text replaces the question.
    await p.context.sendActivity(promptActivity(text, item.choices, t, info.language, info.vars));
    return false;
  };

  const accept = (step: WaterfallStepContext, value: unknown) => {
    frameOf(step).s[item.key] = value;
    if (item.options.collect !== false) profileOf(step.context).collected[item.key] = typeof value === 'string' ? value : JSON.stringify(value);
  };

  const ask: WaterfallStep = async (step) => {
    const frame = frameOf(step);
    const candidates = [frame.s[item.key], item.options.fromStart ? frame.m : undefined].filter((c) => c !== undefined && c !== '');
    for (const candidate of candidates) {
      const known = await item.schema.safeParseAsync(candidate);
      if (known.success) {
        accept(step, known.data);
        return step.next(SKIPPED);
      }
    }
    // A value from the trigger that the schema refuses is asked for instead.
    delete frame.s[item.key];
    const language = languageOf(step.context, t.defaultLanguage);
    const vars: Vars = printable(frame.s);
    const text = resolveText(t, language, item.prompt, vars);
    const info: PromptInfo = { text, vars: printable(frame.s), language };
    return step.prompt(promptId, { prompt: promptActivity(text, item.choices, t, language, vars), validations: info });
  };

  const answered: WaterfallStep = async (step) => {
    if (step.result === SKIPPED) return step.next();
    const verdict = verdicts(step.context).get(promptId) ?? { kind: 'answer', value: step.result };
    if (verdict.kind === 'person') {
      const run = createStepRun(step.context, t, frameOf(step).s);
      await run.ctx.handoff({ reason: 'customer-asked' });
      return step.endDialog({});
    }
    if (verdict.kind === 'gave-up') {
      const language = languageOf(step.context, t.defaultLanguage);
      const vars = printable(frameOf(step).s);
      if (item.options.offerPerson !== false) return step.endDialog(offerResult(t, language, item.options.giveUp ?? 'promptGiveUp', vars));
      if (item.options.giveUp) await step.context.sendActivity(resolveText(t, language, item.options.giveUp, vars));
      return step.endDialog({});
    }
    accept(step, verdict.value);
    return step.next();
  };

  return { prompt: new TextPrompt(promptId, validate), steps: [ask, answered] };
}
