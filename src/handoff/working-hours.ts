import type { AgentConfig } from '../config.js';
import type { Presence } from './types.js';

type Day = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

/** The weekday and minutes since midnight at `now` in `timeZone`. */
function localClock(now: number, timeZone: string): { day: Day; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').slice(0, 3).toLowerCase() as Day;
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

function ranges(agent: AgentConfig, day: Day): [number, number][] {
  const spec = agent.workingHours[day];
  if (!spec) return [];
  const [from, to] = spec.split('-').map((t) => {
    const [h, m] = t.split(':').map(Number);
    return h! * 60 + m!;
  });
  return [[from!, to!]];
}

/** True when `now` is inside the agent's working hours. Agents without hours always work. */
export function isWorking(agent: AgentConfig, now: number): boolean {
  if (Object.keys(agent.workingHours).length === 0) return true;
  const { day, minutes } = localClock(now, agent.timezone);
  return ranges(agent, day).some(([from, to]) => minutes >= from && minutes < to);
}

/** The next moment (ms, to the minute) at which the agent starts working, within a week; undefined if never. */
export function nextStart(agent: AgentConfig, now: number): number | undefined {
  if (Object.keys(agent.workingHours).length === 0) return now;
  if (isWorking(agent, now)) return now;
  // Walk forward in 15-minute steps: simple, time-zone and DST safe, and cheap enough (≤ 672 steps).
  const step = 15 * 60_000;
  const start = Math.ceil(now / step) * step;
  for (let t = start; t < now + 8 * 86_400_000; t += step) if (isWorking(agent, t)) return t;
  return undefined;
}

/**
 * When the agent can next take chats, for telling a customer: now when online. An agent who is not
 * online *during* their working hours is back at the start of their next working hours (when they
 * return from a break nobody knows, and "back now" is not an answer); outside their hours, at the
 * next start. Undefined when not known (no working hours set, or none within a week).
 */
export function nextAvailable(agent: AgentConfig, now: number, presence: Presence | undefined): number | undefined {
  if (presence === 'online') return now;
  if (Object.keys(agent.workingHours).length === 0) return undefined;
  const from = isWorking(agent, now) ? (shiftEndsAt(agent, now) ?? now) : now;
  return nextStart(agent, from);
}

/**
 * When the first of `agents` has working hours again; undefined if none has working hours coming
 * up. `now` while someone's hours are on: the team is just not at the desk (the customer is told
 * nobody is available, without a time).
 */
export function teamBackAt(agents: AgentConfig[], now: number): number | undefined {
  const starts = agents.map((a) => nextStart(a, now)).filter((t): t is number => t !== undefined);
  return starts.length ? Math.min(...starts) : undefined;
}

/** When the agent's current working hours end (undefined: no hours set, or not working now), to five minutes. */
export function shiftEndsAt(agent: AgentConfig, now: number): number | undefined {
  if (Object.keys(agent.workingHours).length === 0 || !isWorking(agent, now)) return undefined;
  const step = 5 * 60_000;
  for (let t = Math.ceil(now / step) * step; t < now + 86_400_000; t += step) if (!isWorking(agent, t)) return t;
  return undefined;
}
