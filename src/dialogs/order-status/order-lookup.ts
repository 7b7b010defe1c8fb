/** Where the order-status dialog gets its answers; a business plugs in its own shop system here. */
export interface OrderLookup {
  find(orderNumber: string): Promise<Order | undefined>;
}

export type OrderState = 'received' | 'processing' | 'shipped' | 'delivered' | 'cancelled';

export interface Order {
  /** Canonical form, e.g. TC-100234. */
  number: string;
  state: OrderState;
  carrier?: string;
  trackingUrl?: string;
  /** ISO date (yyyy-mm-dd): expected delivery for open orders, delivery date for delivered ones. */
  date?: string;
}

/** "tc 100234", "#100234", "TC100234" → "TC-100234"; undefined when it is not an order number. */
export function parseOrderNumber(text: string): string | undefined {
  const match = /(?:^|[^\p{L}\p{N}])(?:tc[\s-]?|#)?(\d{6})(?![\p{N}])/iu.exec(text.trim());
  return match ? `TC-${match[1]}` : undefined;
}

/** A handful of orders of the fictional webshop, so the dialog can be tried without a shop system. */
export function createSampleOrderLookup(today: () => Date = () => new Date()): OrderLookup {
  const inDays = (n: number) => new Date(today().getTime() + n * 86_400_000).toISOString().slice(0, 10);
  const orders: Order[] = [
    { number: 'TC-100001', state: 'received', date: inDays(3) },
    { number: 'TC-100002', state: 'processing', date: inDays(2) },
    { number: 'TC-100003', state: 'shipped', carrier: 'PostNL', trackingUrl: 'https://tulpenco.example/track/3SABC100003', date: inDays(1) },
    { number: 'TC-100004', state: 'delivered', carrier: 'DHL', date: inDays(-2) },
    { number: 'TC-100005', state: 'cancelled' },
  ];
  return {
    async find(orderNumber) {
      return orders.find((o) => o.number === orderNumber);
    },
  };
}
