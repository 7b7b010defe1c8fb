import { isIP } from 'node:net';
import { Counter, type Registry } from 'prom-client';
import type { Request, Response, Server } from 'restify';
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

const plain = (ip: string) => (ip.startsWith('::ffff:') ? ip.slice(7) : ip);

function isLoopback(ip: string): boolean {
  const a = plain(ip);
  return a === '::1' || /^127\./.test(a);
}

/** Loopback, RFC 1918, link-local and unique-local addresses: where proxies of a deployment live. */
export function isPrivateAddress(ip: string): boolean {
  const a = plain(ip).toLowerCase();
  if (isIP(a) === 4) return /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
  return a === '::1' || /^f[cd][0-9a-f]{2}:/.test(a) || /^fe[89ab][0-9a-f]:/.test(a);
}

/** Who may name the client in X-Forwarded-For: balie.yaml's limits.proxyAddresses, or any private address. */
export interface ProxyTrust {
  /** How many proxies in front of balie append to X-Forwarded-For (0: clients connect directly). */
  trustedProxies: number;
  /** The proxies' own addresses (exact IPs); empty: any private address counts as a proxy. */
  proxyAddresses?: readonly string[];
}

export interface ClientAddress {
  ip: string;
  /** True when `ip` came from X-Forwarded-For rather than from the connection itself. */
  forwarded: boolean;
}

/**
 * The client's address. Behind `trustedProxies` proxies, each of which appends the address it saw
 * to X-Forwarded-For, the client is the entry just before theirs; anything further left was
 * written by the client itself and proves nothing. The header counts only on a connection from a
 * proxy: balie may also be reachable directly (HOST defaults to 0.0.0.0), and a client that connects
 * directly writes whatever it likes there.
 */
export function clientAddress(req: Request, trust: ProxyTrust): ClientAddress {
  const socket = req.socket?.remoteAddress ?? 'unknown';
  if (!trust.trustedProxies) return { ip: socket, forwarded: false };
  const fromProxy = trust.proxyAddresses?.length ? trust.proxyAddresses.map(plain).includes(plain(socket)) : isPrivateAddress(socket);
  if (!fromProxy) return { ip: socket, forwarded: false };
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, socket];
  const at = Math.max(0, chain.length - 1 - trust.trustedProxies);
  const ip = chain[at]!;
  // A forged entry that is no address at all names nobody: count the request against the proxy.
  if (at === chain.length - 1 || !isIP(plain(ip))) return { ip: socket, forwarded: false };
  return { ip, forwarded: true };
}

/** The client's address as a string (see clientAddress). */
export function clientIp(req: Request, trust: ProxyTrust): string {
  return clientAddress(req, trust).ip;
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

/** The per-address limits (balie.yaml `limits:`; the config satisfies this shape). */
export interface HttpLimits extends ProxyTrust {
  newConversationsPerIp: number;
  requestsPerIp: number;
}

export interface HttpLimitsDeps {
  consume: ConsumeHit;
  limits: HttpLimits;
  registry: Registry;
  logger: Logger;
}

/** The rate-limit counter, registered once per app (several apps share a process in tests). */
export function rateLimitedCounter(registry: Registry): Counter<'limit' | 'channel'> {
  const existing = registry.getSingleMetric('balie_rate_limited_total') as Counter<'limit' | 'channel'> | undefined;
  return (
    existing ?? new Counter({ name: 'balie_rate_limited_total', help: 'Requests and messages refused by a rate limit', labelNames: ['limit', 'channel'], registers: [registry] })
  );
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
      log.warn(
        { code: 'CONFIG_INVALID' },
        "requests arrive through a proxy (X-Forwarded-For) but limits.trustedProxies in balie.yaml is 0: every visitor shares the proxy's address and its rate limit; set trustedProxies to the number of proxies in front of balie",
      );
    }
    const { ip, forwarded } = clientAddress(req, deps.limits);
    // This machine itself (health checks, a local tool) is not limited; a loopback address that a
    // header claims grants nothing, whoever wrote it.
    if (!forwarded && isLoopback(ip)) return next();
    void (async () => {
      for (const name of names) {
        const rule = rules[name];
        const decision = await deps.consume(`ip:${name}:${ip}`, rule.limit, MINUTE);
        if (decision.allowed) continue;
        counter.inc({ limit: `ip-${name}`, channel: 'http' });
        // Once per address and window at warn; the rest of a flood at debug.
        log[decision.count === rule.limit + 1 ? 'warn' : 'debug'](
          { code: 'RATE_LIMITED', limit: `ip-${name}`, ip },
          `a client address went over ${rule.limit} ${rule.what} a minute`,
        );
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
