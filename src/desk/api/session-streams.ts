import type { Logger } from '../../core/logger.js';
import type { EventBus } from '../../core/storage/event-bus.js';
import { sessionRef } from './sessions.js';

const TOPIC = 'desk:sessions-ended';

/**
 * The open live streams of each desk session in this process, so that signing out (in any process)
 * ends them everywhere: a stream is authorised once, when it opens, and would otherwise go on
 * receiving a signed-out agent's customer messages.
 */
export interface SessionStreams {
  /** Keeps `close` until the returned function is called; `close` runs when the session ends. */
  track(session: string, close: () => void): Promise<() => void>;
  /** Ends every open stream of `session`, in every process on the same bus. */
  ended(session: string): Promise<void>;
}

export function createSessionStreams(bus: EventBus, log: Logger): SessionStreams {
  const open = new Map<string, Set<() => void>>();
  let subscribed: Promise<unknown> | undefined;
  const listen = () =>
    (subscribed ??= bus
      .subscribe(TOPIC, (message) => {
        const ref = (message as { session?: unknown }).session;
        if (typeof ref !== 'string') return;
        const closes = open.get(ref);
        if (!closes) return;
        open.delete(ref);
        for (const close of closes) close();
      })
      .catch((err: unknown) => {
        // Try again with the next stream; meanwhile each stream still checks its session itself.
        subscribed = undefined;
        log.warn({ err }, 'could not listen for ended desk sessions');
      }));

  return {
    async track(session, close) {
      await listen();
      const ref = sessionRef(session);
      const closes = open.get(ref) ?? new Set();
      closes.add(close);
      open.set(ref, closes);
      return () => {
        closes.delete(close);
        if (closes.size === 0 && open.get(ref) === closes) open.delete(ref);
      };
    },
    async ended(session) {
      await bus.publish(TOPIC, { session: sessionRef(session) });
    },
  };
}
