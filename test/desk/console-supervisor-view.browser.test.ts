import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { createRedisStores } from '../../src/core/stores.js';
import type { RunningBalie } from '../../src/main.js';
import { startTestBalie } from '../support/app.js';
import { TIMEOUT, TOKENS, agentApi, shot, signInAt, watchForErrors } from '../support/desk-browser.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

// Issue #15, the supervisor view: Fatima (supervisor) sees Bram's chat, a customer waiting for Bram,
// Bram's load and the satisfaction of three rated chats; the figures are in Redis, so a new balie on
// the same Redis shows them again.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ENV = {
  BALIE_AGENT_TOKENS: Object.entries(TOKENS)
    .map(([id, t]) => `${id}=${t}`)
    .join(','),
};

let browser: Browser | undefined;
const running: RunningBalie[] = [];
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with "apt-get install -y chromium" or set CHROMIUM_PATH.`);
  mkdirSync(resolve(import.meta.dirname, '../../test-artifacts'), { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
});
afterAll(async () => {
  await browser?.close();
});

async function balie(prefix: string): Promise<RunningBalie> {
  const stores = await createRedisStores({ url: testRedisUrl(), prefix, logger: createLogger({ level: 'silent' }) });
  const b = await startTestBalie({ env: ENV, stores });
  running.push(b);
  return b;
}

/** A web chat customer who types and presses buttons. */
async function customer(url: string, name: string) {
  const started = (await (await fetch(`${url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    conversationId: string;
    token: string;
  };
  let n = 0;
  const post = async (body: Record<string, string>) => {
    const res = await fetch(`${url}/api/webchat/conversations/${started.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
      body: JSON.stringify({ clientMessageId: `sv-${name.replace(/\W/g, '')}-${String(++n).padStart(4, '0')}`, name, ...body }),
    });
    expect(res.status).toBe(202);
  };
  const heard = async () =>
    JSON.stringify(
      (
        (await (await fetch(`${url}/api/webchat/conversations/${started.conversationId}/messages`, { headers: { authorization: `Bearer ${started.token}` } })).json()) as {
          messages: unknown[];
        }
      ).messages,
    );
  return {
    key: `webchat:${started.conversationId}`,
    say: (text: string) => post({ text }),
    /** Presses a button once the bot offered it. */
    async press(value: string) {
      await expect.poll(heard, { timeout: TIMEOUT }).toContain(value);
      await post({ value });
    },
  };
}

async function openOverview(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Team overview' }).click();
  await page.getByRole('heading', { name: 'Team overview', level: 1 }).waitFor();
}

/** What the view must show; asserted before and after the restart. */
async function expectFigures(page: Page): Promise<void> {
  const queue = page.getByRole('region', { name: /Waiting now/ }).getByRole('row', { name: /Carla Dekker/ });
  await queue.getByText('waits for Bram Jansen').waitFor();
  const bram = page.getByRole('region', { name: 'Agents' }).getByRole('row', { name: /Bram Jansen/ });
  await bram.getByText('1 of 4 chats').waitFor();
  await bram.getByRole('button', { name: 'Open the chat with Dora Visser' }).waitFor();
  // The chart is an image whose name spells out its numbers: three ratings, 5, 4 and 3 stars.
  await page.getByRole('img', { name: /Ratings in the last 7 days, average 4(\.0)? of 3: 5 stars: 1, 4 stars: 1, 3 stars: 1, 2 stars: 0, 1 star: 0/ }).waitFor();
  await page.getByRole('img', { name: /Handoffs per day, last 7 days: .*: 5 \(0 left while waiting\)\.$/ }).waitFor();
}

it("shows a supervisor the queue, the agents' load and chats and the week's figures, kept in Redis across a restart", { timeout: 180_000 }, async () => {
  const prefix = uniquePrefix('sv');
  const one = await balie(prefix);
  const bram = agentApi(one.url);
  await bram.signIn(TOKENS.bram);
  await bram.presence('online');

  // Three chats Bram helps, resolves, and their customers rate 5, 4 and 3.
  const rated = [await customer(one.url, 'Anna Bakker'), await customer(one.url, 'Ben Smit'), await customer(one.url, 'Carla Dekker')];
  for (const [i, c] of rated.entries()) {
    await c.say('ik wil een medewerker spreken');
    await bram.offerFor(c.key);
    await bram.accept(c.key);
    expect((await bram.call('POST', `/chats/${encodeURIComponent(c.key)}/resolve`, {})).status).toBe(204);
    await c.press(`balie:rating:${5 - i}`);
  }
  // Dora's chat Bram keeps; then he is away, and Carla, back, chooses to wait for him.
  const dora = await customer(one.url, 'Dora Visser');
  await dora.say('ik wil een medewerker spreken');
  await bram.offerFor(dora.key);
  await bram.accept(dora.key);
  await bram.presence('away');
  const carla = rated[2]!;
  await carla.say('ik wil een medewerker spreken');
  await carla.press('balie:wait-for:bram');

  for (const [width, height] of [
    [1280, 900],
    [360, 740],
  ] as const) {
    const context = await browser!.newContext({ locale: 'en-GB', viewport: { width, height }, ...(width < 400 ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}) });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = watchForErrors(page);
    await signInAt(page, one.url, TOKENS.fatima);
    await openOverview(page);
    await expectFigures(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, `desk-supervisor-view-${width}`);
    // The view scrolls inside the console: a tall window shows all of it in one picture.
    await page.setViewportSize({ width, height: 2800 });
    await shot(page, `desk-supervisor-view-whole-${width}`);
    await page.setViewportSize({ width, height });
    await page.getByRole('region', { name: /Waiting now/ }).scrollIntoViewIfNeeded();
    await shot(page, `desk-supervisor-view-live-${width}`);
    await page.getByRole('region', { name: /Figures/ }).scrollIntoViewIfNeeded();
    await shot(page, `desk-supervisor-view-figures-${width}`);

    // Bram's chat opens in the console's chat pane, where the supervisor reads along.
    await page.getByRole('button', { name: 'Open the chat with Dora Visser' }).click();
    await page
      .getByRole('log', { name: /Conversation with Dora Visser/ })
      .getByText('ik wil een medewerker spreken')
      .waitFor();
    await page.getByText(/This chat is with Bram Jansen/).waitFor();
    await shot(page, `desk-supervisor-view-open-chat-${width}`);
    expect(errors).toEqual([]);
    await context.close();
  }

  // The Dutch view names the same things in Dutch.
  const nl = await browser!.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  const nlPage = await nl.newPage();
  nlPage.setDefaultTimeout(TIMEOUT);
  await signInAt(nlPage, one.url, TOKENS.fatima);
  await nlPage.getByRole('button', { name: 'Teamoverzicht' }).click();
  await nlPage
    .getByRole('row', { name: /Carla Dekker/ })
    .getByText('wacht op Bram Jansen')
    .waitFor();
  await nlPage.getByRole('img', { name: /Beoordelingen in de laatste 7 dagen/ }).waitFor();
  await shot(nlPage, 'desk-supervisor-view-nl-1280');
  await nl.close();

  // Every process stops; a new one on the same Redis shows the same figures.
  for (const b of running.splice(0)) await b.stop();
  const two = await balie(prefix);
  const context = await browser!.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = watchForErrors(page);
  await signInAt(page, two.url, TOKENS.fatima);
  await openOverview(page);
  await expectFigures(page);
  await shot(page, 'desk-supervisor-view-after-restart-1280');
  expect(errors).toEqual([]);
  await context.close();
});
