import { PRELUDE } from './prelude.js';

/** queued → active(agent), the agent picking it from the queue. ARGV 5 version, 6 agent. */
export const CLAIM = `${PRELUDE}
local version, agent = tonumber(ARGV[5]), ARGV[6]
local c, raw = load_case()
local refused = check(c, raw, version, {queued = true})
if refused then return refused end
local presence, max, load = agent_info(agent)
if not presence then return refuse('unknown-agent', raw) end
if presence ~= 'online' or load >= max then return refuse('agent-unavailable', raw) end
c.state, c.agentId, c.acceptedAt, c.version = 'active', agent, NOW, version + 1
local new = save(c)
redis.call('ZREM', QUEUE, KEY)
take_slot(agent)
clear_timers(version)
set_agent(agent, 'missedOffers', 0)
record_wait(c)
audit('claim', 'queued', 'active', c.version, agent, nil)
return {'ok', raw, new}
`;

/**
 * active(from) → queued, preferring the colleague named. A new wait starts (queuedAt = now) and
 * the one who handed it on is not offered it again while others can take it.
 * ARGV 5 version, 6 from, 7 to ('' = anyone), 8 '1' when a note is given, 9 note, 10 preferUntil.
 */
export const TRANSFER = `${PRELUDE}
local version, from, to = tonumber(ARGV[5]), ARGV[6], ARGV[7]
local c, raw = load_case()
local refused = check(c, raw, version, {active = true})
if refused then return refused end
if c.agentId ~= from then return refuse('not-owner', raw) end
if to ~= '' and redis.call('EXISTS', agent_key(to)) == 0 then return refuse('unknown-agent', raw) end
c.state, c.reason, c.queuedAt, c.version = 'queued', 'transfer', NOW, version + 1
c.agentId, c.acceptedAt = nil, nil
if to == from then c.declinedBy = {} else c.declinedBy = {from} end
if ARGV[8] == '1' then c.note = ARGV[9] else c.note = nil end
c.waitsForPreferred = nil
if to ~= '' then
  c.preferredAgentId, c.preferUntil = to, tonumber(ARGV[10])
else
  c.preferredAgentId, c.preferUntil = nil, nil
end
local new = save(c)
enqueue(c)
free_slot(from)
clear_timers(version)
local detail = nil
if to ~= '' then detail = 'to ' .. to end
audit('transfer', 'active', 'queued', c.version, from, detail)
return {'ok', raw, new}
`;

/** active(agent) → bot, remembering the agent for this customer. ARGV 5 version, 6 agent, 7 how, 8 last-agent TTL (ms). */
export const RELEASE = `${PRELUDE}
local version, agent, how = tonumber(ARGV[5]), ARGV[6], ARGV[7]
local c, raw = load_case()
local refused = check(c, raw, version, {active = true})
if refused then return refused end
if c.agentId ~= agent then return refuse('not-owner', raw) end
redis.call('DEL', CASE)
free_slot(agent)
clear_timers(version)
redis.call('SET', BASE .. 'last-agent:' .. c.customerKey, agent, 'PX', ARGV[8])
local action = 'hand-back'
if how == 'resolved' then action = 'resolve' end
audit(action, 'active', 'bot', version + 1, agent, how)
return {'ok', raw, ''}
`;

/** queued → queued, waiting for one named agent (even while away) until ARGV 7. ARGV 5 version, 6 agent. */
export const PREFER = `${PRELUDE}
local version, agent, untilAt = tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7])
local c, raw = load_case()
local refused = check(c, raw, version, {queued = true})
if refused then return refused end
if redis.call('EXISTS', agent_key(agent)) == 0 then return refuse('unknown-agent', raw) end
c.preferredAgentId, c.preferUntil, c.waitsForPreferred, c.version = agent, untilAt, true, version + 1
local new = save(c)
clear_timers(version)
audit('prefer', 'queued', 'queued', c.version, agent, nil)
return {'ok', raw, new}
`;
