import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../../src/dialogs/faq/faq-index.js';
import { englishIntents } from '../../../../src/dialogs/faq/intents/en.js';
import { dutchIntents } from '../../../../src/dialogs/faq/intents/nl.js';
import { createFaqMatcher } from '../../../../src/dialogs/faq/matcher.js';
import type { FaqEntry, FaqFile } from '../../../../src/dialogs/faq/types.js';

const entry = (id: string, questions: string[]): FaqEntry => ({ id, questions, answer: `answer ${id}`, channels: {}, tags: [], line: 1 });

describe('general customer-service intents', () => {
  const entries = [
    entry('repair-time', ['How long does a repair take?', 'When will my bike be ready?']),
    entry('helmets', ['Do you sell helmets?', 'Which helmets do you have?']),
    entry('tyre-price', ['How much is a new tyre?', 'Price of a tyre?']),
    entry('service-price', ['How much is a yearly service?', 'What does a service cost?']),
  ];
  const index = buildIndex('en', entries);
  const of = (id: string) => index.entries.find((e) => e.entry.id === id)!;

  it('lets an entry that clearly is a common intent inherit it, and an entry of its own kind none', () => {
    expect(of('repair-time').intents).toEqual(['duration']);
    expect(of('helmets').intents).toEqual([]);
  });

  it('gives two entries of one intent the same inherited words, so their own words decide', () => {
    expect(of('tyre-price').intents).toEqual(['price']);
    expect(of('service-price').intents).toEqual(['price']);
    const files: FaqFile[] = [{ language: 'en', file: 'faq.en.yaml', entries }];
    const matcher = createFaqMatcher(files);
    expect(matcher.match('what do you charge for a tyre', 'en').best?.entry.id).toBe('tyre-price');
    expect(matcher.match('what do you charge for the yearly service', 'en').best?.entry.id).toBe('service-price');
  });

  it('has many phrasings per intent, in both languages', () => {
    for (const intents of [englishIntents, dutchIntents]) {
      expect(Object.keys(intents).length).toBeGreaterThanOrEqual(20);
      for (const [name, text] of Object.entries(intents)) expect(text.split('|').length, name).toBeGreaterThanOrEqual(13);
    }
    expect(Object.keys(dutchIntents).sort()).toEqual(Object.keys(englishIntents).sort());
  });
});
