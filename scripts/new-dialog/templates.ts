import type { DialogNames } from './names.js';

export function dialogFile(n: DialogNames): string {
  return `import { z } from 'zod';
import { defineDialog } from '../authoring/index.js';

/**
 * The ${n.phrase} dialog. Scaffolded by \`npm run new:dialog\`: change the phrases, the questions and
 * the last step, then the test in test/dialogs/${n.kebab}.test.ts. See docs/dialogs.md.
 */
export const ${n.factory} = () =>
  defineDialog('${n.id}', {
    triggers: { phrases: { en: ['${n.phrase}'], nl: ['${n.phrase}'] } },
  })
    .ask('name', { en: 'Happy to help with ${n.phrase}! What is your name?', nl: 'Ik help je graag met ${n.phrase}! Wat is je naam?' }, z.string().trim().min(2))
    .step(async (ctx) => {
      await ctx.say({ en: 'Thanks, {name}! A colleague will pick this up.', nl: 'Dank je, {name}! Een collega pakt dit op.' });
    });
`;
}

export function testFile(n: DialogNames): string {
  return `import { afterEach, describe, expect, it } from 'vitest';
import { createTestChat, type TestChat } from '../../src/testing/test-chat.js';

let chat: TestChat;
afterEach(() => chat.close());

describe('${n.phrase} dialog', () => {
  it('asks for a name and thanks the customer, in English', async () => {
    chat = await createTestChat();
    await chat.say('hello');
    expect((await chat.say('${n.phrase}'))[0]!.text).toContain('What is your name?');
    expect((await chat.say('Anna'))[0]!.text).toBe('Thanks, Anna! A colleague will pick this up.');
  });

  it('asks again when the answer is too short, in Dutch', async () => {
    chat = await createTestChat();
    await chat.say('hoi');
    await chat.say('${n.phrase}');
    expect((await chat.say('A'))[0]!.text).toContain('Wat is je naam?');
    expect((await chat.say('Anna'))[0]!.text).toBe('Dank je, Anna! Een collega pakt dit op.');
  });
});
`;
}

export function docFile(n: DialogNames): string {
  return `# The ${n.phrase} dialog

_Scaffolded by \`npm run new:dialog -- ${n.kebab}\`; write down here what the dialog is for._

- **Code:** [src/dialogs/${n.kebab}/${n.kebab}-dialog.ts](../../src/dialogs/${n.kebab}/${n.kebab}-dialog.ts), registered in
  [src/dialogs/index.ts](../../src/dialogs/index.ts)
- **Test:** [test/dialogs/${n.kebab}.test.ts](../../test/dialogs/${n.kebab}.test.ts): \`npx vitest run test/dialogs/${n.kebab}.test.ts\`
- **Try it:** \`npm run chat -- --lang en\`, then type "${n.phrase}"

## What starts it

The phrase "${n.phrase}" in English and Dutch. Replace it with the ways customers actually ask.

## What it asks

| state | question | accepted answers |
| --- | --- | --- |
| \`name\` | What is your name? | at least 2 characters |

## How it ends

It thanks the customer. Describe here when it hands off to a person, and what the agent then sees.
`;
}
