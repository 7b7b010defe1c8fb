import type { Request, Server } from 'restify';
import type { App } from '../../app.js';
import { clientIp } from '../../core/http-limits.js';
import { HttpError, validate } from '../../core/http.js';
import type { Logger } from '../../core/logger.js';
import type { AgentIdentity, Desk } from '../../handoff/desk.js';
import { createTokenBook, demoTokens, type TokenBook } from '../tokens.js';
import { agentSummary, bodyOf, DESK_API, type DeskApiContext } from './context.js';
import { signInBody } from './schemas.js';
import type { SessionStreams } from './session-streams.js';
import { SESSION_TTL_MS, type SessionStore } from './sessions.js';

const COOKIE = 'balie_desk';
// Failed and successful attempts alike: a guesser learns nothing from which ones are counted.
export const SIGN_INS_PER_MINUTE = 20;
const NO_TOKENS = 'no agent tokens are configured; set BALIE_AGENT_TOKENS (sanne=<token>,…) or BALIE_AGENT_TOKENS_FILE and restart (docs/agents.md)';

function cookieOf(req: Request): string | undefined {
  const header = req.header('cookie') ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

const bearer = (req: Request) => /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
const sessionOf = (req: Request) => bearer(req) ?? cookieOf(req);

/**
 * Who is asking. Tokens come from config; in development without any, demo tokens are made and
 * printed once at start (kept in the shared store so every process agrees on them).
 */
export function createDeskAuth(app: App, sessions: SessionStore, log: Logger): Pick<DeskApiContext, 'requireDesk' | 'signedIn'> & { tokens(): Promise<TokenBook> } {
  const { config, stores, handoff } = app;
  let book: Promise<TokenBook> | undefined;
  const tokens = () =>
    (book ??= (async () => {
      if (config.agentTokens.length || config.production || !handoff) return createTokenBook(config.agentTokens);
      return createTokenBook(await demoTokens(config.agents, stores.shared, log));
    })());
  if (handoff) {
    if (config.production && !config.agentTokens.length) log.warn({ code: 'CONFIG_INVALID' }, `the agent desk is off: ${NO_TOKENS}`);
    void tokens().catch((err: unknown) => log.error({ err }, 'could not make the demo desk tokens'));
  }

  const requireDesk = async (): Promise<Desk> => {
    if (!handoff) throw new HttpError(503, 'DESK_NOT_CONFIGURED', 'there is no agent desk: config/agents.yaml lists no agents');
    if (!(await tokens()).configured) throw new HttpError(503, 'DESK_NOT_CONFIGURED', NO_TOKENS);
    return handoff.desk;
  };

  const signedIn = async (req: Request, opts: { json?: boolean } = {}): Promise<{ desk: Desk; agent: AgentIdentity; session: string }> => {
    const desk = await requireDesk();
    const session = sessionOf(req);
    const agentId = session ? await sessions.touch(session) : undefined;
    if (!session || !agentId) throw new HttpError(401, 'UNAUTHENTICATED', 'sign in first (POST /api/desk/sign-in with your agent token)');
    if (opts.json !== false && req.method !== 'GET' && !/^application\/json\b/i.test(req.header('content-type') ?? '')) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send JSON (Content-Type: application/json)');
    }
    // An agent removed from agents.yaml since signing in: the session is no good any more.
    if (!config.agents.some((a) => a.id === agentId)) {
      await sessions.end(session);
      throw new HttpError(401, 'UNAUTHENTICATED', 'your agent account no longer exists; ask your team lead');
    }
    return { desk, agent: desk.identify(agentId), session };
  };

  return { tokens, requireDesk, signedIn };
}

export function registerAuthRoutes(server: Server, ctx: DeskApiContext, deps: { sessions: SessionStore; streams: SessionStreams; tokens(): Promise<TokenBook> }): void {
  const { app, config, log } = ctx;
  const secure = config.publicUrl?.startsWith('https:') ? '; Secure' : '';

  server.post(
    `${DESK_API}/sign-in`,
    ctx.handler(async (req, res) => {
      await ctx.requireDesk();
      const ip = clientIp(req, config.limits);
      const decision = await app.rateLimit(`desk-sign-in:${ip}`, SIGN_INS_PER_MINUTE, 60_000);
      if (!decision.allowed) {
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        res.header('Retry-After', String(seconds));
        if (decision.count === SIGN_INS_PER_MINUTE + 1) log.warn({ ip, code: 'RATE_LIMITED' }, 'too many desk sign-in attempts from one address');
        throw new HttpError(429, 'RATE_LIMITED', `too many sign-in attempts (at most ${SIGN_INS_PER_MINUTE} a minute); try again in ${seconds} s`);
      }
      const { token } = validate(signInBody, bodyOf(req));
      const agentId = (await deps.tokens()).agentFor(token);
      if (!agentId) {
        log.warn({ ip, code: 'SIGN_IN_FAILED' }, 'a desk sign-in with a wrong token');
        throw new HttpError(401, 'SIGN_IN_FAILED', 'that token is not right; ask your team lead for yours (in development balie prints demo tokens at start)');
      }
      const session = await deps.sessions.create(agentId);
      res.header('Set-Cookie', `${COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}${secure}`);
      log.info({ agentId }, 'agent signed in to the desk');
      res.send(200, { agent: agentSummary(config, agentId), session, expiresAt: new Date(Date.now() + SESSION_TTL_MS).toISOString() });
    }),
  );

  server.post(
    `${DESK_API}/sign-out`,
    ctx.handler(async (req, res) => {
      const session = sessionOf(req);
      if (session) {
        await deps.sessions.end(session);
        // Its open live streams end too, in whichever process holds them.
        await deps.streams.ended(session);
      }
      res.header('Set-Cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
      res.send(204);
    }),
  );
}
