import { PRELUDE } from './prelude.js';

// Back to the bot without an owner's release: whoever held a slot for the case gets it back.
const CLOSE = `
local function close(c, version)
  local holder = c.offeredTo or c.agentId
  redis.call('DEL', CASE)
  redis.call('ZREM', QUEUE, KEY)
  if holder then free_slot(holder) end
  clear_timers(version)
  return holder
end
`;

/** queued|offered → bot: the customer changed their mind. ARGV 5 version. */
export const CANCEL = `${PRELUDE}${CLOSE}
local version = tonumber(ARGV[5])
local c, raw = load_case()
local refused = check(c, raw, version, {queued = true, offered = true})
if refused then return refused end
local holder = close(c, version)
audit('cancel', c.state, 'bot', version + 1, holder, nil)
return {'ok', raw, ''}
`;

/** any → bot, by a timer or an operator. ARGV 5 version, 6 why. */
export const ABANDON = `${PRELUDE}${CLOSE}
local version = tonumber(ARGV[5])
local c, raw = load_case()
local refused = check(c, raw, version, {queued = true, offered = true, active = true})
if refused then return refused end
local holder = close(c, version)
audit('abandon', c.state, 'bot', version + 1, holder, ARGV[6])
return {'ok', raw, ''}
`;
