import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TIMEOUT, TOKENS, customerApi, shot, signInAt, useDeskBrowser, watchForErrors } from '../support/desk-browser.js';

/** What a web chat customer was answered, read over the web chat API. */
async function heard(url: string, question: string): Promise<() => Promise<string[]>> {
  const started = (await (await fetch(`${url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    conversationId: string;
    token: string;
  };
  const base = `${url}/api/webchat/conversations/${started.conversationId}/messages`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${started.token}` };
  expect((await fetch(base, { method: 'POST', headers, body: JSON.stringify({ clientMessageId: 'teach-next-0001', text: question }) })).status).toBe(202);
  return async () => ((await (await fetch(base, { headers })).json()) as { messages: { text?: string }[] }).messages.map((m) => m.text ?? '');
}

/** What sticks out of a dialog on the right (the dialog clips it, so the page does not overflow). */
const widerThan = (page: Page, dialog: string) =>
  page.evaluate((selector) => {
    const box = document.querySelector(selector)!.getBoundingClientRect();
    return Array.from(document.querySelectorAll(`${selector} *`))
      .filter((e) => e.getBoundingClientRect().right > box.right + 1)
      .map((e) => `${e.tagName}.${e.className}`);
  }, dialog);
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('#14.3: teaching the bot from a handoff', () => {
  const desk = useDeskBrowser();

  it('an agent resolves a chat the bot did not understand, drafts its answer; a supervisor accepts; the bot answers the next customer', { timeout: 90_000 }, async () => {
    const balie = desk.balie();
    const sanne = await (await desk.browser().newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })).newPage();
    const fatima = await (await desk.browser().newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })).newPage();
    for (const page of [sanne, fatima]) page.setDefaultTimeout(TIMEOUT);
    const errors = [...watchForErrors(sanne), ...watchForErrors(fatima)];
    await signInAt(sanne, balie.url, TOKENS.sanne);
    await signInAt(fatima, balie.url, TOKENS.fatima);
    await sanne.getByRole('radio', { name: 'Online' }).check();

    // The bot does not know; the customer says yes to a person.
    const customer = await customerApi(balie.url, 'Anna de Vries');
    await customer.say('Do you repair e-bikes?');
    await customer.say('yes');
    await sanne
      .getByRole('navigation', { name: 'Chats' })
      .getByRole('button', { name: /^Accept the chat with Anna de Vries$/ })
      .click();
    const reply = sanne.getByRole('textbox', { name: /^Reply to/ });
    const answer = 'Yes, our workshop repairs e-bikes on weekday mornings; no appointment needed.';
    for (const text of ['Hi Anna!', answer]) {
      await reply.fill(text);
      await sanne.keyboard.press('Enter');
      await sanne.getByText(text).first().waitFor();
    }
    await sanne.getByRole('button', { name: 'Resolve', exact: true }).click();
    await sanne.getByRole('dialog', { name: 'Resolve this chat?' }).getByRole('button', { name: 'Resolve' }).click();

    // The dialog, prefilled with her question and Sanne's answer (not her greeting).
    const teach = sanne.getByRole('dialog', { name: 'Should the bot answer this next time?' });
    await teach.waitFor();
    await expect.poll(() => teach.getByLabel("Customer's question").inputValue()).toBe('Do you repair e-bikes?');
    expect(await teach.getByLabel('Your reply').inputValue()).toBe(answer);
    await teach.getByRole('radio', { name: 'A new question and answer' }).check();
    await teach.getByLabel(/^New entry id/).fill('bike-repair');
    await teach.getByText('The NL text still needs writing: a supervisor completes it when accepting.').waitFor();
    await shot(sanne, 'desk-teach-draft-1280');
    await sanne.setViewportSize({ width: 360, height: 740 });
    expect(await overflows(sanne)).toBe(false);
    await shot(sanne, 'desk-teach-draft-360');
    expect(await widerThan(sanne, '#teach-dialog')).toEqual([]);
    await teach.getByRole('button', { name: 'Send to a supervisor' }).click();
    await teach.waitFor({ state: 'detached' });
    await sanne.locator('.toast').filter({ hasText: 'Sent to a supervisor for the FAQ.' }).waitFor();

    // Fatima sees it among the drafts, writes the Dutch and accepts.
    await fatima.locator('#inbox-open').click();
    const inbox = fatima.getByRole('dialog', { name: "Questions the bot couldn't answer" });
    const drafts = inbox.getByRole('region', { name: 'Drafts from agents' });
    const draft = drafts.getByRole('listitem').filter({ hasText: 'Do you repair e-bikes?' });
    await draft.getByText(/^From Sanne/).waitFor();
    expect(await draft.getByLabel('Answer (EN)').inputValue()).toBe(answer);
    await draft.getByLabel(/^Question \(NL\)/).fill('Repareren jullie e-bikes?');
    await draft.getByLabel(/^Answer \(NL\)/).fill('Ja, onze werkplaats repareert e-bikes op werkdagen in de ochtend.');
    await shot(fatima, 'desk-teach-drafts-1280');
    await fatima.setViewportSize({ width: 360, height: 740 });
    expect(await overflows(fatima)).toBe(false);
    await shot(fatima, 'desk-teach-drafts-360');
    expect(await widerThan(fatima, '#inbox-dialog')).toEqual([]);
    await draft.getByRole('button', { name: 'Accept' }).click();
    await draft.waitFor({ state: 'detached' });
    await drafts.getByText('No drafts waiting.').waitFor();
    const [taught] = await balie.app.listening.overlay.list();
    expect(taught).toMatchObject({ kind: 'entry', entryId: 'bike-repair', by: 'fatima', draftedBy: 'sanne' });

    // The next customer asking gets the answer from the bot.
    const next = await heard(balie.url, 'Do you repair e-bikes?');
    await expect.poll(next).toContain(answer);
    expect(errors).toEqual([]);
    await sanne.context().close();
    await fatima.context().close();
  });
});
