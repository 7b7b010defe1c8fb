import { describe, expect, it } from 'vitest';
import { captureLog } from '../support/log-capture.js';

/*
 * What an operator reads in the log: a Telegram bot token never, however it is written (telegraf
 * and fetch quote the request URL, where the token follows "bot"); a Slack message `ts` exactly as
 * Slack wrote it, so a line can be matched to its message; phone numbers never at info level,
 * wherever they are (message, fields, an error's message or stack, the message pino takes from
 * an error).
 */

const TOKEN = '7345012987:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET_HALF = TOKEN.split(':')[1]!;
const API_URL = `http://127.0.0.1:8081/bot${TOKEN}/sendMessage`;

/** Every way balie's code (or a library) hands the logger a string. */
function logEverywhere(logger: ReturnType<typeof captureLog>['logger'], value: string): void {
  logger.warn(`request failed: ${value}`);
  logger.warn('request to %s failed', value);
  logger.warn({ url: value, attempts: [{ url: value }] }, 'send failed');
  logger.error({ err: new Error(`fetch ${value} failed`) }, 'send failed');
  logger.error({ err: new Error(`fetch ${value} failed`) });
  logger.error(new Error(`fetch ${value} failed`));
  logger.error({ error: new Error(`fetch ${value} failed`), cause: new Error('outer', { cause: new Error(value) }) }, 'turn failed');
}

describe('log masking', () => {
  for (const level of ['info', 'debug'] as const) {
    it(`at ${level} masks a Telegram token inside an API URL (bot<token>), plain or encoded`, () => {
      const log = captureLog(level);
      logEverywhere(log.logger, API_URL);
      logEverywhere(log.logger, `http://127.0.0.1:8081/bot${TOKEN.replace(':', '%3A')}/getMe`);
      const out = log.lines.map((l) => JSON.stringify(l)).join('\n');
      expect(log.lines.length).toBe(14);
      expect(out).not.toContain(SECRET_HALF);
      expect(out).not.toContain(SECRET_HALF.slice(-12));
      // What failed is still readable: the method, with the token masked.
      expect(out).toContain('http://127.0.0.1:8081/bot[secret]/sendMessage');
      expect(out).toContain('http://127.0.0.1:8081/bot[secret]/getMe');
    });
  }

  it('keeps a Slack ts whole, in the message and in fields', () => {
    const log = captureLog('info');
    const ts = '1700000000.000100';
    log.logger.info({ channel: 'D0123ABCD', ts, thread_ts: '1699999999.123456', event: { ts, event_ts: ts } }, `posted ${ts} in D0123ABCD`);
    const [line] = log.lines;
    expect(line).toMatchObject({ ts, thread_ts: '1699999999.123456', event: { ts, event_ts: ts }, msg: `posted ${ts} in D0123ABCD` });
  });

  it('still masks phone numbers in text, objects, error messages and stacks at info', () => {
    const phones = ['+31 6 12345678', '0612345678', '31612345678@c.us', '+44 (20) 7946-0958', '06-87654321'];
    const log = captureLog('info');
    for (const phone of phones) {
      // At the end of a sentence too: a full stop is not a decimal fraction.
      logEverywhere(log.logger, `bel ${phone}.`);
      logEverywhere(log.logger, `${phone}, thread 1700000000.000100`);
    }
    // whatsapp-web.js message ids hold the chat's number.
    logEverywhere(log.logger, 'edited false_31687654321@c.us_3EB0C767D26A1D5F5E4E');
    const out = log.lines.map(({ time: _time, ...rest }) => JSON.stringify(rest)).join('\n');
    const leaks = [...phones, '31687654321'].filter((p) => out.includes(p) || out.includes(p.replace(/@c\.us$/, '').slice(-7)));
    expect(leaks).toEqual([]);
    expect(out).toContain('1700000000.000100');
  });

  it('shows phone numbers at debug (what debug is for) and still no token', () => {
    const log = captureLog('debug');
    log.logger.debug({ detail: `bel 0612345678 about ${API_URL}` }, 'customer wrote');
    const out = JSON.stringify(log.lines);
    expect(out).toContain('0612345678');
    expect(out).not.toContain(SECRET_HALF);
  });
});
