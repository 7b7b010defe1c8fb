import { describe, expect, it } from 'vitest';
import { TIMEOUT, TOKENS, agentApi, customerApi, shot, signInAt, useDeskBrowser, watchForErrors } from '../support/desk-browser.js';

describe('a supervisor in the console (issue #15, defect 1)', () => {
  const desk = useDeskBrowser();

  it("sees her colleagues' chats with their names, at 1280 and 360 px, and can read them", { timeout: 120_000 }, async () => {
    const url = desk.balie().url;
    // Bram holds two chats; a third is offered to Sanne.
    const bram = agentApi(url);
    const sanne = agentApi(url);
    await bram.signIn(TOKENS.bram);
    await sanne.signIn(TOKENS.sanne);
    await bram.presence('online');
    const first = await customerApi(url, 'Anna Bakker');
    const second = await customerApi(url, 'Ben Smit');
    await first.say('ik wil een medewerker spreken');
    await bram.offerFor(first.key);
    await bram.accept(first.key);
    await second.say('ik wil een medewerker spreken');
    await bram.offerFor(second.key);
    await bram.accept(second.key);
    await bram.presence('away');
    await sanne.presence('online');
    const third = await customerApi(url, 'Cor de Wit');
    await third.say('ik wil een medewerker spreken');
    await sanne.offerFor(third.key);

    for (const [width, height] of [
      [1280, 800],
      [360, 740],
    ] as const) {
      const context = await desk
        .browser()
        .newContext({ locale: 'en-GB', viewport: { width, height }, ...(width < 400 ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}) });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const errors = watchForErrors(page);
      await signInAt(page, url, TOKENS.fatima);
      const team = page.getByRole('navigation', { name: 'Chats' }).getByRole('region', { name: /Colleagues' chats/ });
      await team.waitFor();
      await expect.poll(() => team.getByRole('button').count()).toBe(3);
      await team
        .getByRole('button', { name: /Anna Bakker/ })
        .getByText('with Bram Jansen')
        .waitFor();
      await team
        .getByRole('button', { name: /Ben Smit/ })
        .getByText('with Bram Jansen')
        .waitFor();
      await team
        .getByRole('button', { name: /Cor de Wit/ })
        .getByText('offered to Sanne de Vries')
        .waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, `desk-supervisor-list-${width}`);

      // Opening one shows the whole conversation, read only: only Bram writes to his customer.
      await team.getByRole('button', { name: /Anna Bakker/ }).click();
      const log = page.getByRole('log', { name: /Conversation with Anna Bakker/ });
      await log.getByText('ik wil een medewerker spreken').waitFor();
      await page.getByText(/This chat is with Bram Jansen/).waitFor();
      expect(await page.getByRole('textbox', { name: /^Reply to/ }).isVisible()).toBe(false);
      await shot(page, `desk-supervisor-chat-${width}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
