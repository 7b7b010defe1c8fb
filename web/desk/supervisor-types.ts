// What GET /api/desk/report answers (docs/openapi.yaml, SupervisorReport), as the supervisor view reads it.

import type { ChatItem, Presence } from './types.js';

export interface AgentFigures {
  agentId: string;
  name: string;
  taken: number;
  resolved: number;
  medianWaitSeconds: number | null;
  satisfaction: { count: number; average: number | null };
}

export interface PeriodFigures {
  since: string;
  handoffs: number;
  taken: number;
  abandoned: number;
  resolved: number;
  medianWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  satisfaction: { count: number; average: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
  agents: AgentFigures[];
}

export interface DayFigures {
  date: string;
  handoffs: number;
  abandoned: number;
  medianWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  ratings: number;
  averageRating: number | null;
}

export interface LiveAgent {
  id: string;
  name: string;
  role: 'agent' | 'supervisor';
  presence: Presence;
  load: number;
  maxChats: number;
  chats: ChatItem[];
  idleSince: string | null;
}

export interface SupervisorReport {
  generatedAt: string;
  timeZone: string | null;
  today: PeriodFigures;
  period: PeriodFigures & { days: number };
  days: DayFigures[];
  live: {
    queue: (ChatItem & { waitingSince: string; waitsFor?: { id: string; name: string } })[];
    queueLength: number;
    agents: LiveAgent[];
  };
}
