import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { captureLog } from '../support/log-capture.js';

/*
 * Properties of the log's masking, over generated tokens, phone numbers and the text around them:
 * no line ever holds a Telegram token's secret half (at any level) or, at info level, a phone
 * number; a Slack ts always comes through whole.
 */

/** Text around a value, without digits (digits next to a number legitimately change what it is). */
const noise = fc.string({ unit: fc.constantFrom(...'abcXYZ éß漢 ,;:!?()[]{}"\'/\\\n\t-_=%@#&*', '\u202E', '🦄'), maxLength: 20 });

const telegramToken = fc
  .tuple(fc.stringMatching(/^[1-9]\d{7,9}$/), fc.stringMatching(/^[A-Za-z0-9_-]{35}$/), fc.constantFrom(':', '%3A', '%3a'))
  .map(([id, secret, colon]) => ({ written: `${id}${colon}${secret}`, secret }));

/** How a token turns up: in an API URL after "bot", in a config dump, on its own. */
const tokenContext = fc.constantFrom(
  (t: string) => `http://127.0.0.1:8081/bot${t}/sendMessage`,
  (t: string) => `POST /bot${t}/getUpdates`,
  (t: string) => `bot${t}`,
  (t: string) => `token=${t}&x=1`,
  (t: string) => `"${t}"`,
  (t: string) => t,
);

const phoneNumber = fc.oneof(
  fc.tuple(fc.stringMatching(/^\d{8}$/), fc.constantFrom('', ' ', '-')).map(([n, sep]) => `06${sep}${n}`),
  fc.stringMatching(/^\d{4}$/).chain((a) => fc.stringMatching(/^\d{4}$/).map((b) => `06 ${a} ${b}`)),
  fc.tuple(fc.integer({ min: 1, max: 998 }), fc.stringMatching(/^\d{8,10}$/)).map(([cc, n]) => `+${cc} ${n}`),
  fc.tuple(fc.stringMatching(/^\d{2}$/), fc.stringMatching(/^\d{4}$/), fc.stringMatching(/^\d{4}$/)).map(([a, b, c]) => `+44 (${a}) ${b}-${c}`),
  fc.stringMatching(/^\d{9}$/).map((n) => `31${n}@c.us`),
);

/**
 * Before a phone number: something that is not a letter, digit or dot (digits glued to a word are
 * an id such as "order12345678", and stay). After it: anything that does not make it a decimal.
 */
const before = fc.constantFrom(' ', '\n', ', ', ': ', '(', '"');
const after = fc.constantFrom('', ' ', '.', '. ', ',', '!', '?', ')', '\n', '"');

const slackTs = fc.tuple(fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), fc.stringMatching(/^\d{6}$/)).map(([s, f]) => `${s}.${f}`);

type Place = (logger: Logger, text: string) => void;

/** Where a string can sit in a log call. */
const place = fc.constantFrom<Place>(
  (l, s) => l.warn(s),
  (l, s) => l.warn('failed: %s', s),
  (l, s) => l.warn({ detail: s }, 'failed'),
  (l, s) => l.warn({ list: [{ deep: { detail: s } }] }, 'failed'),
  (l, s) => l.error({ err: new Error(s) }, 'failed'),
  (l, s) => l.error({ err: new Error(s) }),
  (l, s) => l.error(new Error(s)),
  (l, s) => l.error({ error: new Error(s) }, 'failed'),
  (l, s) => l.error({ err: new Error('outer', { cause: new Error(s) }) }, 'failed'),
);

/** The lines as written, without pino's own number fields (digits that may happen to match). */
function written(lines: ReturnType<typeof captureLog>['lines']): string {
  return lines.map(({ time: _t, level: _l, ...rest }) => JSON.stringify(rest)).join('\n');
}

describe('log masking (properties)', () => {
  it('never writes a Telegram token, however it is written and wherever it is', () => {
    fc.assert(
      fc.property(telegramToken, tokenContext, noise, noise, place, fc.constantFrom('info', 'debug'), (token, context, pre, post, put, level) => {
        const log = captureLog(level);
        put(log.logger, `${pre}${context(token.written)}${post}`);
        expect(log.lines.length).toBe(1);
        expect(written(log.lines)).not.toContain(token.secret.slice(-16));
      }),
      { numRuns: 400 },
    );
  });

  it('never writes a phone number at info level', () => {
    fc.assert(
      fc.property(phoneNumber, noise, before, after, noise, place, (phone, pre, open, close, post, put) => {
        const log = captureLog('info');
        put(log.logger, `${pre}${open}${phone}${close}${post}`);
        const out = written(log.lines);
        expect(out).not.toContain(phone);
        // Not even its tail: a partial match would leave the last digits behind.
        expect(out).not.toContain(phone.replace(/@c\.us$/, '').slice(-6));
      }),
      { numRuns: 400 },
    );
  });

  it('never writes a WhatsApp chat id, even inside a message id', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{8,12}$/), fc.constantFrom('c.us', 'g.us'), fc.stringMatching(/^[0-9A-F]{20}$/), place, (number, server, suffix, put) => {
        const log = captureLog('info');
        put(log.logger, `message false_${number}@${server}_${suffix} edited`);
        expect(written(log.lines)).not.toContain(number.slice(-6));
      }),
      { numRuns: 200 },
    );
  });

  it('writes a Slack ts whole, beside a phone number that is masked', () => {
    fc.assert(
      fc.property(slackTs, phoneNumber, noise, place, (ts, phone, pre, put) => {
        const log = captureLog('info');
        put(log.logger, `${pre} ts ${ts}, customer ${phone}`);
        const out = written(log.lines);
        expect(out).toContain(ts);
        expect(out).not.toContain(phone);
      }),
      { numRuns: 300 },
    );
  });
});
