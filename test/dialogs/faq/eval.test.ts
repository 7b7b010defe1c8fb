import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadEvalDir } from '../../../src/dialogs/faq/evaluate.js';
import { loadFaqDir } from '../../../src/dialogs/faq/load.js';
import { createFaqMatcher } from '../../../src/dialogs/faq/matcher.js';

// Keeps the FAQ's answer quality from regressing: see `npm run eval:faq` for the misses.
const files = loadFaqDir(join(import.meta.dirname, '../../../config'));
const matcher = createFaqMatcher(files);
const sets = loadEvalDir(import.meta.dirname);

describe('FAQ evaluation set', () => {
  it('covers English and Dutch', () => {
    expect([...sets.keys()].sort()).toEqual(['en', 'nl']);
  });

  describe.each([...sets])('%s', (language, cases) => {
    it('has at least 100 questions, 25 of them out of scope, labelled with ids the FAQ has', () => {
      expect(cases.length).toBeGreaterThanOrEqual(100);
      expect(cases.filter((c) => c.id === null).length).toBeGreaterThanOrEqual(25);
      const ids = new Set(files.find((f) => f.language === language)!.entries.map((e) => e.id));
      expect(cases.filter((c) => c.id !== null && !ids.has(c.id))).toEqual([]);
    });

    it('answers at least 90% of in-scope questions correctly and abstains on at least 90% of the rest', () => {
      const report = evaluate(matcher, language, cases);
      const misses = report.misses.map((m) => `${m.line}: "${m.q}" expected ${m.expected ?? 'no answer'}, got ${m.got ?? 'no answer'}`);
      expect(report.top1, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
      expect(report.abstention, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    });
  });
});
