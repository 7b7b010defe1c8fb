import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Request } from 'restify';
import { HttpError, bearerToken } from '../../core/http.js';

/** Compares secrets in constant time (hashing first makes the lengths equal too). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/**
 * Who may see the pairing QR (it links a phone's WhatsApp account to this server, so it is as
 * sensitive as a password): with BALIE_ADMIN_TOKEN set, whoever brings the token; without it,
 * only requests from this machine. A request that came through a proxy (X-Forwarded-For or
 * Forwarded) is never treated as local, since the proxy's own loopback address says nothing
 * about the person behind it.
 */
export function authoriseOperator(req: Request, adminToken: string | undefined): void {
  if (adminToken) {
    const query = req.query as Record<string, unknown> | undefined;
    const given = typeof query?.token === 'string' ? query.token : bearerToken(req);
    if (!given || !sameSecret(given, adminToken)) {
      throw new HttpError(401, 'UNAUTHENTICATED', 'this page needs the admin token: open it as /whatsapp/qr?token=<BALIE_ADMIN_TOKEN>');
    }
    return;
  }
  const proxied = !!(req.header('x-forwarded-for') || req.header('forwarded'));
  if (proxied || !isLoopback(req.socket?.remoteAddress ?? req.connection?.remoteAddress)) {
    throw new HttpError(
      403,
      'FORBIDDEN',
      'without BALIE_ADMIN_TOKEN this page only opens on the server itself (http://127.0.0.1); set BALIE_ADMIN_TOKEN to open it from elsewhere',
    );
  }
}
