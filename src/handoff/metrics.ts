import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface HandoffMetrics {
  queueLength: Gauge;
  waitSeconds: Histogram;
  handoffs: Counter<'reason'>;
  expiredOffers: Counter;
  satisfaction: Histogram;
  unanswered: Gauge<'state'>;
  /** Where the unanswered gauge reads from on each scrape: the shared store, so every process reports the same count. */
  countUnansweredFrom(read: () => Promise<{ waiting: number; promised: number }>): void;
}

export function createHandoffMetrics(registry: Registry): HandoffMetrics {
  const registers = [registry];
  let readUnanswered: (() => Promise<{ waiting: number; promised: number }>) | undefined;
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
    unanswered: new Gauge({
      name: 'balie_unanswered_messages',
      help: 'Customer messages in open handoffs with no reply yet, by state: waiting (no promise either; the target is 0) or promised',
      labelNames: ['state'],
      registers,
      async collect() {
        if (!readUnanswered) return;
        // A store that cannot be read keeps the last values: one failed read must not fail the whole scrape.
        const totals = await readUnanswered().catch(() => undefined);
        if (!totals) return;
        this.set({ state: 'waiting' }, totals.waiting);
        this.set({ state: 'promised' }, totals.promised);
      },
    }),
    countUnansweredFrom(read) {
      readUnanswered = read;
    },
  };
}
