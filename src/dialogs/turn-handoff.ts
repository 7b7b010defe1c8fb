import type { TurnContext } from 'botbuilder-core';
import { BalieError } from '../core/errors.js';
import type { HandoffPort } from './handoff-request.js';

const HANDOFF = Symbol('balie.handoff');

/**
 * The router puts the app's handoff port on each turn, so a dialog can ask for a person without
 * knowing which port (the basic one, or the handoff queue) the app runs with.
 */
export function setTurnHandoff(context: TurnContext, port: HandoffPort): void {
  context.turnState.set(HANDOFF, port);
}

export function handoffOf(context: TurnContext): HandoffPort {
  const port = context.turnState.get(HANDOFF) as HandoffPort | undefined;
  if (!port) throw new BalieError('DIALOG_FAILED', 'a dialog asked for a person outside a turn routed by the Bot (no handoff port on the turn)');
  return port;
}
