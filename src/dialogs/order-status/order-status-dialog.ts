import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Translator } from '../i18n.js';
import { languageOf, profileOf, say } from '../turn-info.js';
import { parseOrderNumber, type Order, type OrderLookup } from './order-lookup.js';

export const ORDER_STATUS_DIALOG = 'orderStatus';
const PROMPT = 'orderNumberPrompt';
const MAX_ATTEMPTS = 3;

export interface OrderStatusOptions {
  /** Already given in the message that started the dialog ("where is TC-100003?"). */
  orderNumber?: string;
}

/** What the dialog ended with, for the router: after too many bad numbers it offers a person. */
export interface OrderStatusResult {
  offerHuman?: boolean;
  /** The text key of the offer. */
  offerText?: string;
}

/** Asks for an order number (with a retry prompt), looks it up and tells the customer where it is. */
export class OrderStatusDialog extends ComponentDialog {
  constructor(
    private readonly t: Translator,
    private readonly orders: OrderLookup,
  ) {
    super(ORDER_STATUS_DIALOG);
    this.addDialog(new TextPrompt(PROMPT, (p) => this.validate(p)));
    this.addDialog(new WaterfallDialog('orderStatusSteps', [(s) => this.askNumber(s), (s) => this.answer(s)]));
    this.initialDialogId = 'orderStatusSteps';
  }

  private async askNumber(step: WaterfallStepContext) {
    const given = (step.options as OrderStatusOptions | undefined)?.orderNumber;
    if (given) return step.next(given);
    return step.prompt(PROMPT, { prompt: say(step.context, this.t, 'orderAsk'), retryPrompt: say(step.context, this.t, 'orderRetry') });
  }

  // Valid once the text holds an order number; after MAX_ATTEMPTS it lets the step go on with
  // nothing, so the customer is not stuck in a loop.
  private async validate(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const number = prompt.recognized.succeeded ? parseOrderNumber(prompt.recognized.value ?? '') : undefined;
    return number !== undefined || prompt.attemptCount >= MAX_ATTEMPTS;
  }

  private async answer(step: WaterfallStepContext) {
    const number = parseOrderNumber(String(step.result ?? ''));
    if (!number) return step.endDialog({ offerHuman: true, offerText: 'orderGiveUp' } satisfies OrderStatusResult);
    profileOf(step.context).collected.orderNumber = number;
    const order = await this.orders.find(number);
    if (!order) {
      await step.context.sendActivity(say(step.context, this.t, 'orderNotFound', { order: number }));
      return step.endDialog({} satisfies OrderStatusResult);
    }
    await step.context.sendActivity(this.describe(step, order));
    return step.endDialog({} satisfies OrderStatusResult);
  }

  private describe(step: WaterfallStepContext, order: Order): string {
    const language = languageOf(step.context, this.t.defaultLanguage);
    const date = order.date ? new Date(`${order.date}T12:00:00Z`).toLocaleDateString(language, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Amsterdam' }) : '';
    const lines = [say(step.context, this.t, `orderStatus_${order.state}`, { order: order.number, carrier: order.carrier ?? '', date })];
    if (order.date && order.state !== 'delivered' && order.state !== 'cancelled') lines.push(say(step.context, this.t, 'orderExpected', { date }));
    if (order.trackingUrl && order.state === 'shipped') lines.push(say(step.context, this.t, 'orderTracking', { url: order.trackingUrl }));
    return lines.join('\n');
  }
}
