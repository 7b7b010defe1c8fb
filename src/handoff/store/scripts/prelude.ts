import { AUDIT_MAX_LEN, MISSED_OFFERS_AWAY, RECENT_WAITS_KEPT } from '../limits.js';

/**
 * Shared head of every transition script. Each transition runs as ONE script, so reading the case,
 * the fencing checks and every write (case, agents, queue, timers, waits, audit) are atomic.
 *
 * KEYS: 1 case, 2 queue, 3 timers, 4 audit, 5 waits.
 * ARGV: 1 key base (`<prefix>{handoff}:`), 2 case key, 3 now (ms), 4 VIP boost (ms), then the script's own.
 *
 * Keys a script only learns from the case (the agent an offer went to, the customer's last-agent
 * key) are built from the base. They carry the same `{handoff}` tag, so in a cluster they are in
 * the slot of the declared keys, on the node running the script.
 *
 * An agent's load is the size of its agentcases set (offered + owned), never a separate counter,
 * so the two cannot drift apart.
 */
export const PRELUDE = `
local CASE, QUEUE, TIMERS, AUDIT, WAITS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local BASE, KEY, NOW, VIP_BOOST = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])

local function agent_key(id) return BASE .. 'agent:' .. id end
local function agent_cases_key(id) return BASE .. 'agentcases:' .. id end

local function load_case()
  local raw = redis.call('GET', CASE)
  if not raw then return nil, nil end
  local c = cjson.decode(raw)
  -- cjson reads an empty JSON list as an empty table; make sure it is one.
  if type(c.declinedBy) ~= 'table' then c.declinedBy = {} end
  return c, raw
end

local function refuse(reason, raw) return {'refused', reason, raw or ''} end

-- The fence: the case must exist, be at the caller's version, and be in one of the states.
local function check(c, raw, version, states)
  if not c then return refuse('not-found') end
  if c.version ~= version then return refuse('stale', raw) end
  if not states[c.state] then return refuse('wrong-state', raw) end
  return nil
end

local function save(c)
  local raw = cjson.encode(c)
  redis.call('SET', CASE, raw)
  return raw
end

local function has(list, value)
  for _, v in ipairs(list) do if v == value then return true end end
  return false
end

-- VIPs are queued as if they had waited VIP_BOOST longer; equal scores sort by key.
local function enqueue(c)
  local score = c.queuedAt
  if c.vip then score = score - VIP_BOOST end
  redis.call('ZADD', QUEUE, score, KEY)
end

-- Timers set for the version being left are void now; drop them so the set does not grow.
local function clear_timers(version)
  local v = '|' .. version .. '|' .. KEY
  redis.call('ZREM', TIMERS, 'offer-expiry' .. v, 'customer-idle' .. v, 'queue-timeout' .. v, 'prefer-expiry' .. v, 'agent-idle' .. v)
end

-- presence, maxChats, load; nil when the agent is unknown.
local function agent_info(id)
  local h = redis.call('HMGET', agent_key(id), 'presence', 'maxChats')
  if not h[1] then return nil end
  return h[1], tonumber(h[2]), redis.call('SCARD', agent_cases_key(id))
end

local function set_agent(id, field, value)
  if redis.call('EXISTS', agent_key(id)) == 1 then redis.call('HSET', agent_key(id), field, value) end
end

local function take_slot(id)
  redis.call('SADD', agent_cases_key(id), KEY)
end

-- The agent no longer holds this case: the slot is free and their idle clock restarts.
local function free_slot(id)
  if redis.call('SREM', agent_cases_key(id), KEY) == 1 then set_agent(id, 'lastFreeAt', NOW) end
end

local function record_wait(c)
  redis.call('LPUSH', WAITS, NOW - c.queuedAt)
  redis.call('LTRIM', WAITS, 0, ${RECENT_WAITS_KEPT - 1})
end

local function audit(action, from, to, version, agent, detail)
  local args = {'XADD', AUDIT, 'MAXLEN', '~', ${AUDIT_MAX_LEN}, '*', 'key', KEY, 'action', action, 'from', from, 'to', to, 'version', version, 'at', NOW}
  if agent then args[#args + 1] = 'agentId'; args[#args + 1] = agent end
  if detail then args[#args + 1] = 'detail'; args[#args + 1] = detail end
  redis.call(unpack(args))
end

local MISSED_OFFERS_AWAY = ${MISSED_OFFERS_AWAY}
`;
