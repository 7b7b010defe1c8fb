import type { StoreItems } from 'botbuilder-core';
import { BalieError } from '../errors.js';
import { groupBySlot, type RedisClient } from '../redis/slots.js';
import { createEtagFactory } from './etag.js';
import { assertChanges, assertKeys, conflictError, expectedEtag, type StateStorage } from './state-storage.js';

// Each value is stored as "<eTag>\n<json>" in a plain string key, so a read is one MGET and the
// compare-and-set only has to look at the first bytes of the value (GETRANGE), never parse JSON.
export const ETAG_PREFIX_BYTES = 64;

/** The Redis key of a state item; the hash tag keeps each item in its own slot. */
export function stateRedisKey(prefix: string, key: string): string {
  return `${prefix}state:{${key}}`;
}

/** A stored "<eTag>\n<json>" value as the item botbuilder reads. */
export function decodeStateValue(raw: string): Record<string, unknown> & { eTag: string } {
  const sep = raw.indexOf('\n');
  return { ...JSON.parse(raw.slice(sep + 1)), eTag: raw.slice(0, sep) };
}

// All-or-nothing compare-and-set over every key of one slot group.
// KEYS: state keys. ARGV[1]: TTL in ms (0 = keep forever); then per key: expected eTag ('' = none),
// new eTag, JSON. Returns the keys that conflicted (nothing is written then) or an empty list.
const WRITE_SCRIPT = `
local ttl = tonumber(ARGV[1])
local conflicts = {}
for i, key in ipairs(KEYS) do
  local expected = ARGV[(i - 1) * 3 + 2]
  if expected ~= '' then
    local head = redis.call('GETRANGE', key, 0, ${ETAG_PREFIX_BYTES - 1})
    if head ~= '' then
      local sep = string.find(head, '\\n', 1, true)
      if not sep or string.sub(head, 1, sep - 1) ~= expected then
        conflicts[#conflicts + 1] = key
      end
    end
  end
end
if #conflicts > 0 then return conflicts end
for i, key in ipairs(KEYS) do
  local value = ARGV[(i - 1) * 3 + 3] .. '\\n' .. ARGV[(i - 1) * 3 + 4]
  if ttl > 0 then
    redis.call('SET', key, value, 'PX', ttl)
  else
    redis.call('SET', key, value)
  end
end
return conflicts
`;

export interface RedisStateStorageOptions {
  client: RedisClient;
  /** Prefix for every key, e.g. `balie:`. */
  prefix?: string;
  /** Drop state that was not written for this long (0 = keep forever). */
  ttlMs?: number;
}

type ScriptClient = RedisClient & {
  balieStateWrite(numKeys: number, ...args: (string | number)[]): Promise<string[]>;
};

export class RedisStateStorage implements StateStorage {
  readonly kind = 'redis' as const;
  private readonly client: ScriptClient;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly nextEtag = createEtagFactory();

  constructor(options: RedisStateStorageOptions) {
    this.client = options.client as ScriptClient;
    this.prefix = options.prefix ?? 'balie:';
    this.ttlMs = options.ttlMs ?? 0;
    if (typeof this.client.balieStateWrite !== 'function') {
      this.client.defineCommand('balieStateWrite', { lua: WRITE_SCRIPT });
    }
  }

  /** The hash tag keeps each state key in its own slot, so cluster scripts stay single-slot. */
  private redisKey(key: string): string {
    return stateRedisKey(this.prefix, key);
  }

  /** Makes eTags for writes that go out in another script (the ingress's turn commit). */
  newEtag(): string {
    return this.nextEtag();
  }

  async read(keys: string[]): Promise<StoreItems> {
    assertKeys(keys);
    const out: StoreItems = {};
    if (keys.length === 0) return out;
    const byRedisKey = new Map(keys.map((k) => [this.redisKey(k), k]));
    const groups = groupBySlot(this.client, [...byRedisKey.keys()]);
    const results = await this.guard(() => Promise.all(groups.map((g) => this.client.mget(g))));
    groups.forEach((group, gi) => {
      group.forEach((redisKey, i) => {
        const raw = results[gi]?.[i];
        if (raw == null) return;
        out[byRedisKey.get(redisKey)!] = decodeStateValue(raw);
      });
    });
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    assertChanges(changes);
    const keys = Object.keys(changes);
    if (keys.length === 0) return;
    const fromRedisKey = new Map(keys.map((k) => [this.redisKey(k), k]));
    const newTags = new Map<string, string>();
    const groups = groupBySlot(this.client, [...fromRedisKey.keys()]);
    const conflicts = await this.guard(() =>
      Promise.all(
        groups.map((group) => {
          const args: (string | number)[] = [...group, this.ttlMs];
          for (const redisKey of group) {
            const key = fromRedisKey.get(redisKey)!;
            const { eTag: _old, ...value } = changes[key] ?? {};
            const tag = this.nextEtag();
            newTags.set(key, tag);
            args.push(expectedEtag(changes[key]) ?? '', tag, JSON.stringify(value));
          }
          return this.client.balieStateWrite(group.length, ...args);
        }),
      ),
    );
    const conflicted = conflicts.flat().map((rk) => fromRedisKey.get(rk) ?? rk);
    if (conflicted.length) throw conflictError(conflicted);
    for (const [key, tag] of newTags) {
      const item = changes[key];
      if (item && typeof item === 'object') item.eTag = tag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    assertKeys(keys);
    if (keys.length === 0) return;
    const groups = groupBySlot(
      this.client,
      keys.map((k) => this.redisKey(k)),
    );
    await this.guard(() => Promise.all(groups.map((g) => this.client.del(...g))));
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new BalieError('STORAGE_UNAVAILABLE', `Redis state storage failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
