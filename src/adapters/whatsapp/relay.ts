import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { BalieError, codeOf, isErrorCode } from '../../core/errors.js';
import type { EventBus } from '../../core/storage/event-bus.js';
import type { OutboundPart } from './format.js';
import type { Timers } from './timers.js';

const REQUESTS = 'whatsapp:outbox';
const resultsTopic = (processId: string) => `whatsapp:outbox-result:${processId}`;

export type RelayRequest = { kind: 'send'; id: string; replyTo: string; chatId: string; parts: OutboundPart[] } | { kind: 'typing'; chatId: string };

export type RelayResult = { id: string; ok: true; messageIds: string[] } | { id: string; ok: false; code: string; message: string };

export interface RelayOptions {
  bus: EventBus;
  processId: string;
  timeoutMs: number;
  timers: Timers;
  logger: Logger;
  /** True in the process that runs the session; only that one acts on requests. */
  isHolder(): boolean;
  send(chatId: string, parts: OutboundPart[]): Promise<string[]>;
  typing(chatId: string): Promise<void>;
}

/**
 * Only the process holding the lease has a WhatsApp Web session, but an agent's reply can be
 * written in any process. Such a process hands its messages to the holder over the event bus
 * and waits for the outcome, so a send either happens or fails with a reason, never vanishes.
 * A request that nobody answers within `timeoutMs` fails (it is not sent again: the holder may
 * have sent it and only the answer got lost, and a double message is worse than an error).
 */
export class SendRelay {
  private readonly pending = new Map<string, { resolve(ids: string[]): void; reject(err: Error): void; timer: unknown }>();
  private readonly unsubscribes: (() => Promise<void>)[] = [];

  constructor(private readonly options: RelayOptions) {}

  async start(): Promise<void> {
    const { bus, processId } = this.options;
    this.unsubscribes.push(await bus.subscribe(REQUESTS, (message) => void this.onRequest(message as RelayRequest)));
    this.unsubscribes.push(await bus.subscribe(resultsTopic(processId), (message) => this.onResult(message as RelayResult)));
  }

  async stop(): Promise<void> {
    for (const [id, p] of this.pending) {
      this.options.timers.clearTimeout(p.timer);
      p.reject(new BalieError('SHUTTING_DOWN', 'balie stopped before the WhatsApp session holder confirmed the message'));
      this.pending.delete(id);
    }
    await Promise.allSettled(this.unsubscribes.splice(0).map((u) => u()));
  }

  request(chatId: string, parts: OutboundPart[]): Promise<string[]> {
    const id = randomUUID();
    return new Promise<string[]>((resolve, reject) => {
      const timer = this.options.timers.setTimeout(() => {
        this.pending.delete(id);
        reject(
          new BalieError(
            'PLATFORM_UNREACHABLE',
            `no process running the WhatsApp session answered within ${Math.round(this.options.timeoutMs / 1000)} s; is it paired and connected?`,
          ),
        );
      }, this.options.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const request: RelayRequest = { kind: 'send', id, replyTo: this.options.processId, chatId, parts };
      this.options.bus.publish(REQUESTS, request).catch((err: unknown) => {
        this.options.timers.clearTimeout(timer);
        this.pending.delete(id);
        reject(new BalieError('STORAGE_UNAVAILABLE', 'could not hand the WhatsApp message to the session holder', { cause: err }));
      });
    });
  }

  async typing(chatId: string): Promise<void> {
    await this.options.bus.publish(REQUESTS, { kind: 'typing', chatId } satisfies RelayRequest);
  }

  private onResult(result: RelayResult): void {
    const p = this.pending.get(result.id);
    if (!p) return;
    this.pending.delete(result.id);
    this.options.timers.clearTimeout(p.timer);
    if (result.ok) p.resolve(result.messageIds);
    // The code crossed the event bus from another process: trust it only if it is one of ours.
    else p.reject(new BalieError(isErrorCode(result.code) ? result.code : 'PLATFORM_UNREACHABLE', result.message));
  }

  private async onRequest(request: RelayRequest): Promise<void> {
    if (!this.options.isHolder()) return;
    if (request.kind === 'typing') {
      await this.options.typing(request.chatId).catch(() => undefined);
      return;
    }
    let result: RelayResult;
    try {
      result = { id: request.id, ok: true, messageIds: await this.options.send(request.chatId, request.parts) };
    } catch (err) {
      result = { id: request.id, ok: false, code: codeOf(err), message: (err as Error).message };
    }
    await this.options.bus.publish(resultsTopic(request.replyTo), result).catch((err: unknown) => {
      this.options.logger.warn({ err, code: 'STORAGE_UNAVAILABLE' }, 'could not tell another process how its WhatsApp message went');
    });
  }
}
