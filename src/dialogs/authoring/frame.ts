import type { WaterfallStepContext } from 'botbuilder-dialogs';
import type { StartOptions } from './triggers.js';

/**
 * What a balie dialog keeps in its waterfall's `values` (part of botbuilder's dialog state, so it
 * is saved with the ConversationState): the typed state and the message that started the dialog.
 */
export interface Frame {
  s: Record<string, unknown>;
  m: string;
}

export function frameOf(step: WaterfallStepContext): Frame {
  const values = step.values as Partial<Frame>;
  values.s ??= {};
  values.m ??= '';
  return values as Frame;
}

/** The first waterfall step: copies what the trigger found into the state. */
export async function initFrame(step: WaterfallStepContext) {
  const options = (step.options ?? {}) as Partial<StartOptions>;
  const frame = frameOf(step);
  frame.s = { ...(options.state ?? {}) };
  frame.m = options.message ?? '';
  return step.next();
}
