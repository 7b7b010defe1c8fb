import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, formatActivity as slackActivity, toMrkdwn } from '../../src/adapters/slack/format.js';
import { toTelegramParts } from '../../src/adapters/telegram/format.js';
import { toWhatsAppText } from '../../src/adapters/whatsapp-cloud/format.js';
import { toWhatsappText } from '../../src/adapters/whatsapp/format.js';
import { toPlainText } from '../../src/core/markdown.js';
import { renderMarkdown } from '../../web/shared/markdown.js';

/*
 * A right-to-left override (U+202E) reverses what follows it: an agent's link
 * "factuur\u202Efdp.exe" reads as "factuurexe.pdf", and an override in a customer's words
 * reverses the rest of the line an agent reads. Wherever balie formats text for someone to read,
 * a link's label shows the control ("⟨U+202E⟩"), its URL carries it percent-encoded (the same
 * address), and plain text loses it. The browser pages are checked in a real browser in
 * bidi.browser.test.ts; their shared renderer is checked here.
 */

const RLO = '\u202E';
const EXPLICIT = /[\u202A-\u202E\u2066-\u2069]/;
const ANY = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const AGENT_LINK = `Hier is je factuur: [factuur${RLO}fdp.exe](https://files.example.com/factuur${RLO}fdp.exe)`;
const SHOWN_LABEL = 'factuur⟨U+202E⟩fdp.exe';
const ENCODED_URL = 'https://files.example.com/factuur%E2%80%AEfdp.exe';

const page = { renderMarkdown };

describe('bidi controls in what people read', () => {
  it('web chat and desk pages: a link shows the override in its label and encodes it in its URL', () => {
    const html = page.renderMarkdown(AGENT_LINK);
    expect(html).toBe(`<p>Hier is je factuur: <a href="${ENCODED_URL}" target="_blank" rel="noopener noreferrer">${SHOWN_LABEL}</a></p>`);
  });

  it('web chat and desk pages: a bare URL shows it; plain words lose it', () => {
    expect(page.renderMarkdown(`zie https://files.example.com/factuur${RLO}fdp.exe`)).toBe(
      `<p>zie <a href="${ENCODED_URL}" target="_blank" rel="noopener noreferrer">https://files.example.com/${SHOWN_LABEL}</a></p>`,
    );
    expect(page.renderMarkdown(`${RLO}Uw **bestelling\u2067** is\u202D onderweg`)).toBe('<p>Uw <strong>bestelling</strong> is onderweg</p>');
    // Marks only place punctuation in right-to-left text; they stay in words and show in links.
    expect(page.renderMarkdown('\u200Fשלום!')).toBe('<p>\u200Fשלום!</p>');
    expect(page.renderMarkdown('[a\u200Fb](https://example.com)')).toContain('>a⟨U+200F⟩b</a>');
  });

  it('Telegram: the label shows it, the URL is encoded, plain text loses it', () => {
    const [part] = toTelegramParts(AGENT_LINK);
    expect(part!.html).toBe(`Hier is je factuur: <a href="${ENCODED_URL}">${SHOWN_LABEL}</a>`);
    expect(part!.plain).toBe(`Hier is je factuur: ${SHOWN_LABEL} (${ENCODED_URL})`);
    const [plain] = toTelegramParts(`Mijn factuur${RLO}fdp.exe`, { plainText: true });
    expect(plain!.plain).toBe('Mijn factuurfdp.exe');
  });

  it('Slack: the label shows it; customer words posted to agents lose it', () => {
    expect(toMrkdwn(AGENT_LINK)).toBe(`Hier is je factuur: <${ENCODED_URL}|${SHOWN_LABEL}>`);
    expect(escapeMrkdwn(`${RLO}Mijn factuur klopt niet`)).toBe('Mijn factuur klopt niet');
    const [message] = slackActivity({
      text: 'Zie bijlage',
      attachments: [{ contentType: 'application/pdf', contentUrl: 'https://files.example.com/x', name: `factuur${RLO}fdp.exe` }],
    });
    expect(message!.text).toContain(`|${SHOWN_LABEL}>`);
  });

  it('WhatsApp (Web and Cloud): the link reads as label and visible URL', () => {
    expect(toWhatsappText(AGENT_LINK)).toBe(`Hier is je factuur: ${SHOWN_LABEL} (${ENCODED_URL})`);
    expect(toWhatsAppText(AGENT_LINK)).toBe(`Hier is je factuur: ${SHOWN_LABEL} (${ENCODED_URL})`);
    // A bare URL still leads where it led, with the control visible as %E2%80%AE.
    expect(toWhatsappText(`zie https://files.example.com/factuur${RLO}fdp.exe`)).toBe(`zie ${ENCODED_URL}`);
  });

  it('no channel passes a raw control on', () => {
    const outputs = [
      page.renderMarkdown(AGENT_LINK),
      ...toTelegramParts(AGENT_LINK).flatMap((p) => [p.html, p.plain]),
      toMrkdwn(AGENT_LINK),
      toWhatsappText(AGENT_LINK),
      toWhatsAppText(AGENT_LINK),
      toPlainText(AGENT_LINK),
    ];
    for (const out of outputs) {
      expect(out).not.toMatch(ANY);
      expect(out).toContain(SHOWN_LABEL);
    }
    expect(toPlainText(`${RLO}x\u2066y\u2069`)).not.toMatch(EXPLICIT);
  });
});
