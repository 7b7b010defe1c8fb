import type { Logger } from 'pino';
import { TelegramError, type Telegram } from 'telegraf';
import type { Clock } from './clock.js';
import { classify } from './send.js';
import { codeOf } from '../../core/errors.js';

export interface PollerOptions {
  telegram: Telegram;
  clock: Clock;
  logger: Logger;
  /** getUpdates' long-poll timeout; Telegram holds the request open this long when there is nothing new. */
  timeoutSeconds: number;
  allowedUpdates: readonly string[];
  /** Hands one update on; resolves once it is accepted (or deliberately skipped), rejects when it cannot be taken now. */
  handle(update: unknown): Promise<void>;
}

type ApiSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>;
// telegraf types its signal with the abort-controller polyfill; node-fetch takes the built-in one.
const apiSignal = (signal: AbortSignal) => signal as unknown as ApiSignal;

/**
 * Long polling with getUpdates through telegraf's API client. telegraf's own Polling class is not
 * used because it cannot be stopped during its retry wait (a timer of up to retry_after seconds
 * outlives `stop()`), handles a batch concurrently, and confirms updates whose handling failed.
 * Here updates are handed on one at a time, in order, and an update is confirmed (offset moved
 * past it) only once the ingress accepted it; one that was refused comes back on the next poll.
 */
export class LongPoller {
  private readonly abort = new AbortController();
  private offset = 0;
  /** The offset Telegram last heard from us: updates below it are confirmed. */
  private confirmed = 0;
  private loop?: Promise<void>;
  // start() comes after a successful deleteWebhook: Telegram is reachable and the token good.
  private state: { ready: boolean; detail?: string } = { ready: true };

  constructor(private readonly options: PollerOptions) {}

  get status(): { ready: boolean; detail?: string } {
    return this.state;
  }

  start(): void {
    this.loop ??= this.run().catch((err: unknown) => {
      this.state = { ready: false, detail: 'long polling stopped after an unexpected error' };
      this.options.logger.error({ err, code: codeOf(err) }, 'Telegram long polling stopped after an unexpected error');
    });
  }

  /** Ends the open getUpdates request and any wait, then tells Telegram which updates were handled. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.state = { ready: false, detail: 'stopped' };
    await this.confirmHandled();
  }

  private async run(): Promise<void> {
    const { telegram, logger } = this.options;
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      let updates: unknown[];
      try {
        const offset = this.offset;
        updates = (await telegram.callApi(
          'getUpdates',
          { offset, timeout: this.options.timeoutSeconds, allowed_updates: this.options.allowedUpdates as never },
          { signal: apiSignal(signal) },
        )) as unknown[];
        this.confirmed = offset;
        failures = 0;
        this.state = { ready: true };
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof TelegramError && err.code === 401) {
          this.state = { ready: false, detail: 'Telegram rejected the bot token (401); check TELEGRAM_BOT_TOKEN' };
          logger.error({ code: 'PLATFORM_REFUSED', status: 401 }, 'Telegram rejected the bot token; long polling stopped');
          return;
        }
        failures++;
        const failure = classify(err);
        const delayMs = failure.kind === 'rate-limited' ? failure.retryAfterMs : Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5));
        const conflict = err instanceof TelegramError && err.code === 409;
        const detail = conflict
          ? 'another process is polling this bot, or a webhook is set (409)'
          : `getUpdates failed: ${'status' in failure && failure.status ? `${failure.status} ` : ''}${failure.description}`;
        this.state = { ready: false, detail };
        logger.warn({ code: failure.kind === 'transient' ? 'PLATFORM_UNREACHABLE' : 'PLATFORM_REFUSED', delayMs, failures }, `Telegram long polling: ${detail}; trying again`);
        if (!(await this.wait(delayMs))) return;
        continue;
      }
      for (const update of updates) {
        const id = (update as { update_id?: unknown }).update_id;
        try {
          await this.options.handle(update);
        } catch (err) {
          const code = codeOf(err);
          if (code === 'SHUTTING_DOWN') {
            logger.info({ updateId: id }, 'balie is shutting down; leaving the remaining Telegram updates for the next start');
            this.state = { ready: false, detail: 'balie is shutting down' };
            return;
          }
          failures++;
          logger.warn({ err, code, updateId: id }, 'a Telegram update could not be taken; fetching it again shortly');
          if (!(await this.wait(Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5))))) return;
          break;
        }
        if (typeof id === 'number') this.offset = Math.max(this.offset, id + 1);
      }
    }
  }

  /** False when stopped during the wait. */
  private async wait(ms: number): Promise<boolean> {
    try {
      await this.options.clock.sleep(ms, this.abort.signal);
      return true;
    } catch {
      return false;
    }
  }

  private async confirmHandled(): Promise<void> {
    if (this.offset <= this.confirmed) return;
    // limit 1, timeout 0: answers at once and moves Telegram's offset past what we handled.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 3000);
    try {
      await this.options.telegram.callApi('getUpdates', { offset: this.offset, limit: 1, timeout: 0 }, { signal: apiSignal(abort.signal) });
      this.confirmed = this.offset;
    } catch (err) {
      this.options.logger.debug({ err }, 'could not confirm the last Telegram updates; they will be redelivered and deduplicated');
    } finally {
      clearTimeout(timer);
    }
  }
}
