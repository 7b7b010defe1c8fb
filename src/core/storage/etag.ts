import { randomBytes } from 'node:crypto';

/**
 * eTags are made by the writer, not by Redis, so one Lua script can set several keys that live in
 * different cluster slots' worth of data without needing a shared counter key. They only need to
 * be unique per write; a random suffix keeps two processes from ever minting the same tag.
 */
export function createEtagFactory(): () => string {
  const salt = randomBytes(4).toString('hex');
  let n = 0;
  return () => `${Date.now().toString(36)}.${salt}.${(n++).toString(36)}`;
}
