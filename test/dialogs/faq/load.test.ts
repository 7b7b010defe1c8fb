import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { channelModules } from '../../../src/adapters/index.js';
import { faqChannelKeys } from '../../../src/config.js';
import { loadFaqDir, loadFaqFile } from '../../../src/dialogs/faq/load.js';

const CONFIG = join(import.meta.dirname, '../../../config');

const VALID = `version: 1
language: nl
entries:
  - id: shipping-costs
    questions:
      - Wat kost verzenden?
      - Wat zijn de verzendkosten?
    answer: Verzenden kost **€ 4,95**.
    channels:
      whatsapp: Verzenden kost € 4,95.
    tags: [verzending]
  - id: returns
    questions: [Hoe stuur ik iets terug?]
    answer: |
      Binnen 30 dagen.
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'balie-faq-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('the default FAQ', () => {
  const files = loadFaqDir(CONFIG);
  const en = files.find((f) => f.language === 'en')!;
  const nl = files.find((f) => f.language === 'nl')!;

  it('has English and Dutch with at least 28 entries each and the same ids', () => {
    expect(files.map((f) => f.file).sort()).toEqual(['faq.en.yaml', 'faq.nl.yaml']);
    expect(en.entries.length).toBeGreaterThanOrEqual(28);
    expect(nl.entries.length).toBeGreaterThanOrEqual(28);
    expect(en.entries.map((e) => e.id).sort()).toEqual(nl.entries.map((e) => e.id).sort());
  });

  it('has at least 3 question variants and an answer per entry', () => {
    for (const e of [...en.entries, ...nl.entries]) {
      expect(e.questions.length, e.id).toBeGreaterThanOrEqual(3);
      expect(e.answer.length, e.id).toBeGreaterThan(20);
    }
  });

  it('records the line of each entry', () => {
    const lines = readFileSync(join(CONFIG, 'faq.en.yaml'), 'utf8').split('\n');
    for (const e of en.entries) expect(lines[e.line - 1]).toContain(`id: ${e.id}`);
  });
});

describe('loadFaqFile', () => {
  it('loads a valid file with defaults for channels and tags', () => {
    const file = loadFaqFile(write('faq.nl.yaml', VALID), 'faq.nl.yaml');
    expect(file).toMatchObject({ language: 'nl', file: 'faq.nl.yaml' });
    expect(file.entries).toHaveLength(2);
    expect(file.entries[0]).toMatchObject({ id: 'shipping-costs', line: 4, channels: { whatsapp: 'Verzenden kost € 4,95.' }, tags: ['verzending'] });
    expect(file.entries[1]).toMatchObject({ id: 'returns', line: 12, channels: {}, tags: [], answer: 'Binnen 30 dagen.' });
  });

  it('reports a YAML syntax error with the file and the line of the error', () => {
    const broken = VALID.replace('    tags: [verzending]', '    tags: [verzending');
    const problems = problemsOf(() => loadFaqFile(write('faq.nl.yaml', broken), 'faq.nl.yaml'));
    expect(problems[0]).toMatchObject({ source: 'faq.nl.yaml', key: '(yaml)' });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(11);
    expect(problems[0]!.problem).toMatch(/not valid YAML/);
    expect(problems[0]!.fix).toBeTruthy();
  });

  it('reports bad indentation on the line where it happens', () => {
    const broken = VALID.replace('      - Wat zijn de verzendkosten?', '     - Wat zijn de verzendkosten?');
    const problems = problemsOf(() => loadFaqFile(write('faq.nl.yaml', broken), 'faq.nl.yaml'));
    expect(problems[0]).toMatchObject({ source: 'faq.nl.yaml', line: 7, key: '(yaml)' });
  });

  it('reports an empty answer with file, line, key, problem and fix', () => {
    const broken = VALID.replace('    answer: Verzenden kost **€ 4,95**.', '    answer: ""');
    const problems = problemsOf(() => loadFaqFile(write('faq.nl.yaml', broken), 'faq.nl.yaml'));
    expect(problems).toEqual([{ source: 'faq.nl.yaml', line: 8, key: 'entries[0].answer', problem: 'is empty', fix: 'write the answer text under `answer:`' }]);
  });

  it('reports a missing answer at the entry', () => {
    const broken = VALID.replace('    answer: |\n      Binnen 30 dagen.\n', '');
    const problems = problemsOf(() => loadFaqFile(write('faq.nl.yaml', broken), 'faq.nl.yaml'));
    expect(problems).toEqual([expect.objectContaining({ line: 12, key: 'entries[1].answer', problem: 'is missing' })]);
  });

  it('reports ids that are not kebab-case or used twice', () => {
    const broken = VALID.replace('id: returns', 'id: shipping-costs').replace('id: shipping-costs', 'id: Shipping_Costs');
    const problems = problemsOf(() => loadFaqFile(write('faq.nl.yaml', broken), 'faq.nl.yaml'));
    expect(problems).toEqual([expect.objectContaining({ line: 4, key: 'entries[0].id', problem: expect.stringMatching(/kebab-case/) })]);

    const twice = VALID.replace('id: returns', 'id: shipping-costs');
    const dup = problemsOf(() => loadFaqFile(write('faq.nl.yaml', twice), 'faq.nl.yaml'));
    expect(dup).toEqual([expect.objectContaining({ line: 12, key: 'entries[1].id', problem: expect.stringMatching(/already used/) })]);
  });

  it('reports unknown keys and channels on their own line', () => {
    const broken = VALID.replace('    tags: [verzending]', '    tags: [verzending]\n    anwser: typo').replace('      whatsapp:', '      signal:');
    // Checked against the channels balie runs (config passes them; see test/adapters/sms for a channel of one's own).
    const problems = problemsOf(() => loadFaqFile(write('faq.nl.yaml', broken), 'faq.nl.yaml', { channels: faqChannelKeys(channelModules) }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 10, key: 'entries[0].channels.signal', problem: 'is not a known key' }),
        expect.objectContaining({ line: 12, key: 'entries[0].anwser', problem: 'is not a known key' }),
      ]),
    );
  });

  it('reports an empty file and a file that cannot be read', () => {
    expect(problemsOf(() => loadFaqFile(write('faq.nl.yaml', ''), 'faq.nl.yaml'))[0]).toMatchObject({ source: 'faq.nl.yaml', key: '(root)' });
    expect(problemsOf(() => loadFaqFile(join(dir, 'nope.yaml'), 'faq.xx.yaml'))[0]).toMatchObject({ source: 'faq.xx.yaml', key: '(file)' });
  });
});

describe('loadFaqDir', () => {
  it('loads every faq.<language>.yaml and nothing else', () => {
    write('faq.nl.yaml', VALID);
    write('faq.en.yaml', VALID.replace('language: nl', 'language: en'));
    write('faq.yaml', 'not: an faq');
    write('balie.yaml', 'version: 1');
    expect(loadFaqDir(dir).map((f) => f.language)).toEqual(['en', 'nl']);
  });

  it('is empty for a folder without FAQ files', () => {
    expect(loadFaqDir(dir)).toEqual([]);
  });

  it('requires the language in the file name and the file to agree', () => {
    write('faq.en.yaml', VALID);
    const problems = problemsOf(() => loadFaqDir(dir));
    expect(problems).toEqual([expect.objectContaining({ source: 'faq.en.yaml', line: 2, key: 'language', problem: 'says nl but the file is named faq.en.yaml' })]);
  });

  it('reports the problems of all files together', () => {
    write('faq.nl.yaml', VALID.replace('    answer: Verzenden kost **€ 4,95**.', '    answer: ""'));
    write('faq.en.yaml', 'version: 2\nlanguage: en\nentries: []\n');
    const problems = problemsOf(() => loadFaqDir(dir));
    expect(problems.map((p) => `${p.source}:${p.line} ${p.key}`)).toEqual(['faq.en.yaml:1 version', 'faq.en.yaml:3 entries', 'faq.nl.yaml:8 entries[0].answer']);
  });
});
