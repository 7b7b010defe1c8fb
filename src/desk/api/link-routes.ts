import type { Server } from 'restify';
import { validate } from '../../core/http.js';
import { bodyOf, DESK_API, keyOf, type DeskApiContext } from './context.js';
import { customerKey, linkBody } from './schemas.js';

/**
 * Linked identities (supervisors only): the customer of a chat is the same person as another
 * customer, e.g. their WhatsApp and their web chat, so history and their usual person follow them.
 */
export function registerLinkRoutes(server: Server, ctx: DeskApiContext): void {
  server.post(
    `${DESK_API}/chats/:key/links`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req, { json: true });
      const key = keyOf(req);
      const body = validate(linkBody, bodyOf(req));
      res.send(200, { identities: await desk.linkChatCustomer(agent, key, body.with) });
    }),
  );

  server.del(
    `${DESK_API}/chats/:key/links/:customerKey`,
    ctx.handler(async (req, res) => {
      const { desk, agent } = await ctx.signedIn(req);
      const key = keyOf(req);
      const other = validate(customerKey, req.params?.customerKey, 'customer key');
      res.send(200, { identities: await desk.unlinkChatCustomer(agent, key, other) });
    }),
  );
}
