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
 * Removes and returns due timers as [member, score, ...]. Reading and removing in one script means
 * each timer goes to exactly one caller, however many processes poll. KEYS 1 timers. ARGV 1 now, 2 limit.
 */
export const TAKE_DUE_TIMERS = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
for i = 1, #due, 2 do redis.call('ZREM', KEYS[1], due[i]) end
return due
`;
