import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';

/**
 * The dialog both sides of the comparison run: plain botbuilder-dialogs (ComponentDialog +
 * WaterfallDialog + TextPrompt), so the baseline and balie do the same dialog work per turn.
 * "start" asks a question (one reply); the next message is answered (one reply) and ends it.
 */
export const BENCH_DIALOG_ID = 'bench-question';

class BenchDialog extends ComponentDialog {
  constructor() {
    super(BENCH_DIALOG_ID);
    this.addDialog(new TextPrompt('bench-text'));
    this.addDialog(
      new WaterfallDialog('bench-steps', [
        async (step: WaterfallStepContext) => step.prompt('bench-text', { prompt: 'What is your question?' }),
        async (step: WaterfallStepContext) => {
          await step.context.sendActivity(`You asked: ${String(step.result)}`);
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'bench-steps';
  }
}

export function createBenchDialog(): ComponentDialog {
  return new BenchDialog();
}

/** Message `i` of a conversation: even ones start the dialog, odd ones answer its question. */
export function benchText(i: number): string {
  return i % 2 === 0 ? 'start' : `question ${i}`;
}

/** Answers `seq <n>` with `echo seq <n>`: one reply per message, carrying its sequence number. */
export function createEchoDialog(): ComponentDialog {
  return new EchoDialog();
}

class EchoDialog extends ComponentDialog {
  constructor() {
    super('echo');
    this.addDialog(
      new WaterfallDialog('echo-step', [
        async (step: WaterfallStepContext) => {
          await step.context.sendActivity(`echo ${step.context.activity.text ?? ''}`);
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'echo-step';
  }
}
