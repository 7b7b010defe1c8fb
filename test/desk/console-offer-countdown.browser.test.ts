import { describe, expect, it } from 'vitest';
import { TIMEOUT, TOKENS, agentApi, customerApi, shot, signInAt, useDeskBrowser, watchForErrors } from '../support/desk-browser.js';

const OFFER_TIMEOUT_MS = 60_000; // config/balie.yaml: handoff.offerTimeoutSeconds

describe('the offer countdown (issue #15, defect 8)', () => {
  const desk = useDeskBrowser();

  it("runs from the server's offer time, not from when the console first saw it; the header is not red at the start", { timeout: 90_000 }, async () => {
    const url = desk.balie().url;
    const sanne = agentApi(url);
    await sanne.signIn(TOKENS.sanne);
    await sanne.presence('online');
    const customer = await customerApi(url, 'Fleur Jong');
    await customer.say('ik wil een medewerker spreken');
    const offer = await sanne.offerFor(customer.key);
    // The console sees the offer only 6 seconds after it was made.
    await new Promise((r) => setTimeout(r, 6000));

    const context = await desk.browser().newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = watchForErrors(page);
    await signInAt(page, url, TOKENS.sanne);
    await page.locator(`.offer[data-key="${customer.key}"] .offer__timer`).waitFor();
    // With nothing else on screen the offered chat opens as a preview, with the countdown in its header.
    await page.waitForFunction(() => (document.querySelector('#chat-countdown')?.textContent ?? '') !== '');
    const seen = await page.evaluate((key) => {
      const fill = document.querySelector<HTMLElement>(`.offer[data-key="${key}"] .offer__fill`)!;
      const probe = document.createElement('span');
      probe.style.color = 'var(--danger)';
      document.body.append(probe);
      const danger = getComputedStyle(probe).color;
      probe.remove();
      const header = document.querySelector<HTMLElement>('#chat-countdown')!;
      return { left: Number(fill.style.getPropertyValue('--left')), headerColor: getComputedStyle(header).color, danger, headerText: header.textContent };
    }, customer.key);
    const expected = (offer.deadline - Date.now()) / OFFER_TIMEOUT_MS;
    expect(seen.left).toBeLessThan(0.95);
    expect(Math.abs(seen.left - expected)).toBeLessThan(0.05);
    expect(seen.headerText).toMatch(/^nog \d+ s$/);
    expect(seen.headerColor).not.toBe(seen.danger);
    await shot(page, 'desk-offer-countdown');
    // The API says when the offer was made, so any client can draw the whole countdown.
    expect(offer.offeredAt).toBe(offer.deadline - OFFER_TIMEOUT_MS);
    expect(errors).toEqual([]);
    await context.close();
  });
});
