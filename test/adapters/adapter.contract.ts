import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { toPlainText } from '../../src/core/markdown.js';

/** A message the bot sent, as the customer's app would show it. */
export interface SentMessage {
  /** The text with the platform's formatting removed. */
  text: string;
  /** Button labels (inline keyboard, Slack buttons, numbered options...). */
  buttons: string[];
}

/**
 * Drives one channel the way its platform would: native payloads in through the real client
 * library, replies read back from the fake platform. Every adapter provides one.
 */
export interface ChannelHarness {
  readonly channelId: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  app(): App;
  /** A customer writes in chat `chat` (one user per chat). Resolves once the platform got its answer (ack). Returns the native id. */
  customerSays(chat: string, text: string): Promise<string>;
  /** The platform delivers `nativeId` again (a retry). */
  redeliver(nativeId: string): Promise<void>;
  /** What the bot has sent to `chat`, oldest first. */
  sent(chat: string): Promise<SentMessage[]>;
}

const words = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}€]+/gu, ' ')
    .trim();

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The contract every channel adapter passes, whatever the platform. */
export function adapterContract(makeHarness: () => ChannelHarness): void {
  const h = makeHarness();
  describe(`${h.channelId} adapter contract`, () => {
    beforeAll(() => h.start(), 30_000);
    afterAll(() => h.stop());

    const faqAnswer = (question: string) => {
      const entry = h
        .app()
        .config.faq.flatMap((f) => f.entries)
        .find((e) => e.questions.includes(question));
      if (!entry) throw new Error(`the default FAQ has no question "${question}"`);
      return words(toPlainText(entry.channels[h.channelId] ?? entry.channels[h.channelId.split('-')[0]!] ?? entry.answer));
    };

    it('answers an FAQ question in the same chat, formatted for the channel', async () => {
      const question = h
        .app()
        .config.faq.find((f) => f.language === 'en')!
        .entries.find((e: { id: string }) => e.id === 'opening-hours')!.questions[0]!;
      await h.customerSays('c-faq', question);
      const sent = await eventually(
        () => h.sent('c-faq'),
        (s) => s.length >= 1,
      );
      expect(sent).toHaveLength(1);
      expect(words(sent[0]!.text)).toContain(faqAnswer(question).slice(0, 40));
    });

    it('answers a redelivered message once', async () => {
      const nativeId = await h.customerSays('c-dup', 'hello');
      await h.redeliver(nativeId);
      await h.redeliver(nativeId);
      await eventually(
        () => h.sent('c-dup'),
        (s) => s.length >= 1,
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(await h.sent('c-dup')).toHaveLength(1);
    });

    it('answers messages of one chat in the order they were written', async () => {
      await h.customerSays('c-order', 'hello');
      await h.customerSays('c-order', 'what can you do');
      await h.customerSays('c-order', 'stop');
      const sent = await eventually(
        () => h.sent('c-order'),
        (s) => s.length >= 3,
      );
      const t = h.app().t;
      expect(sent.map((m) => words(m.text).slice(0, 25))).toEqual(
        [t.t('en', 'greeting', { bot: h.app().config.bot.name }), t.t('en', 'help'), t.t('en', 'cancelled')].map((s) => words(toPlainText(s)).slice(0, 25)),
      );
    });

    it('keeps chats apart', async () => {
      await h.customerSays('c-a', 'hello');
      await h.customerSays('c-b', 'hallo');
      await eventually(
        async () => [...(await h.sent('c-a')), ...(await h.sent('c-b'))],
        (s) => s.length >= 2,
      );
      const [a, b] = [await h.sent('c-a'), await h.sent('c-b')];
      expect(a).toHaveLength(1);
      expect(b).toHaveLength(1);
    });

    it("shows suggested actions as the channel's own buttons", async () => {
      await h.customerSays('c-buttons', 'I would like to know the airspeed velocity of an unladen swallow');
      const sent = await eventually(
        () => h.sent('c-buttons'),
        (s) => s.length >= 1,
      );
      expect(sent[0]!.buttons).toEqual([h.app().t.t('en', 'offerHumanYes'), h.app().t.t('en', 'offerHumanNo')]);
    });

    it("records the customer's message in the transcript as a normalised activity", async () => {
      await h.customerSays('c-transcript', 'what can you do');
      await eventually(
        () => h.sent('c-transcript'),
        (s) => s.length >= 1,
      );
      // The transcript is written when the turn commits, which may be just after the reply left.
      const key = `${h.channelId}:${await conversationIdOf(h, 'c-transcript')}`;
      const all = await eventually(
        () => h.app().stores.transcripts.list(key),
        (entries) => entries.length >= 2,
      );
      expect(all[0]).toMatchObject({ direction: 'in', role: 'customer', text: 'what can you do' });
      expect(all[1]).toMatchObject({ direction: 'out', role: 'bot' });
    });
  });
}

/** Harnesses may map their chat names to platform conversation ids; by default they are the same. */
async function conversationIdOf(h: ChannelHarness, chat: string): Promise<string> {
  return (h as ChannelHarness & { conversationId?(chat: string): string }).conversationId?.(chat) ?? chat;
}
