import { timingSafeEqual } from 'node:crypto';
import { VERIFIED, refused, type Verified } from '../../../src/core/verified.js';

export const SECRET_HEADER = 'x-sms-secret';

export function verifySecret(expected: string, given: string | string[] | undefined): Verified {
  if (typeof given !== 'string') return refused(`the ${SECRET_HEADER} header is missing`);
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? VERIFIED : refused(`the ${SECRET_HEADER} header is wrong`);
}
