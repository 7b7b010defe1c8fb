import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { RedisClient } from '../redis/slots.js';

export type BusHandler = (message: unknown) => void;

/**
 * Fire-and-forget events between processes (e.g. "a reply was added to conversation X", so the
 * process holding that browser's SSE stream pushes it). Durable data lives in the stores; the bus
 * only says "look now", so a lost event costs a delay, never a message.
 */
export interface EventBus {
  publish(topic: string, message: unknown): Promise<void>;
  /** Resolves once the subscription is live; returns the unsubscribe function. */
  subscribe(topic: string, handler: BusHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export class MemoryEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(topic: string, message: unknown): Promise<void> {
    this.emitter.emit(topic, structuredClone(message));
  }

  async subscribe(topic: string, handler: BusHandler): Promise<() => Promise<void>> {
    this.emitter.on(topic, handler);
    return async () => void this.emitter.off(topic, handler);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/** Redis pub/sub on one dedicated subscriber connection per process. */
export class RedisEventBus implements EventBus {
  private readonly handlers = new Map<string, Set<BusHandler>>();
  private readonly outbox: { channel: string; payload: string; resolve: () => void; reject: (err: unknown) => void }[] = [];

  constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (channel: string, raw: string) => {
      const set = this.handlers.get(channel);
      if (!set) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch (err) {
        this.logger.warn({ err, channel }, 'ignoring a bus message that is not JSON');
        return;
      }
      for (const handler of set) handler(message);
    });
  }

  private channel(topic: string): string {
    return `${this.prefix}bus:${topic}`;
  }

  /**
   * Publishes made in the same tick (a turn's transcript lines, shown after its commit) go out as
   * one pipeline: one write on the socket instead of one per line.
   */
  publish(topic: string, message: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      this.outbox.push({ channel: this.channel(topic), payload: JSON.stringify(message), resolve, reject });
      if (this.outbox.length === 1) queueMicrotask(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.outbox.splice(0);
    if (batch.length === 1) {
      const [one] = batch;
      this.publisher.publish(one!.channel, one!.payload).then(() => one!.resolve(), one!.reject);
      return;
    }
    const pipeline = this.publisher.pipeline();
    for (const p of batch) pipeline.publish(p.channel, p.payload);
    pipeline.exec().then(
      (results) => batch.forEach((p, i) => (results?.[i]?.[0] ? p.reject(results[i]![0]) : p.resolve())),
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
  }

  async subscribe(topic: string, handler: BusHandler): Promise<() => Promise<void>> {
    const channel = this.channel(topic);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(channel);
        await this.subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
