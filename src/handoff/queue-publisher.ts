import type { HandoffContext } from './context.js';
import { deskTopics, type DeskEvent } from './ports.js';

/**
 * Tells the desks the queue's length. Like routing, one at a time per process: a caller during a
 * publish gets the one after it (which reads the length after their change), shared with everyone
 * who calls meanwhile, so fifty handoffs at once cost two reads, not fifty.
 */
export class QueuePublisher {
  private publishing?: Promise<void>;
  private nextPublish?: Promise<void>;

  constructor(private readonly ctx: HandoffContext) {}

  publish(): Promise<void> {
    if (!this.publishing) {
      this.publishing = this.publishNow().finally(() => (this.publishing = undefined));
      return this.publishing;
    }
    this.nextPublish ??= this.publishing
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.nextPublish = undefined;
        return this.publish();
      });
    return this.nextPublish;
  }

  /** Waits for the publishes under way; a failed one was already someone else's error to see. */
  async settle(): Promise<void> {
    await this.nextPublish?.catch(() => undefined);
    await this.publishing?.catch(() => undefined);
  }

  private async publishNow(): Promise<void> {
    const length = await this.ctx.deps.store.queueLength();
    this.ctx.deps.metrics.queueLength.set(length);
    await this.ctx.deps.bus.publish(deskTopics.queue, { type: 'queue-changed', length } satisfies DeskEvent);
  }
}
