// The desk's browser tests (issue #15 and after): a Chromium, a fresh balie per test, and quick ways
// to set a scene over HTTP (agents and web-chat customers), so the browser is used for what is tested.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startTestBalie } from './app.js';
import { deskClient } from './desk-client.js';

// Debian's Chromium, driven by playwright-core (no downloaded browsers).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
export const TIMEOUT = 15_000;
export const TOKENS = { sanne: 'desk-i15-token-for-sanne-0123456789', bram: 'desk-i15-token-for-bram-0123456789', fatima: 'desk-i15-token-for-fatima-012345678' };

type Balie = Awaited<ReturnType<typeof startTestBalie>>;

/** Chromium for the file, and a balie per test: each starts with an empty queue and everyone offline. */
export function useDeskBrowser(): { browser(): Browser; balie(): Balie } {
  let balie: Balie | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with "apt-get install -y chromium" or set CHROMIUM_PATH.`);
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  beforeEach(async () => {
    balie = await startTestBalie({
      env: {
        BALIE_AGENT_TOKENS: Object.entries(TOKENS)
          .map(([id, t]) => `${id}=${t}`)
          .join(','),
      },
    });
  });
  afterEach(async () => {
    await balie?.stop();
    balie = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return { browser: () => browser!, balie: () => balie! };
}

/** Fails the page on script errors and on anything the Content-Security-Policy blocked. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // The console asks /api/desk/me before anyone signed in: that 401 is how it knows to show the sign-in.
    if (/status of 401/.test(msg.text())) return;
    // A chat that closes while the console loads it (an offer the customer withdrew) answers 404,
    // and the console shows it as gone: a race the console handles, not an error on the page.
    const from = msg.location().url;
    if (/status of 404/.test(msg.text()) && /\/api\/desk\/chats\//.test(from)) return;
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) errors.push(`console: ${msg.text()}${from ? ` (${from})` : ''}`);
  });
  return errors;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), animations: 'disabled' });

export interface OfferSeen {
  key: string;
  deadline: number;
  offeredAt?: number;
}

/** An agent on the HTTP API. */
export function agentApi(url: string) {
  const { call, signIn } = deskClient(url);
  return {
    call,
    signIn,
    async presence(presence: 'online' | 'away' | 'offline') {
      expect((await call('PUT', '/presence', { presence })).status).toBe(200);
    },
    /** Waits until the chat is offered to this agent. */
    async offerFor(key: string): Promise<OfferSeen> {
      let found: OfferSeen | undefined;
      await expect
        .poll(
          async () => {
            found = ((await call('GET', '/chats')).body?.offers ?? []).find((o: OfferSeen) => o.key === key);
            return Boolean(found);
          },
          { timeout: TIMEOUT },
        )
        .toBe(true);
      return found!;
    },
    async accept(key: string) {
      expect((await call('POST', `/chats/${encodeURIComponent(key)}/accept`, {})).status).toBe(200);
    },
  };
}

/** A web-chat customer on the HTTP API, with a name. */
export async function customerApi(url: string, name: string) {
  const started = (await (await fetch(`${url}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    conversationId: string;
    token: string;
  };
  let n = 0;
  return {
    key: `webchat:${started.conversationId}`,
    async say(text: string) {
      const res = await fetch(`${url}/api/webchat/conversations/${started.conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
        body: JSON.stringify({ clientMessageId: `desk-${name.replace(/\W/g, '')}-${String(++n).padStart(4, '0')}`, text, name }),
      });
      expect(res.status).toBe(202);
    },
  };
}

/** Signs in on /desk with the keyboard and waits for the console. */
export async function signInAt(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/desk`);
  await page.locator('#token').fill(token);
  await page.keyboard.press('Enter');
  await page.locator('input[name="presence"]').first().waitFor();
}
