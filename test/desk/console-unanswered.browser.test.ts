import { describe, expect, it } from 'vitest';
import { TIMEOUT, TOKENS, customerApi, shot, signInAt, useDeskBrowser, watchForErrors } from '../support/desk-browser.js';

describe('#14.5: the console shows that a customer has had no answer', () => {
  const desk = useDeskBrowser();

  it('tells the owner and a supervisor, live, what balie promised the customer', { timeout: 60_000 }, async () => {
    const balie = desk.balie();
    const context = await desk.browser().newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const sanne = await context.newPage();
    const fatima = await context
      .browser()!
      .newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 800 } })
      .then((c) => c.newPage());
    for (const page of [sanne, fatima]) page.setDefaultTimeout(TIMEOUT);
    const errors = [...watchForErrors(sanne), ...watchForErrors(fatima)];
    await signInAt(sanne, balie.url, TOKENS.sanne);
    await signInAt(fatima, balie.url, TOKENS.fatima);
    await sanne.getByRole('radio', { name: 'Online' }).check();

    const customer = await customerApi(balie.url, 'Lotte Bakker');
    await customer.say('I would like to talk to a person');
    await sanne
      .getByRole('navigation', { name: 'Chats' })
      .getByRole('button', { name: /^Accept the chat with Lotte Bakker$/ })
      .click();
    await sanne.getByRole('textbox', { name: /^Reply to/ }).waitFor();
    await customer.say('Where is my parcel?');

    // Not ten minutes of waiting in a test: the stretch's own timer is made due now, and the
    // polling of a running balie takes it, as it would after the configured time.
    const service = balie.app.handoff!.service;
    let stretch;
    while (!(stretch = await service.unansweredIn(customer.key))) await new Promise((r) => setTimeout(r, 50));
    await service.store.schedule({ kind: 'unanswered', key: customer.key, version: stretch.since, at: stretch.since });

    const mine = sanne.locator('.toast').filter({ hasText: /no answer/ });
    await mine.waitFor();
    expect(await mine.textContent()).toMatch(/^Lotte Bakker has had no answer for 1 min\. They were promised an answer from you by .*\d\d:\d\d( [AP]M)?\.$/);
    const theirs = fatima.locator('.toast').filter({ hasText: /geen antwoord van Sanne/ });
    await theirs.waitFor();
    expect(await theirs.textContent()).toMatch(/^Lotte Bakker heeft al 1 min geen antwoord van Sanne\. Beloofd is uiterlijk .*\d\d:\d\d\.$/);
    // What balie told the customer in her name is in the transcript she has open.
    await sanne.getByText(/^Sanne has your message and will answer/).waitFor();
    await shot(sanne, 'desk-unanswered-owner');
    await shot(fatima, 'desk-unanswered-supervisor');
    const unanswered = async () => (await (await fetch(`${balie.url}/metrics`)).text()).split('\n').filter((l) => l.startsWith('balie_unanswered_messages{'));
    expect(await unanswered()).toEqual(['balie_unanswered_messages{state="waiting"} 0', 'balie_unanswered_messages{state="promised"} 1']);

    // Sanne answers from the console: nothing is left unanswered.
    await sanne.getByRole('textbox', { name: /^Reply to/ }).fill('Hi Lotte, let me look.');
    await sanne.keyboard.press('Enter');
    await sanne.getByText('Hi Lotte, let me look.').first().waitFor();
    while ((await unanswered())[1] !== 'balie_unanswered_messages{state="promised"} 0') await new Promise((r) => setTimeout(r, 50));
    expect(await unanswered()).toEqual(['balie_unanswered_messages{state="waiting"} 0', 'balie_unanswered_messages{state="promised"} 0']);
    expect(errors).toEqual([]);
    await fatima.context().close();
    await context.close();
  });
});
