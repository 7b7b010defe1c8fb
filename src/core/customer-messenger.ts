/**
 * How balie reaches a customer outside a bot turn (a handoff notice, an agent's words): a port in
 * core, implemented over the channel adapters (src/adapters/customer-messenger.ts) and used by the
 * handoff, so neither room imports the other.
 */

/** A customer on their own channel. */
export interface CustomerRef {
  channelId: string;
  conversationId: string;
  /** The customer's platform user id. */
  userId: string;
  name?: string;
}

/** A message to a customer outside a bot turn: a notice from balie, or an agent's words. */
export interface CustomerMessage {
  text: string;
  /** Absent: a notice from the bot. */
  agent?: { id: string; name: string; avatarUrl?: string };
  suggestedActions?: { title: string; value: string }[];
  /**
   * Who helps the customer from this message on, when it changes: the person who took the chat over,
   * or null when the bot has it again (hand-back, resolve, transfer to the queue). The web chat's
   * header shows them; absent: no change.
   */
  owner?: { id: string; name: string; avatarUrl?: string } | null;
}

/** How the handoff reaches customers on their own channel (implemented over the channel adapters). */
export interface CustomerMessenger {
  send(target: { customer: CustomerRef; reference: Record<string, unknown> }, message: CustomerMessage): Promise<void>;
}
