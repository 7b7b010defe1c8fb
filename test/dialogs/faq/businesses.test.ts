import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abstention, count, emptyTally, loadBusinesses, top1 } from '../../../scripts/faq/businesses.js';
import { createFaqMatcher } from '../../../src/dialogs/faq/matcher.js';

// The FAQ benchmark (see businesses/README.md and `npm run eval:faq -- --businesses`).
const dir = join(import.meta.dirname, 'businesses');

describe('the FAQ benchmark of invented businesses', () => {
  it('holds the held-out businesses exactly as they were written, before any tuning', () => {
    const pinned = readFileSync(join(dir, 'held-out.sha256'), 'utf8').trim().split('\n');
    expect(pinned.length).toBeGreaterThanOrEqual(24);
    for (const line of pinned) {
      const [hash, path] = line.split(/\s+/);
      const actual = createHash('sha256')
        .update(readFileSync(join(dir, 'held-out', path!)))
        .digest('hex');
      expect(actual, `${path} was edited after it was held out; write a new business instead`).toBe(hash);
    }
  });

  describe.each(['held-out', 'tuning'])('%s', (split) => {
    const businesses = loadBusinesses(join(dir, split));

    it('has at least four businesses with a small FAQ and enough labelled questions in both languages', () => {
      expect(businesses.length).toBeGreaterThanOrEqual(4);
      for (const b of businesses) {
        expect([...b.sets.keys()].sort(), b.name).toEqual(['en', 'nl']);
        for (const file of b.files) {
          expect(file.entries.length, `${b.name} ${file.file}`).toBeGreaterThanOrEqual(10);
          const ids = new Set(file.entries.map((e) => e.id));
          const cases = b.sets.get(file.language)!;
          expect(cases.filter((c) => c.id !== null).length, `${b.name} eval.${file.language}.yaml`).toBeGreaterThanOrEqual(40);
          expect(cases.filter((c) => c.id === null).length, `${b.name} eval.${file.language}.yaml`).toBeGreaterThanOrEqual(10);
          expect(
            cases.filter((c) => c.id !== null && !ids.has(c.id)),
            b.name,
          ).toEqual([]);
        }
      }
    });
  });

  it('keeps the tuning businesses from getting worse (floors a little under the figures of 2026-12-03)', () => {
    // A smoke test on data the matcher was tuned on; the result is the held-out figure that
    // `npm run eval:faq -- --businesses` prints.
    for (const language of ['en', 'nl']) {
      const tally = emptyTally();
      for (const b of loadBusinesses(join(dir, 'tuning'))) {
        const matcher = createFaqMatcher(b.files);
        for (const c of b.sets.get(language)!) {
          const r = matcher.match(c.q, language);
          count(tally, c.id, r.confident && r.best ? r.best.entry.id : null);
        }
      }
      expect(top1(tally), language).toBeGreaterThanOrEqual(0.62);
      expect(abstention(tally), language).toBeGreaterThanOrEqual(0.78);
    }
  });
});
