import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { createLiveFaq } from '../../../src/dialogs/faq/live.js';
import { loadFaqDir } from '../../../src/dialogs/faq/load.js';
import { applyOverlay } from '../../../src/dialogs/faq/overlay.js';
import { problemsWithTeaching } from '../../../src/dialogs/faq/teach.js';
import type { FaqTeaching } from '../../../src/core/listening/types.js';

const CONFIG = resolve(import.meta.dirname, '../../../config');
const files = loadFaqDir(CONFIG);
const repair: FaqTeaching = { kind: 'phrasing', entryId: 'warranty', language: 'en', question: 'Do you repair e-bikes?' };

describe('teaching the FAQ from the desk', () => {
  it('accepts a phrasing the check:faq rules have nothing against, and the overlay applies it (twice is once)', () => {
    expect(problemsWithTeaching(files, [], repair)).toEqual([]);
    const taught = applyOverlay(files, [repair, repair]);
    const warranty = taught.find((f) => f.language === 'en')!.entries.find((e) => e.id === 'warranty')!;
    expect(warranty.questions.filter((q) => q === 'Do you repair e-bikes?')).toHaveLength(1);
    // The files themselves are untouched.
    expect(files.find((f) => f.language === 'en')!.entries.find((e) => e.id === 'warranty')!.questions).not.toContain('Do you repair e-bikes?');
  });

  it('rejects what check:faq would report as an error, saying which entry it clashes with', () => {
    const [problem] = problemsWithTeaching(files, [], { ...repair, question: 'When are you open?' });
    expect(problem).toMatch(/same question as "When are you open\?" in entry "opening-hours"/);
    expect(problemsWithTeaching(files, [], { ...repair, entryId: 'nope' })).toEqual(['there is no entry "nope" in faq.en.yaml']);
    expect(problemsWithTeaching(files, [], { ...repair, language: 'de' })[0]).toMatch(/no FAQ in "de"/);
  });

  it('wants a new entry in every FAQ language, with an id of its own', () => {
    const entry = (texts: Record<string, { question: string; answer: string }>, entryId = 'bike-rental'): FaqTeaching => ({ kind: 'entry', entryId, texts });
    const en = { question: 'Do you rent out bicycles?', answer: 'No, we do not rent out bicycles.' };
    const nl = { question: 'Verhuren jullie fietsen?', answer: 'Nee, we verhuren geen fietsen.' };
    expect(problemsWithTeaching(files, [], entry({ en }))[0]).toMatch(/in nl too/);
    expect(problemsWithTeaching(files, [], entry({ en, nl }, 'warranty'))[0]).toMatch(/already used/);
    expect(problemsWithTeaching(files, [], entry({ en, nl }))).toEqual([]);
  });

  it('the live FAQ answers from the overlay at once, and from the files alone when it is emptied', () => {
    const live = createLiveFaq({ files, configDir: CONFIG, logger: createLogger({ level: 'silent' }), watch: false });
    expect(live.matcher.match('Do you repair e-bikes?', 'en').confident).toBe(false);
    live.setOverlay([repair]);
    const result = live.matcher.match('Do you repair e-bikes?', 'en');
    expect(result.confident).toBe(true);
    expect(result.best?.entry.id).toBe('warranty');
    // A paraphrase benefits too: the phrasing is indexed like a file phrasing.
    expect(live.matcher.match('can you repair my e-bike', 'en').best?.entry.id).toBe('warranty');
    live.setOverlay([]);
    expect(live.matcher.match('Do you repair e-bikes?', 'en').confident).toBe(false);
  });
});
