import { SET_PRESENCE, LIST_AGENTS, SYNC_AGENTS } from './agents.js';
import { ABANDON, CANCEL } from './close.js';
import { ACCEPT, DECLINE, EXPIRE, OFFER } from './offer.js';
import { OPEN } from './open.js';
import { CLAIM, PREFER, RELEASE, TRANSFER } from './own.js';
import { ADD_HISTORY, PREVIOUS_AGENT, READ_AGENT_CASES, READ_QUEUE, TAKE_DUE_TIMERS } from './reads.js';

export interface HandoffScript {
  /** The ioredis command name `defineCommand` gives it. */
  command: string;
  numberOfKeys: number;
  lua: string;
}

/** Transition scripts all take the same five keys (see prelude.ts). */
const transition = (command: string, lua: string): HandoffScript => ({ command, numberOfKeys: 5, lua });

export const handoffScripts = {
  open: transition('balieHandoffOpen', OPEN),
  offer: transition('balieHandoffOffer', OFFER),
  accept: transition('balieHandoffAccept', ACCEPT),
  decline: transition('balieHandoffDecline', DECLINE),
  expire: transition('balieHandoffExpire', EXPIRE),
  claim: transition('balieHandoffClaim', CLAIM),
  transfer: transition('balieHandoffTransfer', TRANSFER),
  prefer: transition('balieHandoffPrefer', PREFER),
  release: transition('balieHandoffRelease', RELEASE),
  cancel: transition('balieHandoffCancel', CANCEL),
  abandon: transition('balieHandoffAbandon', ABANDON),
  syncAgents: { command: 'balieHandoffSyncAgents', numberOfKeys: 1, lua: SYNC_AGENTS },
  setPresence: { command: 'balieHandoffSetPresence', numberOfKeys: 2, lua: SET_PRESENCE },
  listAgents: { command: 'balieHandoffListAgents', numberOfKeys: 1, lua: LIST_AGENTS },
  readQueue: { command: 'balieHandoffReadQueue', numberOfKeys: 1, lua: READ_QUEUE },
  readAgentCases: { command: 'balieHandoffReadAgentCases', numberOfKeys: 1, lua: READ_AGENT_CASES },
  takeDueTimers: { command: 'balieHandoffTakeDueTimers', numberOfKeys: 1, lua: TAKE_DUE_TIMERS },
  previousAgent: { command: 'balieHandoffPreviousAgent', numberOfKeys: 1, lua: PREVIOUS_AGENT },
  addHistory: { command: 'balieHandoffAddHistory', numberOfKeys: 1, lua: ADD_HISTORY },
} satisfies Record<string, HandoffScript>;

export type HandoffScriptName = keyof typeof handoffScripts;
