import type { Server } from 'restify';
import { validate } from '../../core/http.js';
import { agentSummary, bodyOf, DESK_API, keyOf, type DeskApiContext } from './context.js';
import { noteBody } from './schemas.js';

/** Private notes: for whoever may read the chat; never sent to the customer, never in the transcript. */
export function registerNoteRoutes(server: Server, ctx: DeskApiContext): void {
  server.get(
    `${DESK_API}/chats/:key/notes`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const key = keyOf(req);
      await desk.authorise(agent, key, 'read the notes of');
      res.send(200, { notes: await ctx.notes.list(key) });
    }),
  );

  server.post(
    `${DESK_API}/chats/:key/notes`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const key = keyOf(req);
      const { text } = validate(noteBody, bodyOf(req));
      await desk.authorise(agent, key, 'add a note to');
      const note = await ctx.notes.add({ key, agentId: agent.id, agentName: agentSummary(ctx.config, agent.id).name, text });
      ctx.log.info({ agentId: agent.id, key }, 'private note added');
      res.send(201, { note });
    }),
  );
}
