import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface HandoffMetrics {
  queueLength: Gauge;
  waitSeconds: Histogram;
  handoffs: Counter<'reason'>;
  expiredOffers: Counter;
  satisfaction: Histogram;
}

export function createHandoffMetrics(registry: Registry): HandoffMetrics {
  const registers = [registry];
  return {
    queueLength: new Gauge({ name: 'balie_handoff_queue_length', help: 'Conversations waiting for a person', registers }),
    waitSeconds: new Histogram({
      name: 'balie_handoff_wait_seconds',
      help: 'Time from asking for a person to an agent accepting',
      buckets: [5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    }),
    handoffs: new Counter({ name: 'balie_handoffs_total', help: 'Handoffs opened, by reason', labelNames: ['reason'], registers }),
    expiredOffers: new Counter({ name: 'balie_handoff_offers_expired_total', help: 'Offers that agents did not answer in time', registers }),
    satisfaction: new Histogram({ name: 'balie_handoff_satisfaction', help: 'Customer ratings (1-5) after a resolved chat', buckets: [1, 2, 3, 4, 5], registers }),
  };
}
