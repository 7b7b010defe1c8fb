import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkFaq } from '../../../src/dialogs/faq/check.js';
import { loadFaqDir } from '../../../src/dialogs/faq/load.js';
import { createFaqMatcher } from '../../../src/dialogs/faq/matcher.js';
import type { FaqEntry, FaqFile } from '../../../src/dialogs/faq/types.js';

let nextLine = 4;
const entry = (id: string, questions: string[], tags: string[] = []): FaqEntry => ({ id, questions, answer: `answer for ${id}`, channels: {}, tags, line: (nextLine += 6) });
const file = (language: string, entries: FaqEntry[]): FaqFile => ({ language, file: `faq.${language}.yaml`, entries });

const shipping = () => entry('shipping-costs', ['How much is shipping?', 'What are the delivery costs?', 'Is shipping free?']);
const returns = () => entry('returns', ['How do I return an item?', 'Can I send something back?', 'What is your returns policy?']);
const hours = () => entry('opening-hours', ['When are you open?', 'What are your opening hours?', 'Are you open on Sunday?']);

describe('checkFaq', () => {
  const errors = (files: FaqFile[]) => checkFaq(files).filter((p) => p.severity === 'error');

  it('finds nothing wrong in a clean FAQ', () => {
    expect(errors([file('en', [shipping(), returns(), hours()])])).toEqual([]);
  });

  it('finds no errors in the default FAQ', () => {
    expect(errors(loadFaqDir(join(import.meta.dirname, '../../../config')))).toEqual([]);
  });

  it('warns about entries with fewer than three questions, and says what to do', () => {
    const short = entry('parking', ['Where can I park?', 'Is there parking?']);
    const problems = checkFaq([file('en', [shipping(), returns(), short])]).filter((p) => p.kind === 'few-questions');
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        id: 'parking',
        line: short.line,
        message: expect.stringMatching(/has 2 questions; add 1 more, each asked the way a customer would/),
      }),
    ]);
  });

  it('reports an id used twice in one file, at the second entry', () => {
    const second = entry('returns', ['Can I exchange a product?', 'Can I swap an item for another size?', 'Do you exchange items?']);
    const problems = checkFaq([file('en', [shipping(), returns(), second])]);
    expect(problems).toContainEqual(expect.objectContaining({ kind: 'duplicate-id', file: 'faq.en.yaml', line: second.line, id: 'returns' }));
  });

  it('reports the same question twice, literally or in another entry with the same meaning', () => {
    const a = returns();
    const b = entry('exchange', ['Can I exchange a product?', 'can I send something back', 'Do you swap items?']);
    const c = entry('refund-time', ['When do I get my refund?', 'When will I get my money back?', 'when do i get my REFUND']);
    const problems = checkFaq([file('en', [shipping(), a, b, c])]).filter((p) => p.kind === 'duplicate-question');
    expect(problems).toEqual([
      expect.objectContaining({
        id: 'exchange',
        line: b.line,
        message: expect.stringMatching(/"can I send something back" is the same question as "Can I send something back\?" in entry "returns"/),
      }),
      expect.objectContaining({
        id: 'refund-time',
        line: c.line,
        message: expect.stringMatching(/"when do i get my REFUND" is the same question as "When do I get my refund\?" earlier in this entry/),
      }),
    ]);
    // Phrasings that only normalise alike within one entry are harmless.
    expect(checkFaq([file('en', [entry('shipping-costs', ['How much is shipping?', 'What does shipping cost?', 'Is shipping free?'])])])).toEqual([]);
  });

  it('reports a question that the given matcher answers with another entry', () => {
    // E.g. a matcher built from an older version of the file, where the question was elsewhere.
    const current = file('en', [shipping(), returns(), hours()]);
    const older = file('en', [entry('shipping-costs', ['How much is shipping?', 'Can I send something back?']), hours()]);
    const problems = checkFaq([current], createFaqMatcher([older]));
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'confusable',
        id: 'returns',
        line: current.entries[1]!.line,
        message: expect.stringMatching(/"Can I send something back\?" is answered with entry "shipping-costs"/),
      }),
    ]);
  });

  it('reports a question that, without itself, belongs to another entry', () => {
    // A shipping-costs question listed under returns.
    const mixed = entry('returns', ['How do I return an item?', 'Can I return something?', 'How much do you charge for delivery?']);
    const problems = checkFaq([file('en', [shipping(), mixed, hours()])]);
    expect(problems.filter((p) => p.kind === 'confusable')).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        id: 'returns',
        line: mixed.line,
        message: expect.stringMatching(
          /"How much do you charge for delivery\?" is closer to entry "shipping-costs".*add to "returns" a question that names what sets it apart from "shipping-costs"/,
        ),
      }),
    );
  });

  it('reports questions of two entries that are nearly the same', () => {
    const a = entry('gift-cards', ['Do you sell gift cards?', 'How do I check my gift card balance?', 'Is a gift card valid for long?']);
    const b = entry('gift-vouchers', ['Do you sell gift cards online?', 'Can I buy a voucher?', 'Are vouchers refundable?']);
    const problems = checkFaq([file('en', [a, b, hours()])]).filter((p) => p.kind === 'confusable');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.file === 'faq.en.yaml' && p.line > 0)).toBe(true);
  });

  it('reports entries that are missing in another language', () => {
    const en = file('en', [shipping(), returns(), hours()]);
    const nlHours = entry('opening-hours', ['Wanneer zijn jullie open?', 'Wat zijn jullie openingstijden?', 'Zijn jullie op zondag open?']);
    const nlExtra = entry('jobs', ['Hebben jullie vacatures?', 'Kan ik bij jullie werken?', 'Zoeken jullie personeel?']);
    const nl = file('nl', [nlHours, nlExtra]);
    const problems = checkFaq([en, nl]).filter((p) => p.kind === 'missing-translation');
    expect(problems.map((p) => `${p.file}:${p.line} ${p.id}`)).toEqual([
      `faq.en.yaml:${en.entries[0]!.line} shipping-costs`,
      `faq.en.yaml:${en.entries[1]!.line} returns`,
      `faq.nl.yaml:${nlExtra.line} jobs`,
    ]);
    expect(problems[0]!.message).toMatch(/no translation in faq\.nl\.yaml/);
  });

  it('sorts problems by file and line', () => {
    const en = file('en', [returns(), shipping(), returns()]);
    const problems = checkFaq([en, file('nl', [])]);
    const keys = problems.map((p) => [p.file, p.line] as const);
    expect(keys).toEqual([...keys].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]));
  });
});
