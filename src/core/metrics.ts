import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for one app instance; a registry per app so tests can build many apps. */
export interface Metrics {
  registry: Registry;
  messagesIn: Counter<'channel'>;
  messagesOut: Counter<'channel'>;
  duplicates: Counter<'channel'>;
  turnSeconds: Histogram<'channel'>;
  errors: Counter<'code' | 'channel'>;
  sendFailures: Counter<'channel' | 'code'>;
  inFlightTurns: Gauge;
  inboxDepth: Histogram;
  leaseTakeovers: Counter;
  fencedWrites: Counter<'channel'>;
  leasesHeld: Gauge;
  /** Time a message waited in its inbox before its turn started: how late customers are answered. */
  turnWait: Histogram<'channel'>;
  busyNotices: Counter<'channel'>;
  /** Customers' answers to "Did this help?" after an FAQ answer, per entry (`helpful`: yes or no). */
  faqFeedback: Counter<'entry' | 'helpful'>;
  /** Where the backlog gauges read from at each scrape (the ingress sets it). */
  backlogSource?: () => BacklogSnapshot;
}

/** What waits to be answered in the conversations one process runs. */
export interface BacklogSnapshot {
  /** Messages stored and not yet answered, the ones being answered included. */
  messages: number;
  conversations: number;
  /** Age of the oldest of them in seconds (0 when none, or when their arrival time is unknown). */
  oldestSeconds: number;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'balie_process_' });
  const registers = [registry];
  // Read at scrape time, so the age keeps growing between events.
  const metrics: Metrics = {
    registry,
    messagesIn: new Counter({ name: 'balie_messages_in_total', help: 'Customer messages received, per channel', labelNames: ['channel'], registers }),
    messagesOut: new Counter({ name: 'balie_messages_out_total', help: 'Messages sent to customers, per channel', labelNames: ['channel'], registers }),
    duplicates: new Counter({ name: 'balie_messages_duplicate_total', help: 'Redelivered messages dropped by dedupe, per channel', labelNames: ['channel'], registers }),
    turnSeconds: new Histogram({
      name: 'balie_turn_duration_seconds',
      help: 'Time from taking a message off the conversation queue to the end of its turn',
      labelNames: ['channel'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    errors: new Counter({ name: 'balie_errors_total', help: 'Errors by stable error code', labelNames: ['code', 'channel'], registers }),
    sendFailures: new Counter({
      name: 'balie_send_failures_total',
      help: 'Outbound messages that could not be delivered after retries',
      labelNames: ['channel', 'code'],
      registers,
    }),
    inFlightTurns: new Gauge({ name: 'balie_turns_in_flight', help: 'Turns running right now', registers }),
    inboxDepth: new Histogram({
      name: 'balie_inbox_depth',
      help: "Messages waiting in a conversation's inbox when a message arrives (itself included)",
      buckets: [1, 2, 3, 5, 10, 20, 50, 100],
      registers,
    }),
    leaseTakeovers: new Counter({ name: 'balie_lease_takeovers_total', help: 'Conversations taken over from a process whose lease expired', registers }),
    fencedWrites: new Counter({
      name: 'balie_fenced_writes_total',
      help: 'Turn commits refused because another process took the conversation over',
      labelNames: ['channel'],
      registers,
    }),
    leasesHeld: new Gauge({ name: 'balie_leases_held', help: 'Conversations this process is running right now', registers }),
    turnWait: new Histogram({
      name: 'balie_turn_wait_seconds',
      help: "Time a message waited in its conversation's inbox before its turn started",
      labelNames: ['channel'],
      buckets: [0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    }),
    busyNotices: new Counter({
      name: 'balie_busy_notices_total',
      help: 'Customers told that their answer will be late (backlog.busyNoticeAfterSeconds)',
      labelNames: ['channel'],
      registers,
    }),
    faqFeedback: new Counter({
      name: 'balie_faq_feedback_total',
      help: 'Answers to "Did this help?" after an FAQ answer, per FAQ entry',
      labelNames: ['entry', 'helpful'],
      registers,
    }),
  };
  const backlog = () => metrics.backlogSource?.() ?? { messages: 0, conversations: 0, oldestSeconds: 0 };
  new Gauge({
    name: 'balie_backlog_messages',
    help: 'Messages stored and not yet answered in the conversations this process runs',
    registers,
    collect() {
      this.set(backlog().messages);
    },
  });
  new Gauge({
    name: 'balie_backlog_conversations',
    help: 'Conversations this process runs that have messages waiting',
    registers,
    collect() {
      this.set(backlog().conversations);
    },
  });
  new Gauge({
    name: 'balie_backlog_oldest_seconds',
    help: 'How long the oldest unanswered message in the conversations this process runs has waited',
    registers,
    collect() {
      this.set(backlog().oldestSeconds);
    },
  });
  return metrics;
}
