import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/core/errors.js';
import { describeRedisTarget, parseRedisNodes } from '../../../src/core/redis/connect.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('choosing a Redis in config', () => {
  it('reads a cluster from REDIS_CLUSTER_NODES and a Sentinel-managed master from REDIS_SENTINELS', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002', REDIS_PASSWORD: 's3cret' }).redis).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      password: 's3cret',
    });
    expect(loadConfig({ REDIS_SENTINELS: 'sentinel-a:26379,sentinel-b:26379', REDIS_SENTINEL_MASTER: 'mymaster', REDIS_TLS: 'true' }).redis).toMatchObject({
      kind: 'sentinel',
      master: 'mymaster',
      tls: true,
    });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
    expect(loadConfig({}).redis).toBeUndefined();
  });

  it('says which node entry is wrong and how to write it', () => {
    const [problem] = problemsOf({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,redis-b,10.0.0.3:99999' });
    expect(problem).toMatchObject({ key: 'REDIS_CLUSTER_NODES' });
    expect(problem!.problem).toContain('not host:port: redis-b, 10.0.0.3:99999');
    expect(problem!.fix).toContain('REDIS_CLUSTER_NODES=10.0.0.1:7000,10.0.0.2:7000');
  });

  it('refuses two Redis at once, a Sentinel without its master, and a password next to REDIS_URL', () => {
    expect(problemsOf({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:7000' }).map((p) => p.key)).toEqual(['REDIS_URL, REDIS_CLUSTER_NODES']);
    expect(problemsOf({ REDIS_SENTINELS: 'a:26379' }).map((p) => p.key)).toEqual(['REDIS_SENTINEL_MASTER']);
    expect(problemsOf({ REDIS_URL: 'redis://a:6379', REDIS_PASSWORD: 'x' }).map((p) => p.key)).toEqual(['REDIS_PASSWORD']);
  });

  it('never shows a password when it names the Redis', () => {
    expect(describeRedisTarget({ kind: 'single', url: 'redis://user:hunter2@db:6379' })).toBe('redis://user:***@db:6379');
    expect(describeRedisTarget({ kind: 'cluster', nodes: parseRedisNodes('a:1,b:2').nodes, password: 'hunter2' })).toBe('cluster a:1,b:2');
    expect(describeRedisTarget({ kind: 'sentinel', sentinels: [{ host: 's', port: 26379 }], master: 'm', password: 'hunter2' })).toBe('sentinel master "m" via s:26379');
  });
});
