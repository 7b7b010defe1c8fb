import { describe, expect, it } from 'vitest';
import { TIMEOUT, TOKENS, customerApi, shot, signInAt, useDeskBrowser, watchForErrors } from '../support/desk-browser.js';

describe("the console's notices (issue #15, defect 7)", () => {
  const desk = useDeskBrowser();

  it('tells a withdrawn offer in Dutch, the reason translated too', { timeout: 60_000 }, async () => {
    const url = desk.balie().url;
    const context = await desk.browser().newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = watchForErrors(page);
    await signInAt(page, url, TOKENS.sanne);
    await page.getByRole('radio', { name: 'Online' }).check();

    const leaving = await customerApi(url, 'Dirk Visser');
    await leaving.say('ik wil een medewerker spreken');
    await page
      .getByRole('navigation', { name: 'Chats' })
      .getByRole('button', { name: /^Neem de chat met Dirk Visser aan$/ })
      .waitFor();
    await leaving.say('laat maar');
    const toast = page.locator('.toast').filter({ hasText: /ingetrokken/ });
    await toast.waitFor();
    expect(await toast.textContent()).toBe('Het aanbod voor Dirk Visser is ingetrokken: de klant heeft het zelf afgezegd.');
    await shot(page, 'desk-withdrawn-nl');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows one toast for one resolve, even when the live event comes before the answer', { timeout: 60_000 }, async () => {
    const url = desk.balie().url;
    const context = await desk.browser().newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = watchForErrors(page);
    await signInAt(page, url, TOKENS.sanne);
    await page.getByRole('radio', { name: 'Online' }).check();
    const staying = await customerApi(url, 'Eva Mulder');
    await staying.say('ik wil een medewerker spreken');
    await page
      .getByRole('navigation', { name: 'Chats' })
      .getByRole('button', { name: /^Neem de chat met Eva Mulder aan$/ })
      .click();
    await page.getByRole('textbox', { name: /^Antwoord aan/ }).waitFor();
    // A slow network: the live event that the chat closed arrives before the answer to the resolve.
    await page.route('**/api/desk/chats/*/resolve', async (route) => {
      const response = await route.fetch();
      await new Promise((r) => setTimeout(r, 700));
      await route.fulfill({ response });
    });
    await page.getByRole('button', { name: 'Afronden', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Afronden' }).click();
    await page.locator('.toast').first().waitFor();
    await page.waitForTimeout(1500);
    expect(await page.locator('.toast').allTextContents()).toEqual(['De chat met Eva Mulder is afgerond.']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
