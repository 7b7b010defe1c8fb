import { createHash, timingSafeEqual } from 'node:crypto';
import { VERIFIED, refused, type Verified } from '../../core/verified.js';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Telegram sends the `secret_token` given to setWebhook in the X-Telegram-Bot-Api-Secret-Token
 * header of every update. Both sides are hashed first so the comparison is constant-time on
 * equal-length buffers and does not even reveal the secret's length.
 */
export function verifySecretToken(expected: string, given: string | string[] | undefined): Verified {
  if (typeof given !== 'string' || given === '') return refused(`the ${SECRET_HEADER} header is missing`);
  return timingSafeEqual(digest(given), digest(expected)) ? VERIFIED : refused(`the ${SECRET_HEADER} header does not match TELEGRAM_WEBHOOK_SECRET`);
}
