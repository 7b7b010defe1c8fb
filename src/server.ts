import restify, { type Request, type Response, type Server } from 'restify';
import type { App } from './app.js';
import { sendError } from './core/http.js';
import { refuseEncodedBodies, refuseUpgrade } from './core/http-guards.js';
import { installHttpLimits } from './core/http-limits.js';
import { registerDeskConsole } from './desk/console/routes.js';
import { DESK_UPLOAD_PATH, registerDeskApi } from './desk/api/routes.js';

export interface HttpServerOptions {
  /** Largest accepted request body; larger ones get 413. */
  maxBodyBytes?: number;
}

/**
 * Node's defaults let a client take five minutes to send a request (one byte every ten seconds
 * held a webhook's socket for 326 s). Timeouts and a connection cap are set deliberately instead.
 */
function limitConnections(server: Server, limits: App['config']['limits']): void {
  const http = server.server;
  http.headersTimeout = limits.headersTimeoutSeconds * 1000;
  http.requestTimeout = limits.requestTimeoutSeconds * 1000;
  http.keepAliveTimeout = limits.keepAliveTimeoutSeconds * 1000;
  http.maxConnections = limits.maxConnections;
  // Node checks the two request timeouts on this interval (30 s by default, read at listen): check
  // often enough that a timeout means what it says.
  (http as typeof http & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(1000, limits.headersTimeoutSeconds * 500);
}

/** restify with the health, readiness and metrics endpoints, and every adapter's routes. */
export function createHttpServer(app: App, options: HttpServerOptions = {}): Server {
  const server = restify.createServer({ name: 'balie', handleUncaughtExceptions: false });
  const log = app.logger.child({ component: 'http' });
  limitConnections(server, app.config.limits);

  // The first `pre`, so every answer carries these headers: also those that never reach a route
  // (bad JSON, 404, 413) and those of the guards below (415, 429).
  const hsts = app.config.publicUrl?.startsWith('https:');
  server.pre((req: Request, res: Response, next: (err?: unknown) => void) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    res.header('X-Frame-Options', 'DENY');
    res.header(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data: https:; connect-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    // Behind https the browser must never come back over plain http (and leak a session cookie).
    if (hsts) res.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // API answers hold conversations, customer details and sessions: no cache keeps a copy.
    if (req.path().startsWith('/api/')) res.header('Cache-Control', 'no-store');
    next();
  });
  server.pre(restify.plugins.pre.dedupeSlashes());
  server.pre(refuseEncodedBodies);
  server.on('upgrade', refuseUpgrade);
  installHttpLimits(server, { consume: app.rateLimit, limits: app.config.limits, registry: app.metrics.registry, logger: app.logger });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // rawBody is kept for signature checks (Slack signs the exact bytes it sent).
  // Agents' file uploads are the one larger body: their route reads it itself, up to its own limit.
  const bodyParser = restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes ?? 256 * 1024, mapParams: false, mapFiles: false, rejectUnknown: false });
  server.use(...bodyParser.map((handler) => (req: Request, res: Response, next: (err?: unknown) => void) => (req.path() === DESK_UPLOAD_PATH ? next() : handler(req, res, next))));
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    const { ready, checks } = await app.readiness();
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
  });
  server.get('/metrics', async (_req: Request, res: Response) => {
    const body = await app.metrics.registry.metrics();
    res.writeHead(200, { 'Content-Type': app.metrics.registry.contentType });
    res.end(body);
  });

  for (const adapter of app.adapters) adapter.registerRoutes(server);
  registerDeskConsole(server, { logger: app.logger });
  registerDeskApi(server, app);

  // restify's own errors (bad JSON, body too large, unknown route) answer in the same JSON shape.
  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number; body?: { code?: string } }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) log.error({ err, path: req.path() }, 'request failed');
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
    (err as Error & { toJSON?: () => unknown }).toJSON = () => ({ error: { code, message: status >= 500 ? 'internal error' : err.message } });
    callback();
  });
  server.on('uncaughtException', (req: Request, res: Response, _route: unknown, err: Error) => {
    log.error({ err, path: req.path() }, 'unhandled error in a route');
    sendError(res, err);
  });
  return server;
}
