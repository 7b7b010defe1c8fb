import { describe, expect, it } from 'vitest';
import { TIMEOUT, TOKENS, agentApi, shot, useDeskBrowser, watchForErrors } from '../../support/desk-browser.js';

describe('the web chat header shows who has the chat (issue #15, defect 11)', () => {
  const desk = useDeskBrowser();

  for (const width of [1280, 360]) {
    it(`shows the person while they own the chat, also after a reload, and the shop again after hand-back (${width} px)`, { timeout: 60_000 }, async () => {
      const url = desk.balie().url;
      const sanne = agentApi(url);
      await sanne.signIn(TOKENS.sanne);
      await sanne.presence('online');

      const context = await desk.browser().newContext({ locale: 'en-GB', viewport: { width, height: 740 }, ...(width < 600 ? { isMobile: true, hasTouch: true } : {}) });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const errors = watchForErrors(page);
      await page.goto(url);
      const title = page.locator('#chat-title');
      const owner = page.getByTestId('chat-owner');
      const shop = (await title.textContent())!.trim();
      expect(shop).toBe('Tulp & Co');
      await page.getByTestId('input').fill('I want to talk to a person');
      await page.getByTestId('input').press('Enter');

      const conversationId = await expect
        .poll(() => page.evaluate(() => (JSON.parse(localStorage.getItem('balie.webchat.v1') ?? '{}') as { conversationId?: string }).conversationId), { timeout: TIMEOUT })
        .toBeTruthy()
        .then(() => page.evaluate(() => (JSON.parse(localStorage.getItem('balie.webchat.v1')!) as { conversationId: string }).conversationId));
      const key = `webchat:${conversationId}`;
      await sanne.offerFor(key);
      await sanne.accept(key);

      await expect.poll(() => title.textContent(), { timeout: TIMEOUT }).toBe('Sanne');
      expect(await owner.textContent()).toBe('from Tulp & Co');
      expect(await owner.isVisible()).toBe(true);
      expect(await page.locator('.chat__subtitle-long, .chat__subtitle-short').evaluateAll((els) => els.filter((el) => (el as HTMLElement).offsetParent !== null).length)).toBe(0);
      const avatar = page.locator('#header-avatar');
      expect(await avatar.getAttribute('class')).toContain('avatar--person');
      // Her picture from agents.yaml, loaded under the page's strict CSP.
      const picture = avatar.locator('img');
      expect(await picture.getAttribute('src')).toBe('/desk/avatars/sanne.svg');
      await expect.poll(() => picture.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), { timeout: TIMEOUT }).toBe(true);
      const box = (await page.locator('.chat__header').boundingBox())!;
      expect(box.x + box.width, `header fits at ${width}px`).toBeLessThanOrEqual(width);
      await shot(page, `webchat-header-owner-${width}`);

      // The "You are now talking to Sanne" line may be long gone: a reload still shows her.
      await page.reload();
      await expect.poll(() => title.textContent(), { timeout: TIMEOUT }).toBe('Sanne');

      expect((await sanne.call('POST', `/chats/${encodeURIComponent(key)}/hand-back`, {})).status).toBe(204);
      await expect.poll(() => title.textContent(), { timeout: TIMEOUT }).toBe('Tulp & Co');
      expect(await owner.isVisible()).toBe(false);
      expect(await avatar.getAttribute('class')).toContain('avatar--bot');
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
