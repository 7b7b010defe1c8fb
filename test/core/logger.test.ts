import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';

function capture(level: string) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), output: () => lines.join('') };
}

const secrets = {
  token: '123456:AAE-supersecrettoken',
  headers: { authorization: 'Bearer abc.def.ghi', 'x-slack-signature': 'v0=deadbeef' },
  config: { signingSecret: 'shh-very-secret', password: 'hunter2' },
};

describe('logger privacy', () => {
  it('at info, hides secrets, message text and phone numbers, keeping the rest', () => {
    const { logger, output } = capture('info');
    logger.info(
      { ...secrets, text: 'Mijn adres is Oudegracht 1', channel: 'telegram', from: '31612345678@c.us', nested: { body: 'hello' } },
      'message from +31 6 12345678 handled',
    );
    const out = output();
    for (const leaked of ['supersecrettoken', 'abc.def.ghi', 'deadbeef', 'shh-very-secret', 'hunter2', 'Oudegracht', '612345678', 'hello']) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('"channel":"telegram"');
    expect(out).toContain('[phone]');
    expect(out).toContain('[redacted]');
  });

  it('at debug, shows message text and phone numbers but still never secrets', () => {
    const { logger, output } = capture('debug');
    logger.debug({ ...secrets, text: 'Mijn adres is Oudegracht 1' }, 'message from +31612345678');
    const out = output();
    expect(out).toContain('Oudegracht');
    expect(out).toContain('+31612345678');
    for (const leaked of ['supersecrettoken', 'abc.def.ghi', 'shh-very-secret', 'hunter2']) expect(out).not.toContain(leaked);
  });

  it('masks secrets quoted inside errors', () => {
    const { logger, output } = capture('info');
    const err = Object.assign(new Error('request to 31612345678 failed'), { code: 'PLATFORM_REFUSED' });
    logger.error({ err, token: 'xoxb-1-2-3' }, 'send failed');
    const out = output();
    expect(out).toContain('PLATFORM_REFUSED');
    expect(out).not.toContain('xoxb-1-2-3');
    expect(out).not.toContain('31612345678');
  });
});
