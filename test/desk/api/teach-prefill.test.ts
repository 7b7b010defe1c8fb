import { describe, expect, it } from 'vitest';
import { createMemoryUnansweredInbox } from '../../../src/core/listening/unanswered-memory.js';
import { MemoryTranscriptStore, type NewTranscriptEntry } from '../../../src/core/storage/transcript.js';
import { prefillFrom } from '../../../src/desk/api/teach-prefill.js';
import { createQuestionGrouping } from '../../../src/dialogs/faq/question-key.js';

const KEY = 'webchat:c1';
const said = (role: NewTranscriptEntry['role'], text: string): NewTranscriptEntry => ({
  direction: role === 'customer' ? 'in' : 'out',
  role,
  from: { id: role },
  text,
  timestamp: new Date().toISOString(),
});

async function scene(lines: [NewTranscriptEntry['role'], string][], abstainedOn?: string) {
  const transcripts = new MemoryTranscriptStore();
  for (const [role, text] of lines) await transcripts.append(KEY, said(role, text));
  const inbox = createMemoryUnansweredInbox(createQuestionGrouping(), { keepDays: 90, maxQuestions: 500 });
  if (abstainedOn) await inbox.record({ text: abstainedOn, language: 'en', channel: 'webchat', conversation: KEY, reason: 'abstained' });
  return { transcripts, inbox };
}

describe('what "Should the bot answer this next time?" is prefilled with', () => {
  it("takes the inbox's record of the message the bot abstained on, and the agent's first substantive reply", async () => {
    const deps = await scene(
      [
        ['customer', 'hello'],
        ['customer', 'Do you repair e-bikes? My number is 0612345678'],
        ['bot', 'Shall I put you through to one of my colleagues?'],
        ['customer', 'yes'],
        ['agent', 'Hi Anna!'],
        ['agent', 'Which model is it?'],
        ['agent', 'Yes, we repair e-bikes on weekday mornings.'],
        ['agent', 'Anything else I can do for you today?'],
      ],
      'Do you repair e-bikes? My number is 0612345678',
    );
    const prefill = await prefillFrom(deps, KEY, 'en', true);
    expect(prefill).toMatchObject({ question: 'Do you repair e-bikes? My number is [phone]', reply: 'Yes, we repair e-bikes on weekday mornings.' });
    expect(prefill!.inboxId).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('without an inbox row, a not-understood handoff uses the longest thing the customer wrote before an agent answered, masked', async () => {
    const deps = await scene([
      ['customer', 'Can I pay with a cheque? mail me at anna@example.com'],
      ['customer', 'yes'],
      ['agent', 'No.'],
      ['customer', 'A much longer message written after the agent had already answered the question'],
    ]);
    expect(await prefillFrom(deps, KEY, 'en', true)).toEqual({ question: 'Can I pay with a cheque? mail me at [email]', reply: 'No.' });
  });

  it('offers nothing for a chat the bot understood', async () => {
    const deps = await scene([
      ['customer', 'I want to talk to a person'],
      ['agent', 'Hello, how can I help you today?'],
    ]);
    expect(await prefillFrom(deps, KEY, 'en', false)).toBeUndefined();
  });
});
