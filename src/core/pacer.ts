import { BalieError } from './errors.js';
import { BatchedTokens, singleTokens, waitForToken, type PaceRate, type SendPace, type TokenSource } from './send-pace.js';

/** One bucket: its key (no secrets: hash them with paceId) and its rate. */
export interface PaceBucket {
  key: string;
  rate: PaceRate;
}

/**
 * A sender's two paces, the platform-wide one (a bot, an app, a phone number) and the
 * conversation's (a chat, a channel, a customer), on a SendPace. The wide bucket is taken in
 * batches (it is shared by every message); a conversation's one token at a time (its rate is a
 * message a second or less, so a batch would only be held and dropped).
 */
export class Pacer {
  private readonly wide = new Map<string, TokenSource>();

  constructor(private readonly pace: SendPace) {}

  /** Resolves when a message may go to `chat` within `wide`; rejects with SHUTTING_DOWN when `signal` aborts first. */
  async wait(wide: PaceBucket, chat: PaceBucket, signal?: AbortSignal): Promise<void> {
    const sleep = (ms: number) => abortableSleep(ms, signal);
    await waitForToken(singleTokens(this.pace, chat.key, chat.rate), sleep);
    let source = this.wide.get(wide.key);
    if (!source) {
      // Only a shared pace needs batches (they save round trips); a local one would drop the spares.
      source = new BatchedTokens(this.pace, wide.key, wide.rate, this.pace.shared ? {} : { batch: 1 });
      this.wide.set(wide.key, source);
    }
    await waitForToken(source, sleep);
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stopped = () => new BalieError('SHUTTING_DOWN', 'stopped while waiting for the platform’s pace', { cause: signal?.reason });
    if (signal?.aborted) return reject(stopped());
    const onAbort = () => {
      clearTimeout(timer);
      reject(stopped());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
