import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/core/paths.js';
import { loadEvalDir } from '../../../src/dialogs/faq/evaluate.js';
import { detectLanguage } from '../../../src/dialogs/faq/language.js';
import { createLanguageDetector, languageSamples } from '../../../src/dialogs/faq/learned-language.js';
import { loadFaqDir } from '../../../src/dialogs/faq/load.js';
import { loadLocales } from '../../../src/dialogs/i18n.js';

const root = packageRoot();
const fixture = join(root, 'test/fixtures/third-language');
const locales = loadLocales(join(root, 'locales'), join(fixture, 'locales'));
const faq = [...loadFaqDir(join(root, 'config')), ...loadFaqDir(fixture)];
const detect = createLanguageDetector(languageSamples(locales, faq));

describe('a language learned from its locale and FAQ files', () => {
  it('is recognised in questions its files do not contain', () => {
    for (const q of ['Wo ist mein Paket?', 'Habt ihr am Sonntag geöffnet?', 'Meine Lampe ist kaputt angekommen', 'Kann ich per Rechnung bezahlen?']) {
      expect(detect(q, ['de', 'en', 'nl']), q).toMatchObject({ language: 'de', confidence: expect.any(Number) });
    }
  });

  it('takes no Dutch or English question of the eval sets away from its language', () => {
    for (const [language, cases] of loadEvalDir(join(root, 'test/dialogs/faq'))) {
      for (const c of cases) {
        const before = detectLanguage(c.q, ['en', 'nl'])?.language;
        expect(detect(c.q, ['de', 'en', 'nl'])?.language, `${language}: ${c.q}`).toBe(before);
      }
    }
  });

  it('leaves the built-in languages as they are when no other language is configured', () => {
    const shipped = createLanguageDetector(languageSamples(loadLocales(join(root, 'locales')), loadFaqDir(join(root, 'config'))));
    for (const q of ['hoe lang duurt de levering', 'how much is shipping', 'wie wint het wk']) expect(shipped(q, ['en', 'nl'])).toEqual(detectLanguage(q, ['en', 'nl']));
  });
});
