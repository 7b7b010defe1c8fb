import type { Logger } from 'pino';
import { codeOf } from './errors.js';
import type { Inbox, InboxEntry, Lease } from './inbox.js';
import type { Metrics } from './metrics.js';

/** Conversations one sweep may take over. */
const SWEEP_BATCH = 50;

export interface InboxSweeperOptions {
  inbox: Inbox;
  metrics: Metrics;
  logger: Logger;
  owner: string;
  /** How often to look (jittered). */
  sweepMs: number;
  isDriving(conversationKey: string): boolean;
  isStopping(): boolean;
  drive(lease: Lease, head: InboxEntry, depth: number | undefined): void;
}

/**
 * Takes over conversations whose lease holder died (a shared inbox only): without it, the messages
 * of a crashed process would wait for the next message of their conversation.
 */
export class InboxSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private failing = false;

  constructor(private readonly options: InboxSweeperOptions) {}

  get started(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    this.schedule(0);
  }

  /** No new sweep starts; the one under way ends first, so a shutdown does not take over what it then drops. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  private schedule(delay: number): void {
    const every = this.options.sweepMs;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep().then((taken) => {
        this.sweeping = undefined;
        // A full batch: more are due (a process stopped with many conversations): look again at
        // once. Otherwise with jitter, so processes do not all look at once.
        if (!this.options.isStopping()) this.schedule(taken >= SWEEP_BATCH ? 0 : every * (0.5 + Math.random()));
      });
    }, delay);
    this.timer.unref();
  }

  /** Looks once; resolves with how many conversations it took over. */
  private async sweep(): Promise<number> {
    const { inbox, logger, metrics } = this.options;
    try {
      const taken = await inbox.sweep(this.options.owner, SWEEP_BATCH, (key) => this.options.isDriving(key));
      if (this.failing) logger.info('the inbox sweeper reaches Redis again');
      this.failing = false;
      for (const { lease, head, depth } of taken) {
        metrics.leaseTakeovers.inc();
        logger.info({ conversation: lease.conversationKey }, 'took over a conversation whose process stopped answering');
        if (this.options.isStopping()) await inbox.release(lease);
        else this.options.drive(lease, head, depth);
      }
      return taken.length;
    } catch (err) {
      if (!this.failing) logger.warn({ err, code: codeOf(err) }, 'the inbox sweeper cannot reach Redis; retrying');
      this.failing = true;
      return 0;
    }
  }
}
