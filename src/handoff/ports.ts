export type { CustomerMessage, CustomerMessenger } from '../core/customer-messenger.js';

/** What the desk hears about, published on the event bus (topics below). */
export type DeskEvent =
  /** A case was opened (published on the queue topic), so desks can show it before anyone is offered it. */
  | { type: 'opened'; key: string }
  | { type: 'offer'; key: string; agentId: string; deadline: number }
  | { type: 'offer-withdrawn'; key: string; agentId: string; why: string }
  | { type: 'assigned'; key: string; agentId: string }
  | { type: 'closed'; key: string; agentId?: string; how: string }
  /** The owner passed the chat on (queue topic and the old owner's topic); `toAgentId` absent: back to the queue. */
  | { type: 'transferred'; key: string; fromAgentId: string; toAgentId?: string; note?: string }
  | { type: 'customer-message'; key: string; agentId?: string; text?: string; at: string }
  | { type: 'agent-message'; key: string; agentId: string; text: string; at: string }
  | { type: 'queue-changed'; length: number }
  | { type: 'presence'; agentId: string; presence: string; why?: string }
  | { type: 'agent-idle'; key: string; agentId: string; waitingSeconds: number }
  /**
   * A customer has waited this long for any reply (owner's topic and supervisors'). `agentId`: the
   * owner or the agent offered the chat (absent while queued); `promisedBy`: who promised the
   * customer an answer (`owner`: balie in the owner's name, by `promisedUntil`; `queue`: the queue's notice).
   */
  | { type: 'unanswered'; key: string; agentId?: string; waitingSeconds: number; messages: number; promisedBy?: 'owner' | 'queue'; promisedUntil?: number };

export const deskTopics = {
  agent: (agentId: string) => `desk:agent:${agentId}`,
  queue: 'desk:queue',
  supervisors: 'desk:supervisors',
};
