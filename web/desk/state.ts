// The console's state. The server is the source of truth: lists are fetched from the agent API
// and re-fetched whenever the event stream says something changed.

import type { Agent, CannedReply, ChatItem, Me, Offer, OpenChat } from './types.js';

export const state = {
  /** GET /me */
  me: undefined as Me | undefined,
  agents: [] as Agent[],
  queue: { length: 0, items: [] as ChatItem[] },
  /** key -> offer (QueueItem + deadline) */
  offers: new Map<string, Offer>(),
  /** key -> QueueItem */
  chats: new Map<string, ChatItem>(),
  /** Supervisors: colleagues' open chats (offered or active), key -> QueueItem. */
  others: new Map<string, ChatItem>(),
  /** key -> unread count */
  unread: new Map<string, number>(),
  /** The chat on screen. */
  open: undefined as OpenChat | undefined,
  /** lang -> canned replies */
  canned: new Map<string, CannedReply[]>(),
  /** Chats this console is resolving or handing back right now: their own answer tells the agent, not the live event. */
  leaving: new Set<string>(),
  /** Offers already announced (so a refresh does not announce them again). */
  announced: new Set<string>(),
  /** Server clock minus browser clock (ms), from the Date header. */
  skew: 0,
};

export const serverNow = (): number => Date.now() + state.skew;
