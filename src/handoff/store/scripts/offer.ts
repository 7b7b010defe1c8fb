import { PRELUDE } from './prelude.js';

/** queued → offered(agent). ARGV 5 version, 6 agent, 7 deadline, 8 '1' to allow an agent who declined before. */
export const OFFER = `${PRELUDE}
local version, agent, deadline = tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7])
local c, raw = load_case()
local refused = check(c, raw, version, {queued = true})
if refused then return refused end
local presence, max, load = agent_info(agent)
if not presence then return refuse('unknown-agent', raw) end
if presence ~= 'online' or load >= max then return refuse('agent-unavailable', raw) end
if ARGV[8] ~= '1' and has(c.declinedBy, agent) then return refuse('agent-unavailable', raw) end
c.state, c.offeredTo, c.offerDeadline, c.version = 'offered', agent, deadline, version + 1
local new = save(c)
redis.call('ZREM', QUEUE, KEY)
take_slot(agent)
clear_timers(version)
redis.call('ZADD', TIMERS, deadline, 'offer-expiry|' .. c.version .. '|' .. KEY)
audit('offer', 'queued', 'offered', c.version, agent, nil)
return {'ok', raw, new}
`;

/** offered(agent) → active(agent). ARGV 5 version, 6 agent. */
export const ACCEPT = `${PRELUDE}
local version, agent = tonumber(ARGV[5]), ARGV[6]
local c, raw = load_case()
local refused = check(c, raw, version, {offered = true})
if refused then return refused end
if c.offeredTo ~= agent then return refuse('not-owner', raw) end
c.state, c.agentId, c.acceptedAt, c.version = 'active', agent, NOW, version + 1
c.offeredTo, c.offerDeadline = nil, nil
local new = save(c)
clear_timers(version)
-- Answering breaks a run of missed offers.
set_agent(agent, 'missedOffers', 0)
record_wait(c)
audit('accept', 'offered', 'active', c.version, agent, nil)
return {'ok', raw, new}
`;

// Decline and expiry both put the case back in the queue. It keeps its queuedAt: the customer has
// been waiting all along and keeps their place. The agent is not offered it again (declinedBy), and
// if they were the preferred person, the preference is spent.
const BACK_TO_QUEUE = `
local function back_to_queue(c, version, agent)
  c.state, c.version = 'queued', version + 1
  c.offeredTo, c.offerDeadline = nil, nil
  if not has(c.declinedBy, agent) then c.declinedBy[#c.declinedBy + 1] = agent end
  if c.preferredAgentId == agent then c.preferUntil = nil end
  local new = save(c)
  enqueue(c)
  free_slot(agent)
  clear_timers(version)
  return new
end
`;

/** offered(agent) → queued. ARGV 5 version, 6 agent. */
export const DECLINE = `${PRELUDE}${BACK_TO_QUEUE}
local version, agent = tonumber(ARGV[5]), ARGV[6]
local c, raw = load_case()
local refused = check(c, raw, version, {offered = true})
if refused then return refused end
if c.offeredTo ~= agent then return refuse('not-owner', raw) end
local new = back_to_queue(c, version, agent)
set_agent(agent, 'missedOffers', 0)
audit('decline', 'offered', 'queued', c.version, agent, nil)
return {'ok', raw, new}
`;

/** offered(agent) → queued after the deadline; a second miss in a row makes the agent away. ARGV 5 version. */
export const EXPIRE = `${PRELUDE}${BACK_TO_QUEUE}
local version = tonumber(ARGV[5])
local c, raw = load_case()
local refused = check(c, raw, version, {offered = true})
if refused then return refused end
local agent = c.offeredTo
local new = back_to_queue(c, version, agent)
local detail = nil
if redis.call('EXISTS', agent_key(agent)) == 1 then
  local missed = redis.call('HINCRBY', agent_key(agent), 'missedOffers', 1)
  if missed >= MISSED_OFFERS_AWAY and redis.call('HGET', agent_key(agent), 'presence') == 'online' then
    redis.call('HSET', agent_key(agent), 'presence', 'away')
    detail = 'agent-away'
  end
end
audit('expire', 'offered', 'queued', c.version, agent, detail)
return {'ok', raw, new}
`;
