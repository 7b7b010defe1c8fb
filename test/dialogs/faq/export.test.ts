import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { checkFaq } from '../../../src/dialogs/faq/check.js';
import { exportIntoFaqYaml } from '../../../src/dialogs/faq/export.js';
import { loadFaqDir } from '../../../src/dialogs/faq/load.js';
import type { FaqTeaching } from '../../../src/core/listening/types.js';

const CONFIG = resolve(import.meta.dirname, '../../../config');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const TAUGHT: FaqTeaching[] = [
  { kind: 'phrasing', entryId: 'warranty', language: 'en', question: 'Do you repair e-bikes?' },
  {
    kind: 'entry',
    entryId: 'bike-rental',
    texts: {
      en: { question: 'Do you rent out bicycles?', answer: 'No, we do not rent out bicycles.\nWe do sell them.' },
      nl: { question: 'Verhuren jullie fietsen?', answer: 'Nee, we verhuren geen fietsen.' },
    },
  },
];

it('writes taught phrasings and entries into the FAQ files, keeps their comments, and check:faq passes; twice changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'balie-export-'));
  dirs.push(dir);
  for (const l of ['en', 'nl']) copyFileSync(join(CONFIG, `faq.${l}.yaml`), join(dir, `faq.${l}.yaml`));
  const before = readFileSync(join(dir, 'faq.en.yaml'), 'utf8');
  for (const l of ['en', 'nl']) {
    const path = join(dir, `faq.${l}.yaml`);
    const { text, added } = exportIntoFaqYaml(readFileSync(path, 'utf8'), l, TAUGHT);
    expect(added).toBe(l === 'en' ? 2 : 1);
    writeFileSync(path, text);
    expect(exportIntoFaqYaml(text, l, TAUGHT)).toEqual({ text, added: 0 });
  }
  const after = readFileSync(join(dir, 'faq.en.yaml'), 'utf8');
  // Comments at the top stay.
  expect(after.split('\n').slice(0, 5)).toEqual(before.split('\n').slice(0, 5));
  const files = loadFaqDir(dir);
  const en = files.find((f) => f.language === 'en')!;
  expect(en.entries.find((e) => e.id === 'warranty')!.questions.at(-1)).toBe('Do you repair e-bikes?');
  expect(en.entries.find((e) => e.id === 'bike-rental')).toMatchObject({ questions: ['Do you rent out bicycles?'], answer: 'No, we do not rent out bicycles.\nWe do sell them.' });
  expect(checkFaq(files).filter((p) => p.severity === 'error')).toEqual([]);
});
