import { ETAG_PREFIX_BYTES } from './storage/redis-storage.js';

/*
 * The inbox's Lua scripts. Every script touches the keys of ONE conversation (one hash tag) or only
 * the global due set, so each stays within one Cluster slot. An inbox entry is "<id>\n<activity JSON>";
 * a lease is "<owner>|<fence>".
 */

// KEYS: inbox, meta, lease, seen(nativeId), rate counter, then prefetch keys (read only when the
// lease is taken). ARGV: entry JSON, owner, lease ms, dedupe ttl s, meta ttl s, messages allowed per
// window (0: no limit), window ms, entry id ('' = next of the conversation's counter). The conversation's rate limit is counted here, in the same round
// trip: a message over it is neither stored nor marked as seen.
// → {'limited', count, ms left} | {'dup'} | {'held', id, depth, holder} | {'own', id, depth, fence, head-or-false, prefetch...}
export const APPEND = `
local max = tonumber(ARGV[6])
if max > 0 then
  local n = redis.call('INCR', KEYS[5])
  if n == 1 then redis.call('PEXPIRE', KEYS[5], ARGV[7]) end
  if n > max then
    local left = redis.call('PTTL', KEYS[5])
    if left < 0 then
      redis.call('PEXPIRE', KEYS[5], ARGV[7])
      left = tonumber(ARGV[7])
    end
    return {'limited', n, left}
  end
end
if not redis.call('SET', KEYS[4], '1', 'EX', ARGV[4], 'NX') then return {'dup'} end
local seq = ARGV[8]
if seq == '' then seq = tostring(redis.call('HINCRBY', KEYS[2], 'seq', 1)) end
local depth = redis.call('RPUSH', KEYS[1], seq .. '\\n' .. ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[5])
local holder = redis.call('GET', KEYS[3])
if holder then return {'held', seq, depth, holder} end
local fence = redis.call('HINCRBY', KEYS[2], 'fence', 1)
redis.call('SET', KEYS[3], ARGV[2] .. '|' .. fence, 'PX', ARGV[3])
local head = false
if depth > 1 then head = redis.call('LINDEX', KEYS[1], 0) end
local out = {'own', seq, depth, tostring(fence), head}
for i = 6, #KEYS do out[#out + 1] = redis.call('GET', KEYS[i]) end
return out
`;

// The end of a turn, for the keys of one slot. With the inbox (ARGV[1] = '1', KEYS 1-3 = inbox,
// meta, lease): refuse unless the lease (or, lapsed but not taken over, the fence counter) is ours;
// then state compare-and-set (all or nothing), transcript XADDs, ack the entry, and renew the lease
// and return the next entry, or release the lease when the inbox is empty (or on hand-over). The
// emptiness check and the release are one step, so an append racing with it either lands before
// (and is returned as next) or finds the lease free and takes it: no lost wake-up.
// Without the inbox (Cluster: keys of other slots) only the writes and the reads run. Hold
// (ARGV[14] = '1', Cluster with writes in other slots): keep the lease instead of releasing it and
// return no next entry; the caller writes the other slots, then finishes with a second call that
// acknowledges nothing (entry id '') and releases or returns the next entry. Until then no other
// process can start the conversation's next turn, whose reads or replies would overtake ours.
// KEYS: [inbox, meta, lease], state keys, deleted state keys, transcript keys, raw keys to read.
// ARGV: has-inbox, lease value, fence, entry id, lease ms, hand-over, state ttl ms, #state, #deletes,
//       #transcripts, #raw, transcript keep, transcript ttl s, hold; then per state key expected eTag,
//       new eTag, JSON; then per transcript key a count and that many entry JSONs.
// → {'fenced'} | {'done', conflicts, transcript ids, next-or-false, released, raw values, entries left}
export const COMPLETE = `
local hasInbox = ARGV[1] == '1'
local ns, nd, nt, nr = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local k = 0
if hasInbox then
  k = 3
  local cur = redis.call('GET', KEYS[3])
  if cur ~= ARGV[2] then
    if cur or redis.call('HGET', KEYS[2], 'fence') ~= ARGV[3] then return {'fenced'} end
  end
end
local a = 14
local conflicts = {}
for i = 1, ns do
  local expected = ARGV[a + (i - 1) * 3 + 1]
  if expected ~= '' then
    local head = redis.call('GETRANGE', KEYS[k + i], 0, ${ETAG_PREFIX_BYTES - 1})
    if head ~= '' then
      local sep = string.find(head, '\\n', 1, true)
      if not sep or string.sub(head, 1, sep - 1) ~= expected then conflicts[#conflicts + 1] = KEYS[k + i] end
    end
  end
end
if #conflicts == 0 then
  local ttl = tonumber(ARGV[7])
  for i = 1, ns do
    local value = ARGV[a + (i - 1) * 3 + 2] .. '\\n' .. ARGV[a + (i - 1) * 3 + 3]
    if ttl > 0 then redis.call('SET', KEYS[k + i], value, 'PX', ttl) else redis.call('SET', KEYS[k + i], value) end
  end
  for i = 1, nd do redis.call('DEL', KEYS[k + ns + i]) end
end
a = a + ns * 3
local ids = {}
for i = 1, nt do
  local key = KEYS[k + ns + nd + i]
  a = a + 1
  local count = tonumber(ARGV[a])
  for j = 1, count do
    a = a + 1
    ids[#ids + 1] = redis.call('XADD', key, 'MAXLEN', '~', ARGV[12], '*', 'e', ARGV[a])
  end
  redis.call('EXPIRE', key, ARGV[13])
end
local nextEntry = false
local released = 0
if hasInbox then
  local head = redis.call('LINDEX', KEYS[1], 0)
  local prefix = ARGV[4] .. '\\n'
  if head and string.sub(head, 1, #prefix) == prefix then redis.call('LPOP', KEYS[1]) end
  nextEntry = redis.call('LINDEX', KEYS[1], 0)
  if nextEntry and ARGV[6] ~= '1' then
    redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[5])
  elseif ARGV[14] == '1' then
    redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[5])
    nextEntry = false
  else
    redis.call('DEL', KEYS[3])
    released = 1
    nextEntry = false
  end
end
local raws = {}
if (not hasInbox) or nextEntry then
  for i = 1, nr do raws[i] = redis.call('GET', KEYS[k + ns + nd + nt + i]) end
end
local left = 0
if hasInbox then left = redis.call('LLEN', KEYS[1]) end
return {'done', conflicts, ids, nextEntry, released, raws, left}
`;

// KEYS: lease. ARGV: lease value, lease ms. → 1 when renewed, 0 when the lease is not ours.
export const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

// KEYS: lease. ARGV: lease value. Deletes the lease only if it is still ours.
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

// A sweeper's look at a conversation the due set named. KEYS: inbox, meta, lease. ARGV: owner,
// lease ms, meta ttl s. → {'held', pttl} | {'empty'} | {'taken', fence, head, entries}
export const TAKEOVER = `
local ttl = redis.call('PTTL', KEYS[3])
if ttl > 0 or ttl == -1 then return {'held', ttl} end
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then return {'empty'} end
local fence = redis.call('HINCRBY', KEYS[2], 'fence', 1)
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[1] .. '|' .. fence, 'PX', ARGV[2])
return {'taken', tostring(fence), head, redis.call('LLEN', KEYS[1])}
`;

// The due set (a hint: "look at this conversation after this time"). KEYS: due. ARGV: now score,
// limit, then member/score pairs to remove only if their score is still the one given (an append
// that raced re-scored them, and its hint must stay). → due members with scores.
export const DUE = `
local i = 3
while i < #ARGV do
  local s = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if s and tonumber(s) == tonumber(ARGV[i + 1]) then redis.call('ZREM', KEYS[1], ARGV[i]) end
  i = i + 2
end
if tonumber(ARGV[2]) == 0 then return {} end
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
`;

/** The scripts by the name each is defined under on a connection (ioredis defineCommand). */
export const SCRIPTS = {
  balieInboxAppend: APPEND,
  balieInboxComplete: COMPLETE,
  balieInboxRenew: RENEW,
  balieInboxRelease: RELEASE,
  balieInboxTakeover: TAKEOVER,
  balieInboxDue: DUE,
} as const;
