/** Writing dialogs: what `src/index.ts` exports for dialog authors (see docs/dialogs.md). */
export { defineDialog, DialogDefinition, type DialogOptions, type Step } from './define-dialog.js';
export type { AskOptions } from './ask.js';
export type { Choice } from './choices.js';
export type { StepContext, HandoffOptions, DialogEndResult } from './step-context.js';
export type { Texts, Vars } from './texts.js';
export type { Triggers } from './triggers.js';
