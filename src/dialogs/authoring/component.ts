import { ComponentDialog, type Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { StartOptions } from './triggers.js';

const SHAPE = 'balieShape';
const START = 'balieStart';

/**
 * A ComponentDialog that remembers the shape of its steps in the saved state. A waterfall stores
 * only "at step 3", so after a deploy that adds or removes a question a half-finished dialog would
 * resume at the wrong step; with a changed shape it starts over instead.
 */
export class BalieComponentDialog extends ComponentDialog<StartOptions> {
  constructor(
    id: string,
    private readonly shape: string,
  ) {
    super(id);
  }

  /** Adds the dialog the component starts with (the waterfall). */
  setMain(dialog: Dialog): this {
    this.addDialog(dialog);
    this.initialDialogId = dialog.id;
    return this;
  }

  override async beginDialog(outerDc: DialogContext, options?: StartOptions): Promise<DialogTurnResult> {
    const state = outerDc.activeDialog?.state as Record<string, unknown> | undefined;
    if (state) {
      state[SHAPE] = this.shape;
      state[START] = options;
    }
    return super.beginDialog(outerDc, options);
  }

  override async continueDialog(outerDc: DialogContext): Promise<DialogTurnResult> {
    const state = outerDc.activeDialog?.state as Record<string, unknown> | undefined;
    if (state && state[SHAPE] !== this.shape) {
      const start = (state[START] as StartOptions | undefined) ?? { message: '', state: {} };
      return outerDc.replaceDialog(this.id, { ...start, message: outerDc.context.activity.text ?? '' });
    }
    return super.continueDialog(outerDc);
  }
}
