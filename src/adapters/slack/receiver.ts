import type { App, Receiver } from '@slack/bolt';
import { HttpError, validate } from '../../core/http.js';
import { boltReadableSchema } from './bolt-shape.js';

export interface Retry {
  num?: number;
  reason?: string;
}

/**
 * Bolt's receiver port (`init`, `start`, `stop`) for balie: payloads arrive through balie's own
 * restify routes or Socket Mode connection and go through `App#processEvent` here. The ack Bolt
 * calls is only noted; the HTTP answer (or socket ack) is sent once `dispatch` resolves, which is
 * when balie's ingress has accepted the message, so a message is never acknowledged and then lost.
 */
export class BalieReceiver implements Receiver {
  private app?: App;

  constructor(private readonly hooks: { start?: () => Promise<void>; stop?: () => Promise<void> } = {}) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    await this.hooks.start?.();
  }

  async stop(): Promise<void> {
    await this.hooks.stop?.();
  }

  /** Runs one payload through Bolt's middleware and listeners; rejects with the listener's error. */
  async dispatch(body: Record<string, unknown>, retry: Retry = {}): Promise<void> {
    if (!this.app) throw new HttpError(503, 'NOT_READY', 'the Slack adapter is still connecting; Slack will retry');
    validate(boltReadableSchema, body, 'payload');
    await this.app.processEvent({ body, ack: async () => {}, retryNum: retry.num, retryReason: retry.reason });
  }
}
