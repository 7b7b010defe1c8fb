/**
 * Agents: a hash per agent (profile, presence, lastFreeAt, missedOffers) and a set of all ids.
 * Load is not stored: it is the size of the agent's agentcases set.
 */

/** Upserts profiles, keeping live fields. KEYS 1 agents set. ARGV 1 base, 2 now, then per agent: id, maxChats, languages JSON, skills JSON. */
export const SYNC_AGENTS = `
local base, now = ARGV[1], ARGV[2]
for i = 3, #ARGV, 4 do
  local id = ARGV[i]
  local k = base .. 'agent:' .. id
  redis.call('HSET', k, 'id', id, 'maxChats', ARGV[i + 1], 'languages', ARGV[i + 2], 'skills', ARGV[i + 3])
  redis.call('HSETNX', k, 'presence', 'offline')
  redis.call('HSETNX', k, 'lastFreeAt', now)
  redis.call('HSETNX', k, 'missedOffers', 0)
  redis.call('SADD', KEYS[1], id)
end
return 1
`;

/**
 * KEYS 1 agent hash, 2 agentcases set. ARGV 1 presence, 2 now. Going online resets missed offers;
 * coming online from away/offline also starts the idle clock. Unknown agent: nil.
 */
export const SET_PRESENCE = `
local previous = redis.call('HGET', KEYS[1], 'presence')
if not previous then return false end
redis.call('HSET', KEYS[1], 'presence', ARGV[1])
if ARGV[1] == 'online' then
  redis.call('HSET', KEYS[1], 'missedOffers', 0)
  if previous ~= 'online' then redis.call('HSET', KEYS[1], 'lastFreeAt', ARGV[2]) end
end
return {redis.call('HGETALL', KEYS[1]), redis.call('SCARD', KEYS[2])}
`;

/** A consistent snapshot of every agent. KEYS 1 agents set. ARGV 1 base. */
export const LIST_AGENTS = `
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  out[#out + 1] = {redis.call('HGETALL', ARGV[1] .. 'agent:' .. id), redis.call('SCARD', ARGV[1] .. 'agentcases:' .. id)}
end
return out
`;
