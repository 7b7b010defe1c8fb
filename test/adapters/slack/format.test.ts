import { describe, expect, it } from 'vitest';
import { LIMITS, escapeMrkdwn, formatActivity, toMrkdwn } from '../../../src/adapters/slack/format.js';

describe('Slack mrkdwn', () => {
  it('escapes &, < and > so customer-visible text cannot become a link or a mention', () => {
    expect(escapeMrkdwn('a < b & c > d <!channel> <@U123>')).toBe('a &lt; b &amp; c &gt; d &lt;!channel&gt; &lt;@U123&gt;');
  });

  it('turns balie markdown into Slack mrkdwn', () => {
    expect(toMrkdwn('**Customer service** is _open_ today: [see hours](https://tulpenco.example/hours?a=1&b=2)')).toBe(
      '*Customer service* is _open_ today: <https://tulpenco.example/hours?a=1&amp;b=2|see hours>',
    );
  });

  it('renders list items as bullets and keeps line breaks', () => {
    expect(toMrkdwn('Hours:\n- Monday 9:00–17:30\n- Sunday closed')).toBe('Hours:\n• Monday 9:00–17:30\n• Sunday closed');
  });

  it('moves spaces outside bold markers (Slack ignores `* x *`) and escapes inside formatting', () => {
    expect(toMrkdwn('** Tom & Jerry ** <3')).toBe(' *Tom &amp; Jerry*  &lt;3');
  });

  it('keeps a `|` in a URL from cutting the link text short', () => {
    expect(toMrkdwn('[a](https://x.example/p|q)')).toBe('<https://x.example/p%7Cq|a>');
  });
});

describe('Slack messages from activities', () => {
  it('sends a plain reply as mrkdwn text without blocks', () => {
    expect(formatActivity({ type: 'message', text: 'Shipping costs **€4.95**.' })).toEqual([{ text: 'Shipping costs *€4.95*.' }]);
  });

  it('shows suggested actions as Block Kit buttons with unique action ids, under the text', () => {
    const [m] = formatActivity({
      type: 'message',
      text: 'Shall I get a colleague?',
      suggestedActions: {
        to: [],
        actions: [
          { type: 'imBack', title: 'Yes, a person please', value: 'balie:human:yes' },
          { type: 'imBack', title: 'No thanks', value: 'balie:human:no' },
        ],
      },
    });
    expect(m!.text).toBe('Shall I get a colleague?');
    expect(m!.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Shall I get a colleague?' } },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'balie-act-0', text: { type: 'plain_text', text: 'Yes, a person please', emoji: true }, value: 'balie:human:yes' },
          { type: 'button', action_id: 'balie-act-1', text: { type: 'plain_text', text: 'No thanks', emoji: true }, value: 'balie:human:no' },
        ],
      },
    ]);
  });

  it("keeps button labels within Slack's 75 characters and many buttons in blocks of 25", () => {
    const actions = Array.from({ length: 30 }, (_, i) => ({ type: 'imBack', title: `${'x'.repeat(100)} ${i}`, value: `v${i}` }));
    const [m] = formatActivity({ type: 'message', text: 'Pick one', suggestedActions: { to: [], actions } });
    const rows = m!.blocks!.filter((b) => b.type === 'actions') as unknown as { elements: { text: { text: string }; action_id: string }[] }[];
    expect(rows.map((r) => r.elements.length)).toEqual([25, 5]);
    const ids = rows.flatMap((r) => r.elements.map((e) => e.action_id));
    expect(new Set(ids).size).toBe(30);
    expect(rows.flatMap((r) => r.elements).every((e) => e.text.text.length <= LIMITS.buttonText)).toBe(true);
  });

  it("splits a text longer than Slack's 40,000 characters into several messages, cutting between paragraphs", () => {
    const paragraph = `${'word '.repeat(199)}end.`;
    const text = Array.from({ length: 45 }, () => paragraph).join('\n\n');
    const messages = formatActivity({ type: 'message', text });
    expect(messages.length).toBe(2);
    expect(messages.every((m) => m.text.length <= LIMITS.messageText)).toBe(true);
    expect(messages.map((m) => m.text).join('\n\n')).toBe(text);
    expect(messages.every((m) => m.text.endsWith('end.'))).toBe(true);
  });

  it('keeps every section of a message with buttons within 3,000 characters', () => {
    const text = Array.from({ length: 8 }, (_, i) => `Paragraph ${i} ${'lorem ipsum '.repeat(80).trim()}.`).join('\n\n');
    const [m] = formatActivity({ type: 'message', text, suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'OK', value: 'ok' }] } });
    const sections = m!.blocks!.filter((b) => b.type === 'section') as unknown as { text: { text: string } }[];
    expect(sections.length).toBeGreaterThan(2);
    expect(sections.every((s) => s.text.text.length <= LIMITS.sectionText)).toBe(true);
    expect(sections.map((s) => s.text.text).join('\n\n')).toBe(text.trim());
  });

  it("sends an agent's message under the agent's name and avatar", () => {
    const [m] = formatActivity(
      { type: 'message', text: 'Hi, I am Sanne.', from: { id: 'sanne', name: 'Sanne', role: 'agent' }, channelData: { avatarUrl: '/avatars/sanne.png' } },
      { publicUrl: 'https://balie.example' },
    );
    expect(m).toEqual({ text: 'Hi, I am Sanne.', username: 'Sanne', icon_url: 'https://balie.example/avatars/sanne.png' });
  });

  it("does not override the name of the bot's own messages", () => {
    const [m] = formatActivity({ type: 'message', text: 'Hi', from: { id: 'bot', name: 'Tulp & Co', role: 'bot' } });
    expect(m!.username).toBeUndefined();
  });

  it('shows images as image blocks and other files as links', () => {
    const [m] = formatActivity({
      type: 'message',
      text: 'Your invoice',
      attachments: [
        { contentType: 'image/png', contentUrl: 'https://cdn.example/p.png', name: 'parcel' },
        { contentType: 'application/pdf', contentUrl: 'https://cdn.example/i.pdf', name: 'invoice.pdf' },
      ],
    });
    expect(m!.text).toBe('Your invoice\n<https://cdn.example/i.pdf|invoice.pdf>');
    expect(m!.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Your invoice' } },
      { type: 'section', text: { type: 'mrkdwn', text: '<https://cdn.example/i.pdf|invoice.pdf>' } },
      { type: 'image', image_url: 'https://cdn.example/p.png', alt_text: 'parcel' },
    ]);
  });
});
