/**
 * Agent mode (`npm run chat -- --agent sanne`): the developer plays an agent in a second terminal
 * while the first plays the customer, both on one Redis. It needs the agents' side of the handoff
 * queue; until that is there, it says so and stops.
 *
 * What the REPL needs from the handoff part's Desk API (src/handoff/desk.ts), per method:
 *   identify(agentId): AgentIdentity                       who is playing; throws for an unknown id
 *   setPresence(who, 'online' | 'away' | 'offline')        online at start, offline on quit
 *   queue(who): { length, items: QueueItem[] }             `/queue`
 *   myChats(who): QueueItem[]                              `/chats`: offered to or owned by the agent
 *   accept(who, key) / decline(who, key) / claim(who, key) `/accept`, `/decline`, `/claim <n>`
 *   context(who, key): ContextPacket                       shown on accept: transcript, reason, collected, note
 *   send(who, key, text)                                   any line that is not a command
 *   transfer(who, key, toAgentId?, note?)                  `/transfer [agent] [note]`
 *   handBack(who, key) / resolve(who, key)                 `/handback`, `/resolve`
 *   events(who): AsyncIterable<DeskEvent> (or subscribe(who, listener): () => void)
 *     with DeskEvent = { kind: 'offered' | 'customer-message' | 'taken' | 'offer-expired' | 'closed';
 *                        key: string; text?: string; at: number }
 *     so the REPL can print offers and the customer's messages as they arrive (across processes,
 *     through the Redis event bus). This is the piece that does not exist yet.
 */
export interface AgentModeResult {
  exitCode: number;
  message: string;
}

export function runAgentMode(agentId: string, desk: unknown): AgentModeResult {
  const hasEvents = typeof desk === 'object' && desk !== null && ('events' in desk || 'subscribe' in desk);
  if (!hasEvents) {
    return {
      exitCode: 2,
      message:
        `Agent mode (--agent ${agentId}) needs the handoff queue's Desk API with live events (src/handoff), which is still being built.\n` +
        'For now, talk to the bot as a customer (npm run chat) and watch the "handoff requested" lines; agents answer from the web console once it is there.',
    };
  }
  return { exitCode: 2, message: `Agent mode (--agent ${agentId}) is not wired to the Desk API yet; see scripts/chat/agent.ts for what it needs.` };
}
