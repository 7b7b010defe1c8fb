import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBalie } from '../../support/app.js';

// Debian's Chromium, driven by playwright-core (no downloaded browsers).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts');
const TIMEOUT = 15_000;

type Balie = Awaited<ReturnType<typeof startTestBalie>>;

/** Fails the page on script errors and on anything the Content-Security-Policy blocked. */
function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

const messages = (page: Page, role: 'customer' | 'bot' | 'agent') => page.locator(`[data-testid="message"][data-role="${role}"]`);

describe('web chat page in a real browser', () => {
  let balie: Balie | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}; the web chat browser test needs it. ` +
          'Install it with "apt-get update && apt-get install -y chromium" (or point CHROMIUM_PATH at a Chromium binary).',
      );
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    balie = await startTestBalie();
  });

  afterAll(async () => {
    await browser?.close();
    await balie?.stop();
  });

  it('answers a question, keeps the history across a reload, and works at 320px', { timeout: 60_000 }, async () => {
    const context: BrowserContext = await browser!.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = watchForErrors(page);
    await page.goto(balie!.url);

    const title = (await page.locator('h1').textContent())?.trim();
    expect(title).toBeTruthy();
    expect(await page.getByTestId('input').getAttribute('placeholder')).toBe('Type a message…');
    // The accent colour reached the page through the meta tag (no inline styles under the CSP).
    const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
    expect(accent).toBe(await page.locator('meta[name="balie-accent"]').getAttribute('content'));

    const input = page.getByTestId('input');
    await input.fill('how much is shipping');
    await input.press('Enter');
    expect(await input.inputValue()).toBe('');

    const answer = messages(page, 'bot')
      .filter({ hasText: /€|shipping/i })
      .first();
    await answer.waitFor({ timeout: TIMEOUT });
    expect(await answer.getByTestId('author').textContent()).toBe(title);

    // The customer's own message is shown once: the pending bubble became the echoed entry.
    await messages(page, 'customer').and(page.locator('[data-entry-id]')).first().waitFor({ timeout: TIMEOUT });
    expect(await messages(page, 'customer').allTextContents()).toEqual([expect.stringContaining('how much is shipping')]);
    const customerBox = await messages(page, 'customer').first().locator('.msg__bubble').boundingBox();
    const botBox = await answer.locator('.msg__bubble').boundingBox();
    expect(customerBox!.x).toBeGreaterThan(botBox!.x); // right-aligned

    // Something the bot cannot answer: it offers a person, with buttons.
    await input.fill('Can you knit me a purple sweater for my llama?');
    await page.getByTestId('send').click();
    const actions = page.getByTestId('suggested-action');
    await actions.first().waitFor({ timeout: TIMEOUT });
    const titles = await actions.allTextContents();
    expect(titles.length).toBeGreaterThanOrEqual(2);
    await page.waitForFunction(() => !document.querySelector('[data-testid="message"][data-status]'), undefined, { timeout: TIMEOUT });
    await page.screenshot({ path: resolve(ARTIFACTS, 'webchat.png'), animations: 'disabled' });

    const decline = actions.nth(titles.length - 1);
    const declineTitle = titles[titles.length - 1]!;
    await decline.click();
    // Pressed once: every button of the group is disabled (or already gone with the answer).
    expect(await page.$$eval('[data-testid="suggested-action"]', (buttons) => buttons.every((b) => (b as HTMLButtonElement).disabled))).toBe(true);
    // The customer sees what they pressed (the button's title, not its internal value).
    await messages(page, 'customer').filter({ hasText: declineTitle }).first().waitFor({ timeout: TIMEOUT });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="message"][data-role="bot"]').length >= 3, undefined, { timeout: TIMEOUT });
    expect(await page.getByTestId('suggested-action').count()).toBe(0);
    const customerCount = await messages(page, 'customer').count();
    const botCount = await messages(page, 'bot').count();

    // A reload continues the same conversation.
    await page.reload();
    await answer.waitFor({ timeout: TIMEOUT });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="message"][data-role="bot"]').length >= n, botCount, { timeout: TIMEOUT });
    expect(await messages(page, 'customer').count()).toBe(customerCount);
    expect(await messages(page, 'bot').count()).toBe(botCount);
    expect((await messages(page, 'customer').first().textContent()) ?? '').toContain('how much is shipping');

    // The same conversation on a 320px-wide phone.
    const phone = await browser!.newContext({
      locale: 'en-US',
      viewport: { width: 320, height: 640 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      storageState: await context.storageState(),
    });
    const mobile = await phone.newPage();
    mobile.setDefaultTimeout(TIMEOUT);
    errors.push(...watchForErrors(mobile));
    await mobile.goto(balie!.url);
    await messages(mobile, 'bot')
      .filter({ hasText: /€|shipping/i })
      .first()
      .waitFor({ timeout: TIMEOUT });
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await mobile.screenshot({ path: resolve(ARTIFACTS, 'webchat-mobile.png'), animations: 'disabled' });

    expect(errors).toEqual([]);
    await phone.close();
    await context.close();
  });

  it('starts a fresh conversation when the saved token is refused', { timeout: 30_000 }, async () => {
    const context = await browser!.newContext({ locale: 'en-GB' });
    await context.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('balie.webchat.v1', JSON.stringify({ conversationId: 'abcdef0123456789', token: 'not-a-valid-token' }));
      }
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(balie!.url);
    await page.waitForFunction(() => !JSON.parse(localStorage.getItem('balie.webchat.v1') ?? '{}').token?.startsWith('not-a-valid'));
    await page.getByTestId('input').fill('how much is shipping');
    await page.getByTestId('send').click();
    await messages(page, 'bot')
      .filter({ hasText: /€|shipping/i })
      .first()
      .waitFor();
    await context.close();
  });

  it('speaks Dutch to a Dutch browser', { timeout: 30_000 }, async () => {
    const context = await browser!.newContext({ locale: 'nl-NL' });
    const page = await context.newPage();
    await page.goto(balie!.url);
    await page.getByTestId('input').waitFor();
    expect(await page.getByTestId('input').getAttribute('placeholder')).toBe('Typ een bericht…');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await context.close();
  });
});
