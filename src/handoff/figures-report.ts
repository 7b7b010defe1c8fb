import type { HandoffFigure, HandoffFiguresStore } from './figures.js';
import { summarise, type Rating, type SatisfactionStore, type SatisfactionSummary } from './satisfaction.js';

/*
 * The supervisor's figures for today, the last N calendar days and each of those days, made from the
 * shared handoff figures and ratings. Days start at midnight in the business's time zone when
 * balie.yaml names one (`handoff.timeZone`), else in the server's.
 */

export interface AgentFigures {
  agentId: string;
  name: string;
  /** Handoffs this agent took first (accepted or claimed). */
  taken: number;
  /** Handoffs this agent resolved (after a transfer, not always the ones they took). */
  resolved: number;
  medianWaitSeconds: number | null;
  satisfaction: { count: number; average: number | null };
}

export interface PeriodFigures {
  /** Start of the period (ISO). */
  since: string;
  /** Handoffs asked for in the period. */
  handoffs: number;
  /** Of those, taken by an agent. */
  taken: number;
  /** Of those, the customer left while waiting (nobody had taken it, or it waited again after a transfer). */
  abandoned: number;
  resolved: number;
  /** From the request to the first agent taking it, over the taken ones; null when none was taken. */
  medianWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  satisfaction: Pick<SatisfactionSummary, 'count' | 'average' | 'distribution'>;
  /** Everyone who took, resolved or handed back a handoff or got a rating in the period, most taken first. */
  agents: AgentFigures[];
}

export interface DayFigures {
  /** The local date, YYYY-MM-DD. */
  date: string;
  handoffs: number;
  abandoned: number;
  medianWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  ratings: number;
  averageRating: number | null;
}

export interface FiguresReport {
  generatedAt: string;
  /** The IANA zone days start in, or null for the server's own time zone. */
  timeZone: string | null;
  today: PeriodFigures;
  /** The last `days` calendar days, today included. */
  period: PeriodFigures & { days: number };
  /** One entry per day of the period, oldest first. */
  days: DayFigures[];
}

/** The median (mean of the middle two for an even count), in seconds to one decimal. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
}

/** Nearest-rank percentile: the smallest value at least `p` of the values are at or below. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return round(s[Math.max(0, Math.ceil(p * s.length) - 1)]!);
}

const round = (seconds: number) => Math.round(seconds * 10) / 10;
const waitOf = (f: HandoffFigure) => (f.takenAt === undefined ? undefined : (f.takenAt - f.requestedAt) / 1000);
const waits = (figures: HandoffFigure[]) => figures.map(waitOf).filter((w): w is number => w !== undefined);

/** The local wall clock of `at` in `timeZone`, read as if it were UTC. */
function wallClock(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** How far the zone's clock is ahead of UTC at `at` (ms, whole minutes: the wall clock has no milliseconds). */
const offsetAt = (at: number, timeZone: string) => Math.round((wallClock(at, timeZone) - at) / 60_000) * 60_000;

/** Midnight (ms) of the day `at` falls in, in `timeZone` or the server's zone. */
export function startOfDay(at: number, timeZone?: string): number {
  if (!timeZone) return new Date(at).setHours(0, 0, 0, 0);
  const wall = at + offsetAt(at, timeZone);
  const day = wall - (((wall % 86_400_000) + 86_400_000) % 86_400_000);
  // The zone's offset at midnight, not at `at`: a DST change may lie between them.
  return day - offsetAt(day - offsetAt(at, timeZone), timeZone);
}

function localDate(at: number, timeZone?: string): string {
  if (timeZone) return new Date(wallClock(at, timeZone)).toISOString().slice(0, 10);
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function period(figures: HandoffFigure[], ratings: Rating[], since: number, until: number, nameOf: (id: string) => string): PeriodFigures {
  const inside = figures.filter((f) => f.requestedAt >= since && f.requestedAt < until);
  const rated = ratings.filter((r) => r.at < until);
  const sat = summarise(rated, since, nameOf);
  const ids = new Set([...inside.flatMap((f) => [f.agentId, f.endedBy]).filter((id): id is string => id !== undefined), ...sat.agents.map((a) => a.agentId)]);
  const agents = [...ids]
    .map((agentId): AgentFigures => {
      const theirs = inside.filter((f) => f.agentId === agentId);
      const s = sat.agents.find((a) => a.agentId === agentId);
      return {
        agentId,
        name: nameOf(agentId),
        taken: theirs.length,
        resolved: inside.filter((f) => f.end === 'resolved' && f.endedBy === agentId).length,
        medianWaitSeconds: median(waits(theirs)),
        satisfaction: { count: s?.count ?? 0, average: s?.average ?? null },
      };
    })
    .sort((a, b) => b.taken - a.taken || b.satisfaction.count - a.satisfaction.count || a.agentId.localeCompare(b.agentId));
  const w = waits(inside);
  return {
    since: new Date(since).toISOString(),
    handoffs: inside.length,
    taken: w.length,
    abandoned: inside.filter((f) => f.end === 'abandoned').length,
    resolved: inside.filter((f) => f.end === 'resolved').length,
    medianWaitSeconds: median(w),
    p90WaitSeconds: percentile(w, 0.9),
    satisfaction: { count: sat.count, average: sat.average, distribution: sat.distribution },
    agents,
  };
}

/** Today, the last `days` calendar days (today included) and each of them, from what every process shares. */
export async function figuresReport(
  stores: { figures: HandoffFiguresStore; satisfaction: SatisfactionStore },
  opts: { now: number; days: number; timeZone?: string; nameOf: (agentId: string) => string },
): Promise<FiguresReport> {
  const { now, days, timeZone, nameOf } = opts;
  const starts = [startOfDay(now, timeZone)];
  while (starts.length < days) starts.unshift(startOfDay(starts[0]! - 1, timeZone));
  const first = starts[0]!;
  const [figures, ratings] = await Promise.all([stores.figures.since(first), stores.satisfaction.ratings(first)]);
  const end = now + 1;
  const dayFigures = starts.map((start, i): DayFigures => {
    const p = period(figures, ratings, start, starts[i + 1] ?? end, nameOf);
    return {
      date: localDate(start, timeZone),
      handoffs: p.handoffs,
      abandoned: p.abandoned,
      medianWaitSeconds: p.medianWaitSeconds,
      p90WaitSeconds: p.p90WaitSeconds,
      ratings: p.satisfaction.count,
      averageRating: p.satisfaction.average,
    };
  });
  return {
    generatedAt: new Date(now).toISOString(),
    timeZone: timeZone ?? null,
    today: period(figures, ratings, starts.at(-1)!, end, nameOf),
    period: { days, ...period(figures, ratings, first, end, nameOf) },
    days: dayFigures,
  };
}
