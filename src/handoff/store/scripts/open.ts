import { PRELUDE } from './prelude.js';

/** bot → queued, unless a case is open for the key already. ARGV 5: the new case, encoded by TS. */
export const OPEN = `${PRELUDE}
local existing = redis.call('GET', CASE)
if existing then return {'exists', existing} end
local c = cjson.decode(ARGV[5])
-- Stored as TS encoded it, so the opaque body keeps every byte.
redis.call('SET', CASE, ARGV[5])
enqueue(c)
audit('open', 'bot', 'queued', c.version, nil, c.reason)
return {'created', ARGV[5]}
`;
