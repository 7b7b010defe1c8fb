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
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'balie_process_' });
  const registers = [registry];
  return {
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
    sendFailures: new Counter({ name: 'balie_send_failures_total', help: 'Outbound messages that could not be delivered after retries', labelNames: ['channel', 'code'], registers }),
    inFlightTurns: new Gauge({ name: 'balie_turns_in_flight', help: 'Turns running right now', registers }),
    inboxDepth: new Histogram({
      name: 'balie_inbox_depth',
      help: 'Messages waiting in a conversation\'s inbox when a message arrives (itself included)',
      buckets: [1, 2, 3, 5, 10, 20, 50, 100],
      registers,
    }),
    leaseTakeovers: new Counter({ name: 'balie_lease_takeovers_total', help: 'Conversations taken over from a process whose lease expired', registers }),
    fencedWrites: new Counter({ name: 'balie_fenced_writes_total', help: 'Turn commits refused because another process took the conversation over', labelNames: ['channel'], registers }),
    leasesHeld: new Gauge({ name: 'balie_leases_held', help: 'Conversations this process is running right now', registers }),
  };
}
