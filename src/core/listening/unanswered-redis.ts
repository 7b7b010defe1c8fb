import type { RedisClient } from '../redis/slots.js';
import { MAX_CONVERSATIONS, MAX_ENTRIES, MAX_PHRASINGS, type InboxRetention, type QuestionGrouping, type UnansweredInbox, type UnansweredQuestion } from './types.js';
import { byCount, counted, groupOf, prepare } from './unanswered-row.js';

// Counts one asking atomically (two processes may count the same row at once) and applies the
// retention in the same step. KEYS: rows hash, last-asked zset. ARGV: id, row if new (JSON), at,
// channel, conversation, reason, text, cutoff, maxQuestions, MAX_CONVERSATIONS, MAX_PHRASINGS,
// entry id ('' when none), MAX_ENTRIES.
const RECORD = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local row
if raw then
  row = cjson.decode(raw)
  row.count = row.count + 1
  local at = tonumber(ARGV[3])
  if at > row.lastAt then row.lastAt = at end
  local found = false
  for _, c in ipairs(row.channels) do if c == ARGV[4] then found = true end end
  if not found then table.insert(row.channels, ARGV[4]) end
  if type(row.reasons) ~= 'table' then row.reasons = {} end
  row.reasons[ARGV[6]] = (row.reasons[ARGV[6]] or 0) + 1
  local convs = { ARGV[5] }
  for _, c in ipairs(row.conversations) do if c ~= ARGV[5] and #convs < tonumber(ARGV[10]) then table.insert(convs, c) end end
  row.conversations = convs
  if ARGV[7] ~= row.text then
    local phr = { ARGV[7] }
    local seen = false
    for _, p in ipairs(type(row.phrasings) == 'table' and row.phrasings or {}) do
      if p == ARGV[7] then seen = true end
      if p ~= ARGV[7] and #phr < tonumber(ARGV[11]) then table.insert(phr, p) end
    end
    row.phrasings = phr
  end
  if ARGV[12] ~= '' then
    local entries = { ARGV[12] }
    for _, e in ipairs(type(row.entries) == 'table' and row.entries or {}) do
      if e ~= ARGV[12] and #entries < tonumber(ARGV[13]) then table.insert(entries, e) end
    end
    row.entries = entries
  end
  raw = cjson.encode(row)
else
  raw = ARGV[2]
end
redis.call('HSET', KEYS[1], ARGV[1], raw)
redis.call('ZADD', KEYS[2], cjson.decode(raw).lastAt, ARGV[1])
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[8])
local over = redis.call('ZCARD', KEYS[2]) - #old - tonumber(ARGV[9])
if over > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], #old, #old + over - 1)) do table.insert(old, id) end
end
for _, id in ipairs(old) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
end
return raw
`;

/** Lua's cjson writes an empty list as {}: read the lists back as lists. */
function decode(raw: string): UnansweredQuestion {
  const row = JSON.parse(raw) as UnansweredQuestion;
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  const { entries, ...rest } = row;
  return {
    ...rest,
    channels: list(row.channels),
    conversations: list(row.conversations),
    phrasings: list(row.phrasings),
    reasons: Array.isArray(row.reasons) ? {} : row.reasons,
    ...(list(entries).length ? { entries: list(entries) } : {}),
  };
}

/** The inbox shared by every balie process on this Redis and prefix. */
export function createRedisUnansweredInbox(client: RedisClient, prefix: string, grouping: QuestionGrouping, retention: InboxRetention): UnansweredInbox {
  // One hash tag: the script touches both keys, and stays cluster-safe.
  const rowsKey = `${prefix}{listening}:unanswered`;
  const lastKey = `${prefix}{listening}:unanswered:last`;
  const all = async () => Object.values(await client.hgetall(rowsKey)).map(decode);
  const cutoff = (now: number) => now - retention.keepDays * 86_400_000;
  return {
    async record(asked) {
      const { text, key, at } = prepare(asked, grouping);
      const group = groupOf(await all(), asked.language, key, grouping);
      const fresh = counted(undefined, asked, text, key, at);
      const raw = (await client.eval(
        RECORD,
        2,
        rowsKey,
        lastKey,
        group?.id ?? fresh.id,
        JSON.stringify(fresh),
        at,
        asked.channel,
        asked.conversation,
        asked.reason,
        text,
        cutoff(at),
        retention.maxQuestions,
        MAX_CONVERSATIONS,
        MAX_PHRASINGS,
        asked.entryId ?? '',
        MAX_ENTRIES,
      )) as string;
      return decode(raw);
    },
    async list(options = {}) {
      const now = Date.now();
      const rows = (await all()).filter((r) => r.lastAt >= cutoff(now) && (!options.language || r.language === options.language)).sort(byCount);
      return rows.slice(0, options.limit ?? rows.length);
    },
    async get(id) {
      const raw = await client.hget(rowsKey, id);
      return raw ? decode(raw) : undefined;
    },
    async remove(id) {
      const [[, removed] = []] = (await client.multi().hdel(rowsKey, id).zrem(lastKey, id).exec()) ?? [];
      return removed === 1;
    },
  };
}
