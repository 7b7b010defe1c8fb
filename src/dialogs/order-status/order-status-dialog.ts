import { z } from 'zod';
import { defineDialog, type StepContext } from '../authoring/index.js';
import { parseOrderNumber, type Order, type OrderLookup } from './order-lookup.js';

/** "tc 100234", "#100234", "where is TC100234?" → "TC-100234"; anything else asks again with `orderRetry`. */
export const orderNumber = z.string().transform((text, ctx) => parseOrderNumber(text) ?? (ctx.addIssue({ code: 'custom', message: 'orderRetry' }), z.NEVER));

/** Asks for an order number (unless the first message had one), looks it up and tells where the order is. */
export const orderStatusDialog = (orders: OrderLookup) =>
  defineDialog('orderStatus', {
    // "where is my order?" starts it; so does a bare order number ("TC-100003", "order 100003").
    triggers: { phrases: 'orderStatus', match: (text) => !!parseOrderNumber(text) && text.trim().split(/\s+/).length <= 2 },
  })
    .ask('orderNumber', 'orderAsk', orderNumber, { fromStart: true, giveUp: 'orderGiveUp' })
    .step(async (ctx) => {
      const order = await orders.find(ctx.state.orderNumber);
      await ctx.say(order ? describe(ctx, order) : 'orderNotFound', { order: ctx.state.orderNumber });
    });

function describe(ctx: StepContext<unknown>, order: Order): string {
  const date = order.date
    ? new Date(`${order.date}T12:00:00Z`).toLocaleDateString(ctx.language, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Amsterdam' })
    : '';
  const vars = { order: order.number, carrier: order.carrier ?? '', date };
  const lines = [ctx.text(`orderStatus_${order.state}`, vars)];
  if (order.date && order.state !== 'delivered' && order.state !== 'cancelled') lines.push(ctx.text('orderExpected', vars));
  if (order.trackingUrl && order.state === 'shipped') lines.push(ctx.text('orderTracking', { url: order.trackingUrl }));
  return lines.join('\n');
}
