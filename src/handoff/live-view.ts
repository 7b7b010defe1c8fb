import type { AgentIdentity, Desk, QueueItem } from './desk.js';
import type { HandoffService } from './service.js';
import type { Presence } from './types.js';

/*
 * What is happening now, for a supervisor: the queue and every agent's presence, load and chats.
 * Read from the shared store on each call, so every process answers the same.
 */

export interface LiveAgent {
  id: string;
  name: string;
  role: 'agent' | 'supervisor';
  presence: Presence;
  load: number;
  maxChats: number;
  chats: QueueItem[];
  /** Since when an online agent has had no chat (ISO); null while they have one or are not online. */
  idleSince: string | null;
}

export interface LiveView {
  queue: (QueueItem & { waitingSince: string })[];
  queueLength: number;
  agents: LiveAgent[];
}

export async function liveView(desk: Desk, service: HandoffService, who: AgentIdentity, now: number): Promise<LiveView> {
  const [queue, chats, states] = await Promise.all([desk.queue(who), desk.myChats(who), desk.agentStates(who)]);
  const agents = states.map((s): LiveAgent => {
    const profile = service.agentProfile(s.id);
    return {
      id: s.id,
      name: profile?.name ?? s.id,
      role: profile?.role ?? 'agent',
      presence: s.presence,
      load: s.load,
      maxChats: s.maxChats,
      chats: chats.filter((c) => c.agentId === s.id || (c.state === 'offered' && c.offeredTo === s.id)),
      idleSince: s.presence === 'online' && s.load === 0 ? new Date(s.lastFreeAt).toISOString() : null,
    };
  });
  agents.sort((a, b) => a.name.localeCompare(b.name));
  return {
    queue: queue.items.map((item) => ({ ...item, waitingSince: new Date(now - item.waitingSeconds * 1000).toISOString() })),
    queueLength: queue.length,
    agents,
  };
}
