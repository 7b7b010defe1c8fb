import { describe, expect, it } from 'vitest';
import { TIMEOUT, TOKENS, customerApi, shot, signInAt, useDeskBrowser, watchForErrors } from '../support/desk-browser.js';

describe('the console tells anonymous web chat customers apart (issue #15, defect 10)', () => {
  const desk = useDeskBrowser();

  it('names each waiting customer by the first words of their first question, at 1280 and 360 px', { timeout: 90_000 }, async () => {
    const url = desk.balie().url;
    // The web chat calls everyone who gave no name "Customer".
    const bikes = await customerApi(url, 'Customer');
    await bikes.say('Do you repair e-bikes from other shops as well?');
    await bikes.say('I want to talk to a person');
    const order = await customerApi(url, 'Customer');
    await order.say('Do you ship to Belgium?');
    await order.say('I want to talk to a person');

    for (const width of [1280, 360]) {
      const context = await desk.browser().newContext({ locale: 'en-GB', viewport: { width, height: 800 }, ...(width < 600 ? { isMobile: true, hasTouch: true } : {}) });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const errors = watchForErrors(page);
      await signInAt(page, url, TOKENS.sanne);
      const names = page.locator('.queue-row__name');
      await expect.poll(() => names.allTextContents(), { timeout: TIMEOUT }).toEqual(['“Do you repair e-bikes from other…”', '“Do you ship to Belgium”']);
      await shot(page, `desk-customer-names-${width}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
