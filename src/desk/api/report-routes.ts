import type { Request, Server } from 'restify';
import { HttpError, validate } from '../../core/http.js';
import { liveView } from '../../handoff/live-view.js';
import { DESK_API, type DeskApiContext } from './context.js';
import { reportQuery } from './schemas.js';

/** Supervisors' numbers, from what every process shares (so they survive restarts). */
export function registerReportRoutes(server: Server, ctx: DeskApiContext): void {
  const supervisor = async (req: Request, what: string) => {
    const signed = await ctx.signedIn(req);
    if (signed.agent.role !== 'supervisor') {
      ctx.log.warn({ agentId: signed.agent.id, code: 'FORBIDDEN' }, `an agent tried to read the ${what}`);
      throw new HttpError(403, 'FORBIDDEN', `only supervisors may read the ${what}`);
    }
    return signed;
  };

  server.get(
    `${DESK_API}/satisfaction`,
    ctx.handler(async (req, res) => {
      await supervisor(req, 'satisfaction report');
      res.send(200, await ctx.handoff().service.satisfactionReport());
    }),
  );

  server.get(
    `${DESK_API}/report`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await supervisor(req, 'supervisor report');
      const { days } = validate(reportQuery, req.query ?? {}, 'query');
      const { service } = ctx.handoff();
      const [figures, live] = await Promise.all([service.figuresReport(days), liveView(desk, service, agent, Date.now())]);
      res.send(200, { ...figures, live });
    }),
  );
}
