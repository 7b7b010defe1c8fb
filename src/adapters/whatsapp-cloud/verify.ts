import { createHmac, timingSafeEqual } from 'node:crypto';
import { VERIFIED, refused, type Verified } from '../../core/verified.js';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex>` header: an HMAC-SHA256 of the exact request
 * bytes under the app secret. Compared in constant time; a missing or malformed header fails.
 */
export function verifySignature(rawBody: Buffer | undefined, header: string | undefined, appSecret: string): Verified {
  if (!header) return refused('the X-Hub-Signature-256 header is missing');
  if (!rawBody) return refused('the request has no body to check the signature of');
  const match = SIGNATURE.exec(header.trim());
  if (!match) return refused('the X-Hub-Signature-256 header must look like sha256=<64 hex digits>');
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? VERIFIED : refused('X-Hub-Signature-256 does not match the body: check WHATSAPP_APP_SECRET');
}

/** The `X-Hub-Signature-256` header value for `body`; what Meta sends (tests sign with it too). */
export function signatureFor(body: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/**
 * Compares the `hub.verify_token` of Meta's subscription check with ours in constant time. Both
 * sides are hashed first so that neither the length nor the content leaks through timing.
 */
export function verifyToken(given: string | undefined, expected: string): Verified {
  if (typeof given !== 'string') return refused('hub.verify_token is missing');
  const a = createHmac('sha256', 'balie-verify-token').update(given).digest();
  const b = createHmac('sha256', 'balie-verify-token').update(expected).digest();
  return timingSafeEqual(a, b) ? VERIFIED : refused('hub.verify_token does not match WHATSAPP_VERIFY_TOKEN');
}

/**
 * The request body as bytes for the signature check. restify's JSON parser keeps `rawBody` as the
 * body decoded from UTF-8; encoding it again gives back the exact bytes whenever the body was
 * valid UTF-8 (Meta escapes non-ASCII characters as \uXXXX, so its bodies are plain ASCII). A body
 * that was not valid UTF-8 comes back different and so fails the check: it can be refused, never
 * wrongly accepted.
 */
export function rawBodyOf(req: { rawBody?: unknown; body?: unknown }): Buffer | undefined {
  const raw = req.rawBody ?? (typeof req.body === 'string' || Buffer.isBuffer(req.body) ? req.body : undefined);
  if (Buffer.isBuffer(raw)) return raw;
  if (typeof raw === 'string') return Buffer.from(raw, 'utf8');
  return undefined;
}
