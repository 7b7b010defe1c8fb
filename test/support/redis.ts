import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

/** The Redis the whole run shares (see test/setup/redis-global.ts). */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A key prefix no other test uses, so tests sharing one Redis never see each other's keys. */
export function uniquePrefix(name = 't'): string {
  return `test:${name}:${randomUUID().slice(0, 8)}:`;
}
