import { WaterfallDialog, type WaterfallStep } from 'botbuilder-dialogs';
import { z } from 'zod';
import { BalieError } from '../../core/errors.js';
import type { DialogRegistration } from '../bot.js';
import type { Translator } from '../i18n.js';
import { compileAsk, type AskItem, type AskOptions } from './ask.js';
import { normaliseChoices } from './choices.js';
import { BalieComponentDialog } from './component.js';
import { frameOf, initFrame } from './frame.js';
import { createStepRun, type StepContext } from './step-context.js';
import { missingKeys, type Texts } from './texts.js';
import { compileTriggers, type Triggers } from './triggers.js';

export type Step<S> = (ctx: StepContext<S>) => void | Promise<void>;

export interface DialogOptions {
  /** What starts the dialog; without triggers it can only be started by code. */
  triggers?: Triggers;
  /**
   * Bump to make half-finished dialogs start over after a deploy. Adding, removing or reordering
   * questions already does that by itself; bump when a step's meaning changes in place.
   */
  version?: number;
}

type StepItem = { kind: 'step'; run: Step<never> };
type Item = AskItem | StepItem;

/** S with `K: V` added (or replaced), as one flat object type so editors show it readably. */
type With<S, K extends string, V> = { [P in keyof S | K]: P extends K ? V : P extends keyof S ? S[P] : never };

const ID = /^[a-z][A-Za-z0-9]*([.-][A-Za-z0-9]+)*$/;

/**
 * A dialog, built step by step. Each call returns a new definition, so a definition can be shared
 * and extended. `register(t)` turns it into a botbuilder ComponentDialog + WaterfallDialog +
 * TextPrompts, whose state lives in the ConversationState like any botbuilder dialog.
 */
// `{}` is the empty state that each step's answer is intersected with; `object` would not stay readable.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export class DialogDefinition<S extends object = {}> {
  /** @internal use `defineDialog()` */
  constructor(
    readonly id: string,
    readonly options: DialogOptions,
    private readonly items: readonly Item[],
  ) {}

  /**
   * Asks the customer for `key` until the answer passes `schema` (default: any non-empty text),
   * then stores the schema's output in `state[key]`. Skipped when the state already holds a valid
   * value (from a trigger pattern, or with `fromStart` from the first message).
   */
  ask<K extends string, Z extends z.ZodType = z.ZodString>(key: K, prompt: Texts, schema?: Z, options: AskOptions = {}): DialogDefinition<With<S, K, z.output<Z>>> {
    const choices = normaliseChoices(options.choices);
    const fallback = choices.length ? z.enum(choices.map((c) => c.value) as [string, ...string[]]) : z.string().trim().min(1);
    const item: AskItem = { kind: 'ask', key, prompt, schema: schema ?? fallback, choices, options };
    return new DialogDefinition(this.id, this.options, [...this.items, item]);
  }

  /** Runs `run`; the dialog goes on to the next step unless it called `end()`, `offerPerson()` or `handoff()`. */
  step(run: Step<S>): DialogDefinition<S> {
    return new DialogDefinition(this.id, this.options, [...this.items, { kind: 'step', run: run as Step<never> }]);
  }

  /** The botbuilder dialog and its trigger, for `registerDialogs`. Throws on a text key no locale has. */
  register(t: Translator): DialogRegistration {
    this.check(t);
    const dialog = new BalieComponentDialog(this.id, this.shape());
    const steps: WaterfallStep[] = [initFrame];
    for (const item of this.items) {
      if (item.kind === 'ask') {
        const compiled = compileAsk(this.id, item, t);
        dialog.addDialog(compiled.prompt);
        steps.push(...compiled.steps);
      } else {
        steps.push(async (step) => {
          const run = createStepRun(step.context, t, frameOf(step).s);
          await (item.run as Step<Record<string, unknown>>)(run.ctx);
          const outcome = run.outcome();
          return outcome.kind === 'end' ? step.endDialog(outcome.result) : step.next();
        });
      }
    }
    dialog.setMain(new WaterfallDialog(`${this.id}.steps`, steps));
    const trigger = compileTriggers(t, this.options.triggers ?? {});
    return { dialog, trigger };
  }

  private shape(): string {
    return `${this.items.map((i) => (i.kind === 'ask' ? `ask:${i.key}` : 'step')).join(',')}#${this.options.version ?? 1}`;
  }

  private check(t: Translator): void {
    const problems: string[] = [];
    if (!ID.test(this.id)) problems.push(`the id "${this.id}" must start with a lower-case letter and hold only letters, digits, "-" and "."`);
    const keys = this.items.flatMap((i) => (i.kind === 'ask' ? [i.key] : []));
    const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (twice.length) problems.push(`it asks for ${[...new Set(twice)].join(', ')} more than once`);
    const texts = this.items.flatMap((i) => (i.kind === 'ask' ? [i.prompt, i.options.retry, i.options.giveUp, ...i.choices.map((c) => c.title)] : []));
    for (const key of missingKeys(t, texts)) problems.push(`the text key "${key}" is in no locales/<lang>.yaml (add it there, or write the text inline as { en: '…', nl: '…' })`);
    const phrases = this.options.triggers?.phrases;
    if (typeof phrases === 'string' && !t.languages.some((l) => t.phrases(l, phrases).length)) {
      problems.push(`the trigger list "${phrases}" is in no locales/<lang>.yaml (add it under triggers:, or list phrases inline per language)`);
    }
    if (problems.length) throw new BalieError('DIALOG_INVALID', `dialog "${this.id}": ${problems.join('; ')}`);
  }
}

/**
 * Starts a dialog definition. `S` is state the steps put in themselves (answers to `ask` are
 * added to the state type automatically):
 *
 *   defineDialog('returns', { triggers: { phrases: { en: ['return an item'] } } })
 *     .ask('orderNumber', { en: 'Your order number?' }, z.string().regex(/^TC-\d{6}$/))
 *     .step((ctx) => ctx.say({ en: 'Thanks! A label for {orderNumber} is on its way.' }));
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export function defineDialog<S extends object = {}>(id: string, options: DialogOptions = {}): DialogDefinition<S> {
  return new DialogDefinition<S>(id, options, []);
}
