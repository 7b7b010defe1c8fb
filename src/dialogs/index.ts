import type { DialogRegistration } from './bot.js';
import type { Translator } from './i18n.js';
import { parseOrderNumber, type OrderLookup } from './order-status/order-lookup.js';
import { OrderStatusDialog } from './order-status/order-status-dialog.js';
import { containsPhrase } from './triggers.js';

export interface DialogDeps {
  t: Translator;
  orders: OrderLookup;
}

/** The dialogs this bot ships, each with what starts it. Add yours here. */
export function registerDialogs({ t, orders }: DialogDeps): DialogRegistration[] {
  return [
    {
      dialog: new OrderStatusDialog(t, orders),
      trigger(text, language) {
        const orderNumber = parseOrderNumber(text);
        // "where is my order?" starts it; so does a bare order number ("TC-100003").
        if (containsPhrase(text, t.phrases(language, 'orderStatus'))) return { orderNumber };
        if (orderNumber && text.trim().split(/\s+/).length <= 2) return { orderNumber };
        return undefined;
      },
    },
  ];
}
