import type { Request, Response, Server } from 'restify';
import type { AgentIdentity } from '../../handoff/desk.js';
import type { DeskEvent } from '../../handoff/ports.js';
import { DESK_API, type DeskApiContext } from './context.js';
import type { SessionStreams } from './session-streams.js';
import { sessionRef, type SessionStore } from './sessions.js';
import { clientIp } from '../../core/http-limits.js';
import { RETRY_AFTER_SECONDS } from '../../core/open-streams.js';
import { startEventStream } from '../../core/sse.js';

export const HEARTBEAT_MS = 15_000;
/** How often an open stream checks that its session has not expired or been ended. */
export const SESSION_CHECK_MS = 5_000;

/**
 * What of an event this agent may see. Supervisors see all. An agent gets a customer's words only
 * for a chat offered or assigned to them (others' come without text: the console still learns that
 * a waiting chat moved), and a transfer note only when they gave or got the chat.
 */
export function visibleTo(who: AgentIdentity, event: DeskEvent): DeskEvent {
  if (who.role === 'supervisor') return event;
  if (event.type === 'customer-message' && event.agentId !== who.id) {
    const { text: _text, ...rest } = event;
    return rest;
  }
  if (event.type === 'transferred' && event.note !== undefined && event.toAgentId !== who.id && event.fromAgentId !== who.id) {
    const { note: _note, ...rest } = event;
    return rest;
  }
  return event;
}

/**
 * The desk's live stream (Server-Sent Events): what happens to this agent's chats and the queue,
 * from whichever process it happens in (Desk.subscribe listens on the shared event bus).
 */
export function registerEventRoutes(
  server: Server,
  ctx: DeskApiContext,
  opts: { heartbeatMs?: number; sessionCheckMs?: number; sessions: SessionStore; streams: SessionStreams },
): void {
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
  const sessionCheckMs = opts.sessionCheckMs ?? SESSION_CHECK_MS;

  server.get(
    `${DESK_API}/events`,
    ctx.handler(async (req: Request, res: Response) => {
      const { desk, agent, session } = await ctx.signedIn(req);
      let release: () => void;
      try {
        release = ctx.app.streams.acquire(`desk:${sessionRef(session)}`, clientIp(req, ctx.config.limits));
      } catch (err) {
        res.header('Retry-After', String(RETRY_AFTER_SECONDS));
        throw err;
      }
      res.once('close', release);
      let closed = false;
      let unsubscribe: (() => Promise<void>) | undefined;
      let untrack: (() => void) | undefined;
      let heartbeat: NodeJS.Timeout | undefined;
      let sessionCheck: NodeJS.Timeout | undefined;
      // Events that arrive while the subscription is still being made wait for the headers.
      let pending: string[] | undefined = [];
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearInterval(sessionCheck);
        untrack?.();
        if (!res.writableEnded) res.end();
        unsubscribe?.().catch((err: unknown) => ctx.log.debug({ err }, 'could not unsubscribe a closed desk stream'));
      };
      // The session ended (signed out here or in another process, expired, agent removed): the
      // console is told, and the stream carries nothing more.
      const endSession = () => {
        if (closed) return;
        if (res.headersSent && !res.writableEnded) res.write(`event: signed-out\ndata: {}\n\n`);
        close();
      };
      // The response's close: the client went away or the server cut the connection at shutdown.
      res.on('close', close);
      untrack = await opts.streams.track(session, endSession);
      sessionCheck = setInterval(() => {
        opts.sessions.alive(session).then(
          (agentId) => {
            if (agentId !== agent.id || !ctx.config.agents.some((a) => a.id === agentId)) endSession();
          },
          (err: unknown) => ctx.log.debug({ err }, "could not check a desk stream's session; checking again later"),
        );
      }, sessionCheckMs);
      sessionCheck.unref();
      // Subscribe before answering: an event that happens as the console connects is not lost.
      unsubscribe = await desk.subscribe(agent, (event) => {
        if (closed) return;
        const line = `data: ${JSON.stringify(visibleTo(agent, event))}\n\n`;
        if (pending) pending.push(line);
        else res.write(line);
      });
      if (closed) return void unsubscribe().catch(() => undefined);
      startEventStream(res);
      heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
      heartbeat.unref();
      res.write(`event: ready\ndata: ${JSON.stringify({ agentId: agent.id })}\n\n`);
      for (const line of pending) res.write(line);
      pending = undefined;
    }),
  );
}
