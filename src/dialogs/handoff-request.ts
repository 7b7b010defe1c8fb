// Only the factory, not botbuilder's index: that loads its HTTP hosting stack too (~0.2 s at start-up).
import { EventFactory } from 'botbuilder/lib/eventFactory.js';
import type { TurnContext } from 'botbuilder-core';
import type { Translator } from './i18n.js';
import { say } from './turn-info.js';

export type HandoffReason = 'customer-asked' | 'not-understood' | 'dialog' | 'complaint' | 'vip';

/** What the bot hands to the person who takes over, so the customer never repeats their story. */
export interface HumanRequest {
  reason: HandoffReason;
  language: string;
  /** What dialogs learned, e.g. { orderNumber: 'TC-100003' }. */
  collected: Record<string, string>;
  /** A line for the agent from the dialog that asked, e.g. "wants to return a damaged lamp". */
  note?: string;
  /** A VIP customer (handoff.vipCustomers): ahead in the queue. */
  vip?: boolean;
  /** The dialog asking (its id), for `handoff.skills.dialogs`; the bot fills in the running dialog. */
  dialog?: string;
  /** The FAQ topic (tags of the last answered entry), for `handoff.skills.tags`; the bot fills it in. */
  tags?: string[];
  /** Skills the agent must have, besides what `handoff.skills` adds. */
  skills?: string[];
  /** Skills to prefer, besides what `handoff.skills` adds. */
  preferredSkills?: string[];
}

/** What the bot needs to know about an open handoff while a person is involved. */
export interface OpenHandoff {
  key: string;
  state: 'queued' | 'offered' | 'active';
  version: number;
  language: string;
}

/**
 * The bot's view of the handoff queue during a turn: is a person involved in this conversation,
 * pass the customer's words on, let them change their mind.
 */
export interface HandoffGate {
  caseFor(key: string): Promise<OpenHandoff | undefined>;
  customerWrote(c: OpenHandoff, text: string | undefined): Promise<void>;
  customerCancels(c: OpenHandoff): Promise<boolean>;
  recordRating(key: string, rating: number): Promise<void>;
  /** The customer chose to wait for their usual person (`balie:wait-for:<id>`) or to take anyone (`balie:anyone`). */
  customerChose(c: OpenHandoff, choice: string): Promise<boolean>;
  /** Opens a case for this turn's conversation (called for every `handoff.initiate` the turn sends). */
  open(context: TurnContext, request: HumanRequest): Promise<void>;
}

/** The seam between the bot and the handoff queue: how a turn asks for a person. */
export interface HandoffPort {
  request(context: TurnContext, request: HumanRequest): Promise<void>;
}

/**
 * Without a handoff queue (the handoff part plugs in its own port), the request still goes out as
 * the Bot Framework `handoff.initiate` event, which middleware and transcripts can see, and the
 * customer is told that a colleague will answer in this chat.
 */
export function createBasicHandoff(t: Translator): HandoffPort {
  return {
    async request(context, request) {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, request));
      await context.sendActivity(say(context, t, 'handoffRequested'));
    },
  };
}

/**
 * With a handoff queue, asking for a person is just the Bot Framework protocol: send the
 * `handoff.initiate` event. The Bot sees every such event leaving a turn (from this port or from a
 * dialog that sends it itself) and opens the case through its gate (src/wiring/handoff-queue.ts).
 */
export function createEventHandoff(): HandoffPort {
  return {
    async request(context, request) {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, request));
    },
  };
}
