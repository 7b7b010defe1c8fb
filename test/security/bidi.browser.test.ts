import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBalie } from '../support/app.js';

/*
 * A right-to-left override (U+202E) in someone else's text, read in a real browser. The agent
 * sends the customer a link labelled "factuur\u202Efdp.exe", which an unprotected page shows as
 * "factuurexe.pdf"; the customer's name and words carry overrides that would reverse what the
 * agent reads in the desk. What is checked is what the screen shows: the characters in the order
 * they are laid out, left to right.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SANNE_TOKEN = 'bidi-test-token-for-sanne-0123456789';
const RLO = '\u202E';
const AGENT_REPLY = `Hier is je factuur: [factuur${RLO}fdp.exe](https://files.example.com/docs/factuur${RLO}fdp.exe)`;
const CUSTOMER_TEXT = `Mijn factuur${RLO}fdp.exe klopt niet`;

type Balie = Awaited<ReturnType<typeof startTestBalie>>;

/**
 * The visible characters of an element as laid out on screen: each one's box, grouped into lines
 * top to bottom, read left to right. Whitespace and zero-width characters are left out. Built
 * from a string, so the page runs it as written (no helpers the test build adds).
 */
const LAID_OUT = new Function(
  'root',
  `const chars = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    for (let i = 0; i < text.length; ) {
      const size = text.codePointAt(i) > 0xffff ? 2 : 1;
      const ch = text.slice(i, i + size);
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + size);
      const box = [...range.getClientRects()].find((r) => r.width > 0);
      if (box && !/\\s/.test(ch)) chars.push({ ch, x: box.left, y: box.top + box.height / 2, h: box.height });
      i += size;
    }
  }
  const lines = [];
  for (const c of chars.sort((a, b) => a.y - b.y)) {
    const line = lines.find((l) => Math.abs(l.y - c.y) < l.h / 2);
    if (line) line.chars.push(c);
    else lines.push({ y: c.y, h: c.h, chars: [c] });
  }
  return lines.map((l) => l.chars.sort((a, b) => a.x - b.x).map((c) => c.ch).join('')).join('');`,
) as (root: Element) => string;

const laidOut = (locator: Locator) => locator.evaluate(LAID_OUT);
const noSpace = (text: string) => text.replace(/\s+/g, '');

/** Script errors and anything the Content-Security-Policy blocked. */
function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (/status of 401/.test(msg.text())) return; // the desk's "am I signed in?" before sign-in
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

describe('bidi overrides on the pages, in a real browser', () => {
  let balie: Balie | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; install it ("apt-get install -y chromium") or point CHROMIUM_PATH at one.`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    balie = await startTestBalie({ env: { BALIE_AGENT_TOKENS: `sanne=${SANNE_TOKEN}` } });
  });

  afterAll(async () => {
    await browser?.close();
    await balie?.stop();
  });

  it("the desk shows a customer's override as plain text; the web chat shows an agent's override link for what it is", { timeout: 120_000 }, async () => {
    const deskContext = await browser!.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 860 } });
    const customerContext = await browser!.newContext({ locale: 'nl-NL', viewport: { width: 480, height: 860 } });
    try {
      const desk = await deskContext.newPage();
      const customer = await customerContext.newPage();
      const deskErrors = watchForErrors(desk);
      const customerErrors = watchForErrors(customer);

      await desk.goto(`${balie!.url}/desk`);
      await desk.getByLabel('Agent token').fill(SANNE_TOKEN);
      await desk.getByRole('button', { name: 'Sign in', exact: true }).click();
      await desk.getByRole('group', { name: 'Your status' }).getByRole('radio', { name: 'Online' }).check();

      // A customer whose name starts with an override asks for a person (through the web chat API,
      // the only way to give a name), then goes on in the page itself.
      const base = balie!.url;
      const started = (await (
        await fetch(`${base}/api/webchat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"locale":"nl-NL"}' })
      ).json()) as { conversationId: string; token: string };
      const asked = await fetch(`${base}/api/webchat/conversations/${started.conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
        body: JSON.stringify({ clientMessageId: 'bidi-test-0001', text: 'ik wil een medewerker spreken', name: `${RLO}Jan de Vries` }),
      });
      expect(asked.status).toBe(202);
      await customerContext.addInitScript((saved) => localStorage.setItem('balie.webchat.v1', saved), JSON.stringify(started));

      const offers = desk.getByRole('navigation', { name: 'Chats' }).getByRole('region', { name: 'Offered to you' });
      const accept = offers.getByRole('button', { name: /^Accept the chat with/ });
      await accept.waitFor();
      // The name reads as written, not reversed ("seirV ed naJ").
      expect(noSpace(await laidOut(offers.locator('.offer__name')))).toBe('JandeVries');
      await accept.click();
      const log = desk.getByRole('log', { name: /Conversation with/ });
      await log.getByText('ik wil een medewerker spreken').waitFor();
      expect(noSpace(await laidOut(desk.locator('#chat-title')))).toBe('JandeVries');

      await customer.goto(base);
      const input = customer.getByTestId('input');
      await input.fill(CUSTOMER_TEXT);
      await input.press('Enter');

      // The desk: the customer's words in their own order; no "exe.pdf", nothing reversed after it.
      const said = log.locator('[data-role="customer"] .msg__bubble').filter({ hasText: 'klopt niet' });
      await said.waitFor();
      expect(noSpace(await laidOut(said))).toBe('Mijnfactuurfdp.exekloptniet');
      expect(await said.getAttribute('dir')).toBe('auto');

      // The agent sends the link; the customer sees its label with the override shown.
      const reply = desk.getByRole('textbox', { name: /^Reply to/ });
      await reply.fill(AGENT_REPLY);
      await reply.press('Enter');
      const bubble = customer.locator('[data-testid="message"][data-role="agent"] .msg__bubble').filter({ hasText: 'Hier is je factuur' });
      await bubble.waitFor();
      const link = bubble.getByRole('link');
      expect(await laidOut(link)).toBe('factuur⟨U+202E⟩fdp.exe');
      expect(noSpace(await laidOut(bubble))).toBe('Hierisjefactuur:factuur⟨U+202E⟩fdp.exe');
      // It still leads to the same address, with the override percent-encoded where anyone can see it.
      expect(await link.getAttribute('href')).toBe('https://files.example.com/docs/factuur%E2%80%AEfdp.exe');
      // The customer's own message in the web chat reads the same way.
      const own = customer.locator('[data-testid="message"][data-role="customer"] .msg__bubble').filter({ hasText: 'klopt niet' });
      expect(noSpace(await laidOut(own))).toBe('Mijnfactuurfdp.exekloptniet');

      // The agent's own copy in the desk shows the same label.
      const sent = log.locator('[data-role="agent"] .msg__bubble').filter({ hasText: 'Hier is je factuur' });
      await sent.waitFor();
      expect(await laidOut(sent.getByRole('link'))).toBe('factuur⟨U+202E⟩fdp.exe');

      expect(deskErrors).toEqual([]);
      expect(customerErrors).toEqual([]);
    } finally {
      await customerContext.close();
      await deskContext.close();
    }
  });
});
