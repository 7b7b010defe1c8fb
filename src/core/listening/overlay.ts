import type { EventBus } from '../storage/event-bus.js';
import type { RedisClient } from '../redis/slots.js';
import type { FaqOverlayStore, FaqTeaching, TaughtFaq } from './types.js';

/** The bus topic that says "the overlay changed: read it again". */
export const OVERLAY_TOPIC = 'faq-overlay';

function watcher(bus: EventBus) {
  return async (changed: () => void) => bus.subscribe(OVERLAY_TOPIC, () => changed());
}

/** The overlay in one process (no REDIS_URL): lost on restart unless exported with `npm run faq:export`. */
export function createMemoryFaqOverlay(bus: EventBus): FaqOverlayStore {
  const taught: TaughtFaq[] = [];
  return {
    async list() {
      return structuredClone(taught);
    },
    async add(teaching, by, at = Date.now(), draftedBy) {
      const entry = { ...structuredClone(teaching), version: taught.length + 1, by, ...(draftedBy ? { draftedBy } : {}), at } as TaughtFaq;
      taught.push(entry);
      await bus.publish(OVERLAY_TOPIC, { version: entry.version });
      return structuredClone(entry);
    },
    watch: watcher(bus),
    async clear() {
      taught.splice(0);
      await bus.publish(OVERLAY_TOPIC, { version: 0 });
    },
  };
}

// The version comes from INCR and the list keeps teachings in version order: RPUSH after INCR in
// one script, so two desks teaching at once cannot store them out of order.
const ADD = `
local version = redis.call('INCR', KEYS[1])
local item = cjson.decode(ARGV[1])
item.version = version
local raw = cjson.encode(item)
redis.call('RPUSH', KEYS[2], raw)
return raw
`;

/** The overlay every process on this Redis answers from; a change is announced on the bus. */
export function createRedisFaqOverlay(client: RedisClient, prefix: string, bus: EventBus): FaqOverlayStore {
  const versionKey = `${prefix}{faq-overlay}:version`;
  const listKey = `${prefix}{faq-overlay}:taught`;
  const parse = (raw: string) => JSON.parse(raw) as TaughtFaq;
  return {
    async list() {
      return (await client.lrange(listKey, 0, -1)).map(parse).sort((a, b) => a.version - b.version);
    },
    async add(teaching: FaqTeaching, by: string, at = Date.now(), draftedBy?: string) {
      const raw = (await client.eval(ADD, 2, versionKey, listKey, JSON.stringify({ ...teaching, by, ...(draftedBy ? { draftedBy } : {}), at }))) as string;
      const entry = parse(raw);
      await bus.publish(OVERLAY_TOPIC, { version: entry.version });
      return entry;
    },
    watch: watcher(bus),
    async clear() {
      // The version keeps counting: a process that missed the clear still sees a change later.
      await client.del(listKey);
      await bus.publish(OVERLAY_TOPIC, { version: 0 });
    },
  };
}
