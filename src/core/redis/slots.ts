import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';

export type RedisClient = Redis | Cluster;

export function isCluster(client: RedisClient): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}

/**
 * Groups keys by cluster slot so each group can go to Redis as one command or one script.
 * On a single Redis every key is in one group, which is what keeps a turn at one round trip.
 */
export function groupBySlot(client: RedisClient, keys: string[]): string[][] {
  if (!isCluster(client)) return [keys];
  const groups = new Map<number, string[]>();
  for (const key of keys) {
    const slot = calculateSlot(key);
    const group = groups.get(slot);
    if (group) group.push(key);
    else groups.set(slot, [key]);
  }
  return [...groups.values()];
}
