import type { Server } from 'restify';
import { validate } from '../../core/http.js';
import { agentSummary, bodyOf, DESK_API, type DeskApiContext } from './context.js';
import { presenceBody } from './schemas.js';

/** Who I am, my presence, the team (transfer targets) and the queue summary. */
export function registerPresenceRoutes(server: Server, ctx: DeskApiContext): void {
  const { config } = ctx;

  server.get(
    `${DESK_API}/me`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const state = (await desk.agentStates(agent)).find((s) => s.id === agent.id);
      const availability = ctx.handoff().service.availability(agent.id);
      res.send(200, {
        agent: agentSummary(config, agent.id),
        presence: state?.presence ?? 'offline',
        load: state?.load ?? 0,
        working: availability.working,
        backAt: availability.backAt,
        // The console shows "Questions the bot couldn't answer" only to who may use it (listening-routes.ts).
        mayTeach: agent.role === 'supervisor' || config.listening.agentsMayTeach,
      });
    }),
  );

  server.put(
    `${DESK_API}/presence`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const { presence } = validate(presenceBody, bodyOf(req));
      await desk.setPresence(agent, presence);
      res.send(200, { presence });
    }),
  );

  server.get(
    `${DESK_API}/agents`,
    ctx.handler(async (req, res) => {
      await ctx.signedIn(req);
      // Everyone's presence and load (not their chats): agents need it to pick whom to transfer to.
      const states = new Map((await ctx.handoff().service.store.agents()).map((s) => [s.id, s]));
      res.send(200, {
        agents: config.agents.map((a) => ({ ...agentSummary(config, a.id), presence: states.get(a.id)?.presence ?? 'offline', load: states.get(a.id)?.load ?? 0 })),
      });
    }),
  );

  server.get(
    `${DESK_API}/queue`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      res.send(200, await desk.queue(agent));
    }),
  );
}
