import type { Server } from 'restify';
import type { App } from '../../app.js';
import { HttpError } from '../../core/http.js';
import type { NotesStore } from '../notes.js';
import { createDeskAuth, registerAuthRoutes } from './auth.js';
import { registerCannedRoutes } from './canned-routes.js';
import { registerChatRoutes } from './chat-routes.js';
import { makeHandler, type DeskApiContext } from './context.js';
import { registerLinkRoutes } from './link-routes.js';
import { registerListeningRoutes } from './listening-routes.js';
import { registerTeachDraftRoutes } from './teach-draft-routes.js';
import { registerEventRoutes } from './events.js';
import type { MediaStore } from './media.js';
import { registerNoteRoutes } from './note-routes.js';
import { registerPresenceRoutes } from './presence-routes.js';
import { registerReportRoutes } from './report-routes.js';
import { createSessionStreams } from './session-streams.js';
import type { SessionStore } from './sessions.js';
import { registerUploadRoutes } from './upload-routes.js';

export { DESK_API } from './context.js';
export { DESK_UPLOAD_PATH } from './upload-routes.js';

export interface DeskApiDeps {
  /** Default: the app's desk stores (in Redis when the app has Redis, so any process accepts a session). */
  sessions?: SessionStore;
  notes?: NotesStore;
  media?: MediaStore;
  /** Between keep-alive comments on the live stream (proxies drop idle connections). */
  heartbeatMs?: number;
  /** How often an open live stream checks its session. */
  sessionCheckMs?: number;
}

/**
 * The agents' HTTP API (docs/agents.md, docs/openapi.yaml) over the Desk service API, which
 * decides who may see and do what. Sessions, notes and files live in Redis when there is one, so an
 * agent may be sent to any process; the live stream works from any process too.
 */
export function registerDeskApi(server: Server, app: App, deps: DeskApiDeps = {}): void {
  const { stores, config } = app;
  const log = app.logger.child({ component: 'desk-api' });
  const sessions = deps.sessions ?? app.deskStores.sessions;
  const notes = deps.notes ?? app.deskStores.notes;
  const media = deps.media ?? app.deskStores.media;
  const auth = createDeskAuth(app, sessions, log);
  const ctx: DeskApiContext = {
    app,
    config,
    log,
    notes,
    handoff: () => {
      if (!app.handoff) throw new HttpError(503, 'DESK_NOT_CONFIGURED', 'there is no agent desk: config/agents.yaml lists no agents');
      return app.handoff;
    },
    requireDesk: auth.requireDesk,
    signedIn: auth.signedIn,
    handler: makeHandler(log),
  };
  const streams = createSessionStreams(stores.bus, log);
  registerAuthRoutes(server, ctx, { sessions, streams, tokens: auth.tokens });
  registerPresenceRoutes(server, ctx);
  registerChatRoutes(server, ctx);
  registerNoteRoutes(server, ctx);
  registerLinkRoutes(server, ctx);
  registerReportRoutes(server, ctx);
  registerCannedRoutes(server, ctx);
  registerListeningRoutes(server, ctx);
  registerTeachDraftRoutes(server, ctx);
  registerUploadRoutes(server, ctx, media);
  registerEventRoutes(server, ctx, { heartbeatMs: deps.heartbeatMs, sessionCheckMs: deps.sessionCheckMs, sessions, streams });
}
