import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { packageRoot } from '../../../src/core/paths.js';
import { createLiveFaq } from '../../../src/dialogs/faq/live.js';
import { loadFaqDir } from '../../../src/dialogs/faq/load.js';
import { createTestChat, type TestChat } from '../../../src/testing/test-chat.js';
import { captureLog, type LogLine } from '../../support/log-capture.js';

const WARN = 40;
const ERROR = 50;
let dirs: string[] = [];
let chat: TestChat | undefined;
afterEach(async () => {
  await chat?.close();
  chat = undefined;
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/** A copy of the shipped config folder that a test may edit. */
function configCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'balie-faq-'));
  dirs.push(dir);
  cpSync(join(packageRoot(), 'config'), dir, { recursive: true });
  return dir;
}

const giftWrap = `
  - id: gift-wrap
    questions:
      - Can you gift wrap my order?
      - Do you do gift wrapping?
      - Can I have it wrapped as a present?
    answer: Yes! Tick "gift wrap" at checkout; it costs €2.50.
`;

async function chatOn(dir: string, env: Record<string, string> = {}) {
  const log = captureLog();
  const config = loadConfig({ BALIE_CONFIG_DIR: dir, LOG_LEVEL: 'info', ...env });
  chat = await createTestChat({ config, locale: 'en', deps: { logger: log.logger } });
  return { chat, log };
}

const reloaded = (l: LogLine) => l.msg === 'FAQ reloaded';

describe('FAQ checks at start-up', () => {
  it('logs each problem that check:faq would report as a warning with file and line', async () => {
    const dir = configCopy();
    appendFileSync(
      join(dir, 'faq.en.yaml'),
      `\n  - id: postage\n    questions:\n      - How much is shipping?\n      - What is the postage?\n    answer: See the shipping page.\n`,
    );
    const line = readFileSync(join(dir, 'faq.en.yaml'), 'utf8').split('\n').indexOf('  - id: postage') + 1;
    const { log } = await chatOn(dir);
    // Logged just after start-up, so the check does not delay readiness.
    await vi.waitFor(() =>
      expect(log.lines.filter((l) => l.level === WARN && l.file === 'faq.en.yaml')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ line, kind: 'duplicate-question', msg: expect.stringContaining(`faq.en.yaml:${line} duplicate-question: "How much is shipping?"`) }),
          expect.objectContaining({ line, kind: 'missing-translation', msg: expect.stringContaining('has no translation in faq.nl.yaml') }),
        ]),
      ),
    );
  });

  it('says nothing about a clean FAQ', async () => {
    const { log } = await chatOn(configCopy());
    await new Promise((r) => setImmediate(r));
    expect(log.lines.filter((l) => l.kind !== undefined)).toEqual([]);
  });
});

describe('FAQ reload while developing', () => {
  it('answers a new entry after the file is saved, without a restart', async () => {
    const dir = configCopy();
    const { chat, log } = await chatOn(dir);
    expect((await chat.say('Do you do gift wrapping?'))[0]!.buttons).toEqual(['Yes, a person please', 'No thanks']);

    appendFileSync(join(dir, 'faq.en.yaml'), giftWrap);
    await log.waitFor(reloaded);
    expect((await chat.say('Do you do gift wrapping?'))[0]!.text).toContain('Tick "gift wrap" at checkout');
    // The reloaded FAQ is checked too: the new entry has no Dutch translation yet.
    expect(log.lines).toContainEqual(expect.objectContaining({ level: WARN, kind: 'missing-translation', id: 'gift-wrap' }));
  });

  it('keeps the old FAQ and logs file and line when an edit breaks the file', async () => {
    const dir = configCopy();
    const { chat, log } = await chatOn(dir);
    const path = join(dir, 'faq.en.yaml');
    const lines = readFileSync(path, 'utf8').split('\n');
    const answerLine = lines.findIndex((l) => l.trimStart().startsWith('answer:')) + 1;
    lines[answerLine - 1] = lines[answerLine - 1]!.replace('answer:', 'anwser:');
    writeFileSync(path, lines.join('\n'));

    const error = await log.waitFor((l) => l.level === ERROR && String(l.key).endsWith('anwser'));
    expect(error).toMatchObject({ file: 'faq.en.yaml', line: answerLine, msg: expect.stringContaining(`faq.en.yaml:${answerLine} entries[0].anwser: is not a known key`) });
    expect(error.msg).toContain('keeps answering from the FAQ as it was');
    expect((await chat.say('how much is shipping'))[0]!.text).toContain('€');

    // Fixing the file brings the reload back.
    lines[answerLine - 1] = lines[answerLine - 1]!.replace('anwser:', 'answer:');
    writeFileSync(path, lines.join('\n') + giftWrap);
    await log.waitFor(reloaded);
    expect((await chat.say('Can you gift wrap my order?'))[0]!.text).toContain('€2.50');
  });

  it('ignores other files in the config folder', async () => {
    const dir = configCopy();
    const { log } = await chatOn(dir);
    writeFileSync(join(dir, 'notes.yaml'), 'not: [valid');
    appendFileSync(join(dir, 'faq.en.yaml'), giftWrap);
    await log.waitFor(reloaded);
    expect(log.lines.filter((l) => l.level >= ERROR)).toEqual([]);
  });
});

describe('the FAQ watcher', () => {
  it('runs only outside production and stops with the app', () => {
    const dir = configCopy();
    const { logger } = captureLog();
    const files = loadFaqDir(dir);
    const dev = createLiveFaq({ files, configDir: dir, logger, watch: true });
    dev.start();
    expect(dev.watching).toBe(true);
    dev.stop();
    expect(dev.watching).toBe(false);

    const production = loadConfig({ BALIE_CONFIG_DIR: dir, NODE_ENV: 'production' });
    const prod = createLiveFaq({ files, configDir: dir, logger, watch: !production.production });
    prod.start();
    expect(prod.watching).toBe(false);
  });
});
