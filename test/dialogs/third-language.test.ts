import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { packageRoot } from '../../src/core/paths.js';
import { createTestChat, type TestChat, type TestChatOptions } from '../../src/testing/test-chat.js';

// A config folder as a business would make it: the shipped files plus locales/de.yaml and
// faq.de.yaml. No code knows German.
const dirs: string[] = [];
function configFolder(extra: (dir: string) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'balie-de-'));
  dirs.push(dir);
  cpSync(join(packageRoot(), 'config'), dir, { recursive: true });
  cpSync(join(packageRoot(), 'test/fixtures/third-language'), dir, { recursive: true });
  extra(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const german = loadConfig({ BALIE_CONFIG_DIR: configFolder(), LOG_LEVEL: 'silent' });
let chat: TestChat;
afterEach(async () => chat?.close());
const open = async (options: TestChatOptions = {}) => (chat = await createTestChat({ config: german, ...options }));

describe('a third language from config files only', () => {
  it('greets in German', async () => {
    await open();
    expect((await chat.say('Guten Tag'))[0]!.text).toContain('Ich bin der digitale Assistent von **Tulp & Co**');
    expect((await chat.say('was kannst du?'))[0]!.text).toContain('Dabei kann ich dir helfen');
  });

  it('answers German FAQ questions, also as the first message, with typos, without umlauts and in another word order', async () => {
    for (const question of ['Wie hoch sind die Versandkosten?', 'versandkosten wie hoch', 'Wie hoch sind die Versandksoten', 'Kann ich etwas zuruckschicken?']) {
      await open();
      const [reply] = await chat.say(question);
      expect(reply!.text, question).toMatch(/Der Versand kostet|innerhalb von 30 Tagen/);
      await chat.close();
    }
  });

  it('stays in German for short messages and offers a person in German', async () => {
    await open();
    await chat.say('Welche Zahlungsarten gibt es?');
    expect((await chat.say('hmm'))[0]!.buttons).toEqual(['Ja, bitte einen Menschen', 'Nein, danke']);
  });

  it('starts in German from the channel locale', async () => {
    await open({ locale: 'de-AT' });
    expect((await chat.say('TC-100003'))[0]!.text).toContain('Bestellung **TC-100003** ist mit PostNL unterwegs');
  });

  it('runs dialogs whose triggers and texts come from the locale', async () => {
    await open();
    expect((await chat.say('Wo ist meine Bestellung?'))[0]!.text).toContain('Wie lautet deine Bestellnummer?');
    expect((await chat.say('weiß ich nicht'))[0]!.text).toContain('Das sieht nicht wie eine Bestellnummer aus');
  });

  it('answers Dutch and English as before', async () => {
    await open();
    expect((await chat.say('Wat zijn jullie openingstijden?'))[0]!.text).toContain('Klantenservice');
    await chat.close();
    await open();
    expect((await chat.say('how much is shipping'))[0]!.text).toContain('€');
  });
});

describe('locale files in the config folder', () => {
  it('replace single texts of a shipped language and keep the rest', async () => {
    const dir = configFolder((d) => writeFileSync(join(d, 'locales/en.yaml'), 'version: 1\nlanguage: en\ntexts:\n  greeting: Howdy! This is **{bot}**.\n'));
    await open({ config: loadConfig({ BALIE_CONFIG_DIR: dir, LOG_LEVEL: 'silent' }) });
    expect((await chat.say('hello'))[0]!.text).toBe('Howdy! This is **Tulp & Co**.');
    expect((await chat.say('what can you do?'))[0]!.text).toContain('I can help you with');
  });

  it('stop balie with the file and the fix when one is wrong', async () => {
    const dir = configFolder((d) => {
      mkdirSync(join(d, 'locales'), { recursive: true });
      writeFileSync(join(d, 'locales/fr.yaml'), 'version: 1\nlanguage: de\ntexts:\n  greeting: Bonjour\n');
    });
    await expect(createTestChat({ config: loadConfig({ BALIE_CONFIG_DIR: dir, LOG_LEVEL: 'silent' }) })).rejects.toThrow(
      /locales\/fr\.yaml {2}language: says de but the file is named fr\.yaml/,
    );
  });
});
