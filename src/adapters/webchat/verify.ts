import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A browser proves it owns a conversation with a token: an HMAC of the conversation id under a
 * server secret. Checking it costs no store round trip, and every process with the same secret
 * (shared through Redis) accepts it.
 */
export function conversationToken(secret: string, conversationId: string): string {
  return createHmac('sha256', secret).update(`webchat:${conversationId}`).digest('base64url');
}

export function verifyConversationToken(secret: string, conversationId: string, token: string | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(conversationToken(secret, conversationId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
