import type { TestProject } from 'vitest/node';
import { startRedisServer, type RedisProcess } from '../support/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

let server: RedisProcess | undefined;

// The tests talk to a real Redis: REDIS_URL when set, otherwise a private server on a free port.
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.REDIS_URL;
  if (!url) {
    server = await startRedisServer();
    url = server.url;
  }
  project.provide('redisUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
