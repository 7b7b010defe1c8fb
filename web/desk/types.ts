// What the agent API (/api/desk) answers, as the console reads it. Written out here rather than
// imported from src/, so the front end stays a client of the API, not of the server's code.

import type { TranscriptEntry } from '../shared/transcript.js';

export type Presence = 'online' | 'away' | 'offline';

export interface Agent {
  id: string;
  name: string;
  avatarUrl?: string;
  role?: 'agent' | 'supervisor';
  presence?: Presence;
  load?: number;
  maxChats?: number;
}

export interface Me {
  agent: Agent;
  presence: Presence;
  /** May see the unanswered-question inbox and teach the FAQ (inbox.ts). */
  mayTeach?: boolean;
}

/** A chat in a list: the queue, my chats or an offer. */
export interface ChatItem {
  key: string;
  customerName?: string;
  /** How lists tell customers apart: a name, "…5678" or the first words of their question (the server decides). */
  customerLabel?: string;
  reason?: string;
  language?: string;
  channel?: string;
  vip?: boolean;
  state?: string;
  agentId?: string;
  offeredTo?: string;
  waitingSeconds?: number;
  /** When it started waiting, on the server's clock (ms); set by the console. */
  since?: number;
}

export interface Offer extends ChatItem {
  /** Server time (ms) when the offer lapses. */
  deadline: number;
  /** Server time (ms) when the offer was made: the countdown runs from here, not from when the console saw it. */
  offeredAt?: number;
}

export interface Note {
  id: string;
  agentId: string;
  agentName?: string;
  text: string;
  at: string;
}

export interface EarlierConversation {
  entry: { closedAt: string; how?: string; agentId?: string };
  lastLines?: Pick<TranscriptEntry, 'role' | 'direction' | 'from' | 'text'>[];
}

/** GET /chats/:key: everything an agent needs to take a chat over. */
export interface ChatPacket {
  customerName?: string;
  customerLabel?: string;
  reason?: string;
  language?: string;
  channel?: string;
  note?: string;
  case?: { vip?: boolean; queuedAt?: number };
  previousAgent?: { id: string; name: string; avatarUrl?: string };
  collected?: Record<string, unknown>;
  earlierConversations?: EarlierConversation[];
  otherIdentities?: string[];
  notes?: Note[];
  transcript?: TranscriptEntry[];
}

export interface CannedReply {
  title: string;
  text: string;
}

export interface UploadedFile {
  contentUrl: string;
  contentType: string;
  name: string;
}

/** An event on /api/desk/events: it only says *that* something happened. */
export interface DeskEvent {
  type: string;
  key?: string;
  agentId?: string;
  why?: string;
  how?: string;
  text?: string;
  toAgentId?: string;
  fromAgentId?: string;
  presence?: Presence;
  waitingSeconds?: number;
  /** `unanswered`: the customer's messages still without a reply, and the time balie promised them an answer by (server ms). */
  messages?: number;
  promisedUntil?: number;
}

/** owner: mine; offer: offered to me (preview); watch: a colleague's, read by a supervisor; closed. */
export type ChatMode = 'owner' | 'offer' | 'watch' | 'closed';

/** The chat on screen. */
export interface OpenChat {
  key: string;
  mode: ChatMode;
  context: ChatPacket | undefined;
  notes: Note[];
  entries: Map<string, TranscriptEntry>;
  lastId: string | undefined;
}
