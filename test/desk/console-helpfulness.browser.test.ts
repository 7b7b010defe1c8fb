import { describe, expect, it } from 'vitest';
import { TIMEOUT, TOKENS, shot, signInAt, useDeskBrowser, watchForErrors } from '../support/desk-browser.js';

describe('#14.4: how helpful each FAQ answer was, in the console', () => {
  const desk = useDeskBrowser();

  it('lists the entries customers answered "Did this help?" about, the least helpful first, in the inbox dialog', { timeout: 60_000 }, async () => {
    const balie = desk.balie();
    const { helpfulness } = balie.app.listening;
    for (const helpful of [true, true, true, false]) await helpfulness.record('opening-hours', helpful);
    for (const helpful of [false, false, true]) await helpfulness.record('shipping-costs', helpful);
    await helpfulness.record('returns', true);

    const context = await desk.browser().newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = watchForErrors(page);
    await signInAt(page, balie.url, TOKENS.fatima);
    await page.getByRole('button', { name: 'Unanswered' }).click();
    const dialog = page.getByRole('dialog', { name: "Questions the bot couldn't answer" });
    const section = dialog.getByRole('region', { name: 'Helpfulness of the FAQ answers' });
    await section.waitFor();
    const rows = await section.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent?.trim())));
    expect(rows).toEqual([
      ['How much is shipping? (shipping-costs)', '1', '2', '33%'],
      ['What are your opening hours? (opening-hours)', '3', '1', '75%'],
      [expect.stringContaining('(returns)'), '1', '0', '100%'],
    ]);
    await shot(page, 'desk-helpfulness');
    expect(errors).toEqual([]);
    await context.close();
  });
});
