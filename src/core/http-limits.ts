import { Counter, type Registry } from 'prom-client';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config.js';
import type { Logger } from './logger.js';

/** One decision of a rate limiter: may this hit through, and if not, when may the next one. */
export interface RateDecision {
  allowed: boolean;
  retryAfterMs: number;
  /** Hits in the current window, this one included (first refusal: limit + 1). */
  count: number;
}

/** Counts a hit on `key` against `limit` hits per `windowMs`; shared by every process in Redis mode. */
export type ConsumeHit = (key: string, limit: number, windowMs: number) => Promise<RateDecision>;

const MINUTE = 60_000;

function isLoopback(ip: string): boolean {
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return plain === '::1' || /^127\./.test(plain);
}

/**
 * The client's address. Behind `trustedProxies` proxies, each of which appends the address it saw
 * to X-Forwarded-For, the client is the entry just before theirs; anything further left was
 * written by the client itself and proves nothing.
 */
export function clientIp(req: Request, trustedProxies: number): string {
  const socket = req.socket?.remoteAddress ?? 'unknown';
  if (!trustedProxies) return socket;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, socket];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)]!;
}

/**
 * Which requests count against a per-address limit: what a stranger can call in a loop. Platform
 * webhooks are left out on purpose (a platform's traffic comes from a handful of its servers, and
 * is limited per conversation after its signature is checked instead), and so are the health
 * endpoints a load balancer polls and the agents' API (it limits its own sign-in).
 */
function buckets(method: string, path: string): ('start' | 'public')[] {
  if (method === 'POST' && path === '/api/webchat/conversations') return ['start', 'public'];
  if (/^\/(api\/webchat\/|webchat\/|whatsapp\/qr$|desk(\/|$)|$)/.test(path)) return ['public'];
  if (method === 'GET' && path.startsWith('/webhooks/whatsapp')) return ['public'];
  return [];
}

export interface HttpLimitsDeps {
  consume: ConsumeHit;
  limits: Config['limits'];
  registry: Registry;
  logger: Logger;
}

/** The rate-limit counter, registered once per app (several apps share a process in tests). */
export function rateLimitedCounter(registry: Registry): Counter<'limit' | 'channel'> {
  const existing = registry.getSingleMetric('balie_rate_limited_total') as Counter<'limit' | 'channel'> | undefined;
  return existing ?? new Counter({ name: 'balie_rate_limited_total', help: 'Requests and messages refused by a rate limit', labelNames: ['limit', 'channel'], registers: [registry] });
}

/**
 * Per-address limits on the public pages and APIs, as a `pre` handler: a refused request costs no
 * body parsing and no route. Answers 429 with Retry-After and a message that says which limit.
 */
export function installHttpLimits(server: Server, deps: HttpLimitsDeps): void {
  const counter = rateLimitedCounter(deps.registry);
  const log = deps.logger.child({ component: 'rate-limit' });
  const rules = {
    start: { limit: deps.limits.newConversationsPerIp, what: 'new web chat conversations' },
    public: { limit: deps.limits.requestsPerIp, what: 'requests' },
  };
  let warnedProxy = false;
  server.pre((req: Request, res: Response, next: (err?: unknown) => void) => {
    const names = buckets(req.method ?? 'GET', req.path());
    if (!names.length) return next();
    if (!deps.limits.trustedProxies && req.headers['x-forwarded-for'] && !warnedProxy) {
      warnedProxy = true;
      log.warn({ code: 'CONFIG_INVALID' }, 'requests arrive through a proxy (X-Forwarded-For) but limits.trustedProxies in balie.yaml is 0: every visitor shares the proxy\'s address and its rate limit; set trustedProxies to the number of proxies in front of balie');
    }
    const ip = clientIp(req, deps.limits.trustedProxies);
    // This machine itself (health checks, a local tool, a proxy on the same host) is not limited.
    if (isLoopback(ip)) return next();
    void (async () => {
      for (const name of names) {
        const rule = rules[name];
        const decision = await deps.consume(`ip:${name}:${ip}`, rule.limit, MINUTE);
        if (decision.allowed) continue;
        counter.inc({ limit: `ip-${name}`, channel: 'http' });
        // Once per address and window at warn; the rest of a flood at debug.
        log[decision.count === rule.limit + 1 ? 'warn' : 'debug']({ code: 'RATE_LIMITED', limit: `ip-${name}`, ip }, `a client address went over ${rule.limit} ${rule.what} a minute`);
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        res.header('Retry-After', String(seconds));
        res.send(429, { error: { code: 'RATE_LIMITED', message: `too many ${rule.what} from your address (at most ${rule.limit} a minute); try again in ${seconds} s` } });
        return next(false);
      }
      next();
    })().catch((err: unknown) => {
      // The limiter's store is down: let the request through rather than fail everything.
      log.warn({ err, code: 'RATE_LIMIT_UNAVAILABLE' }, 'could not check a rate limit; letting the request through');
      next();
    });
  });
}
