import type { Server } from 'restify';
import { HttpError } from '../../core/http.js';
import { DESK_API, type DeskApiContext } from './context.js';

/** Supervisors' numbers, from what every process shares (so they survive restarts). */
export function registerReportRoutes(server: Server, ctx: DeskApiContext): void {
  server.get(
    `${DESK_API}/satisfaction`,
    ctx.handler(async (req, res) => {
      const { agent } = await ctx.signedIn(req);
      if (agent.role !== 'supervisor') {
        ctx.log.warn({ agentId: agent.id, code: 'FORBIDDEN' }, 'an agent tried to read the satisfaction report');
        throw new HttpError(403, 'FORBIDDEN', 'only supervisors may read the satisfaction report');
      }
      res.send(200, await ctx.handoff().service.satisfactionReport());
    }),
  );
}
