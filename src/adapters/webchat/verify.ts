import { createHmac, timingSafeEqual } from 'node:crypto';
import { VERIFIED, refused, verified, type Verified } from '../../core/verified.js';

/**
 * A browser proves it owns a conversation with a token: an HMAC of the conversation id and an
 * expiry under a server secret. Checking it costs no store round trip, and every process with the
 * same secret (shared through Redis) accepts it. It expires (renewed while the conversation is
 * used, see `needsRenewal`), and never travels in a URL: the live stream, which a browser opens
 * with EventSource and so cannot send headers, takes a stream ticket that lasts a minute instead.
 */

const TOKEN = /^v2\.(\d{9,12})\.([A-Za-z0-9_-]{43})$/;
const TICKET = /^t1\.(\d{9,12})\.([A-Za-z0-9_-]{43})$/;

/** How long a stream ticket is good for: long enough to open the stream, useless in a log. */
export const STREAM_TICKET_SECONDS = 60;

const mac = (secret: string, what: string) => createHmac('sha256', secret).update(what).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A token for `conversationId` that is good until `expiresAt` (seconds since the epoch). */
export function conversationToken(secret: string, conversationId: string, expiresAt: number): string {
  return `v2.${expiresAt}.${mac(secret, `webchat:${conversationId}:${expiresAt}`)}`;
}

/** A good token, with when it expires (seconds since the epoch); refused when wrong, expired or old-style. */
export function verifyConversationToken(secret: string, conversationId: string, token: string | undefined, nowSeconds = Date.now() / 1000): Verified<number> {
  const m = token ? TOKEN.exec(token) : null;
  if (!m) return refused(token ? 'the conversation token is not one balie made' : 'the conversation token is missing');
  const expiresAt = Number(m[1]);
  if (!same(m[2]!, mac(secret, `webchat:${conversationId}:${expiresAt}`))) return refused('the conversation token is wrong for this conversation');
  if (expiresAt <= nowSeconds) return refused('the conversation token has expired');
  return verified(expiresAt);
}

/** A token past half its life is renewed on the next request, so a conversation in use never expires. */
export function needsRenewal(expiresAt: number, ttlSeconds: number, nowSeconds = Date.now() / 1000): boolean {
  return expiresAt - nowSeconds < ttlSeconds / 2;
}

export function streamTicket(secret: string, conversationId: string, expiresAt: number): string {
  return `t1.${expiresAt}.${mac(secret, `webchat-stream:${conversationId}:${expiresAt}`)}`;
}

export function verifyStreamTicket(secret: string, conversationId: string, ticket: string | undefined, nowSeconds = Date.now() / 1000): Verified {
  const m = ticket ? TICKET.exec(ticket) : null;
  if (!m) return refused(ticket ? 'the stream ticket is not one balie made' : 'the stream ticket is missing');
  const expiresAt = Number(m[1]);
  if (!same(m[2]!, mac(secret, `webchat-stream:${conversationId}:${expiresAt}`))) return refused('the stream ticket is wrong for this conversation');
  // A ticket from the future (a forged expiry) is as bad as an expired one.
  return expiresAt > nowSeconds && expiresAt <= nowSeconds + STREAM_TICKET_SECONDS + 5 ? VERIFIED : refused('the stream ticket has expired');
}
