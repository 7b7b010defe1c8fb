import type { Server } from 'restify';
import { validate } from '../../core/http.js';
import { loadCannedReplies } from './canned.js';
import { DESK_API, type DeskApiContext } from './context.js';
import { cannedQuery } from './schemas.js';

/** Ready-made answers from config/canned.<lang>.yaml, read (and checked) once at start. */
export function registerCannedRoutes(server: Server, ctx: DeskApiContext): void {
  const canned = loadCannedReplies(ctx.config.configDir);
  const fallback = ctx.config.bot.defaultLanguage;
  server.get(
    `${DESK_API}/canned`,
    ctx.handler(async (req, res) => {
      await ctx.signedIn(req);
      const { lang = fallback } = validate(cannedQuery, req.query ?? {}, 'query');
      // nl-BE finds nl; a language without a file gets the team's own.
      res.send(200, { replies: canned.get(lang) ?? canned.get(lang.split('-')[0]!) ?? canned.get(fallback) ?? [] });
    }),
  );
}
