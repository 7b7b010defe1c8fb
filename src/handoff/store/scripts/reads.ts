/** Reads that need more than one command, done in one round trip and one consistent view. */

/** The first ARGV 2 queued cases, in queue order. KEYS 1 queue. ARGV 1 base. */
export const READ_QUEUE = `
local out = {}
for i, key in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)) do
  out[i] = redis.call('GET', ARGV[1] .. 'case:' .. key) or ''
end
return out
`;

/** The cases offered to or owned by one agent. KEYS 1 agentcases set. ARGV 1 base. */
export const READ_AGENT_CASES = `
local out = {}
for i, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  out[i] = redis.call('GET', ARGV[1] .. 'case:' .. key) or ''
end
return out
`;

/**
 * The agent this person last talked to: their own key's, else the first linked key's (in byte
 * order) that has one. One call where the links and each key's last agent were a round trip each.
 * KEYS 1 the customer's links set. ARGV 1 base, 2 customer key.
 */
export const PREVIOUS_AGENT = `
local own = redis.call('GET', ARGV[1] .. 'last-agent:' .. ARGV[2])
if own then return own end
local linked = redis.call('SMEMBERS', KEYS[1])
table.sort(linked)
for _, k in ipairs(linked) do
  if k ~= ARGV[2] then
    local last = redis.call('GET', ARGV[1] .. 'last-agent:' .. k)
    if last then return last end
  end
end
return false
`;

/** Remembers a finished case, keeping the newest ARGV 2. KEYS 1 history list. ARGV 1 entry JSON. */
export const ADD_HISTORY = `
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
return 1
`;

/**
 * Removes and returns due timers as [member, score, ...]. Reading and removing in one script means
 * each timer goes to exactly one caller, however many processes poll. KEYS 1 timers. ARGV 1 now, 2 limit.
 */
export const TAKE_DUE_TIMERS = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
for i = 1, #due, 2 do redis.call('ZREM', KEYS[1], due[i]) end
return due
`;
