import { describe, expect, it } from 'vitest';
import { TIMEOUT, shot, useDeskBrowser, watchForErrors } from '../support/desk-browser.js';

describe('the desk sign-in on a narrow screen (issue #15, defect 6)', () => {
  const desk = useDeskBrowser();

  it('fits at 360 and 390 px: no sideways scrolling, the fields fully visible', { timeout: 60_000 }, async () => {
    for (const width of [360, 390]) {
      const context = await desk.browser().newContext({ locale: 'nl-NL', viewport: { width, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const errors = watchForErrors(page);
      await page.goto(`${desk.balie().url}/desk`);
      await page.getByRole('heading', { name: 'Aanmelden bij de desk' }).waitFor();
      const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(size.scroll, `page width at ${width}px`).toBeLessThanOrEqual(size.viewport);
      for (const field of [page.locator('#token'), page.locator('#signin-button'), page.locator('#signin-lang')]) {
        const box = (await field.boundingBox())!;
        expect(box.x, `left edge at ${width}px`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `right edge at ${width}px`).toBeLessThanOrEqual(width);
      }
      await shot(page, `desk-sign-in-${width}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
