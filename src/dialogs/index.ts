import type { DialogRegistration } from './bot.js';
import type { Translator } from './i18n.js';
import type { OrderLookup } from './order-status/order-lookup.js';
import { orderStatusDialog } from './order-status/order-status-dialog.js';
// new-dialog:imports (`npm run new:dialog` adds imports above this line)

export interface DialogDeps {
  t: Translator;
  orders: OrderLookup;
}

/**
 * The dialogs this bot ships. The router tries their triggers in this order, after greeting and
 * help and before the FAQ. Add yours to the list (see docs/dialogs.md).
 */
export function registerDialogs({ t, orders }: DialogDeps): DialogRegistration[] {
  const dialogs = [
    orderStatusDialog(orders),
    // new-dialog:register (`npm run new:dialog` adds dialogs above this line)
  ];
  return dialogs.map((dialog) => dialog.register(t));
}
