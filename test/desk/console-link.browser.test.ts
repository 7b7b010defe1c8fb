import { describe, expect, it } from 'vitest';
import { TIMEOUT, TOKENS, agentApi, customerApi, shot, signInAt, useDeskBrowser, watchForErrors } from '../support/desk-browser.js';

describe('linking customers in the console (issue #15, defect 5)', () => {
  const desk = useDeskBrowser();

  it('a supervisor links the customer of a chat to another from the context panel, and unlinks them; an agent has no such control', { timeout: 120_000 }, async () => {
    const url = desk.balie().url;
    const bram = agentApi(url);
    await bram.signIn(TOKENS.bram);
    await bram.presence('online');
    const anna = await customerApi(url, 'Anna Bakker');
    await anna.say('ik wil een medewerker spreken');
    await bram.offerFor(anna.key);
    await bram.accept(anna.key);
    await bram.presence('away');
    const other = await customerApi(url, 'Anna B');
    await other.say('ik wil een medewerker spreken');
    const otherUser = `webchat-user-${other.key.split(':')[1]}`;

    const context = await desk.browser().newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = watchForErrors(page);
    await signInAt(page, url, TOKENS.fatima);
    await page
      .getByRole('navigation', { name: 'Chats' })
      .getByRole('region', { name: /Colleagues' chats/ })
      .getByRole('button', { name: /Anna Bakker/ })
      .click();
    const identities = page.getByRole('list').filter({ has: page.getByText('Only this one.') });
    await identities.waitFor();
    const field = page.getByRole('combobox', { name: 'Same person as' });
    // The recent customers to pick from: the other waiting chat, not this one.
    await expect.poll(() => page.locator('#link-options option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([other.key]);
    await field.fill('not a key');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/Pick a customer or type a key/)
      .waitFor();
    await field.fill(other.key);
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    const linked = page.locator('#identities').getByText(otherUser);
    await linked.waitFor();
    await shot(page, 'desk-link-customers-1280');

    // Bram, a plain agent, sees the link but has no control to change it.
    const bramPage = await (await desk.browser().newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })).newPage();
    bramPage.setDefaultTimeout(TIMEOUT);
    await signInAt(bramPage, url, TOKENS.bram);
    await bramPage
      .getByRole('navigation', { name: 'Chats' })
      .getByRole('button', { name: /Anna Bakker/ })
      .first()
      .click();
    await bramPage.locator('#identities').getByText(otherUser).waitFor();
    expect(await bramPage.getByRole('combobox', { name: 'Same person as' }).isVisible()).toBe(false);
    expect(await bramPage.getByRole('button', { name: /^Unlink/ }).count()).toBe(0);
    await bramPage.context().close();

    await page.getByRole('button', { name: `Unlink webchat:${otherUser}` }).click();
    await page.locator('#identities').getByText('Only this one.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
