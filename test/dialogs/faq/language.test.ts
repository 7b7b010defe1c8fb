import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/dialogs/faq/language.js';

const both = ['nl', 'en'];

describe('detectLanguage', () => {
  it.each([
    ['waar is mijn pakket', 'nl'],
    ['hoe laat zijn jullie open', 'nl'],
    ['ik wil mijn bestelling annuleren', 'nl'],
    ['Hallo, ik heb een vraag over mijn bestelling', 'nl'],
    ['de schroeven zaten er niet bij', 'nl'],
    ['kan ik met paypal betalen', 'nl'],
    ['hoi ik wil graag weten hoe lang het duurt voordat mijn pakketje er is', 'nl'],
    ['where is my parcel', 'en'],
    ['what time do you open', 'en'],
    ['I want to cancel my order', 'en'],
    ['hi there, quick question about my order', 'en'],
    ['the screws were not in the box', 'en'],
    ['can i pay with paypal', 'en'],
    ["what's the weather like in utrecht", 'en'],
  ])('%s → %s', (text, language) => {
    const detected = detectLanguage(text, both);
    expect(detected?.language).toBe(language);
    expect(detected!.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('returns undefined for text that is too short or has no language', () => {
    for (const text of ['', '   ', 'ok', '123', '?!', 'PayPal', 'TC-123456', 'open']) expect(detectLanguage(text, both), text).toBeUndefined();
  });

  it('is less sure of one word than of a sentence', () => {
    const word = detectLanguage('bedankt', both);
    const sentence = detectLanguage('bedankt voor je hulp, dat was alles wat ik wilde weten', both);
    expect(word?.language).toBe('nl');
    expect(sentence?.language).toBe('nl');
    expect(word!.confidence).toBeLessThan(0.6);
    expect(sentence!.confidence).toBeGreaterThan(0.85);
  });

  it('recognises typical words even without function words', () => {
    expect(detectLanguage('retourneren', both)?.language).toBe('nl');
    expect(detectLanguage('shipping costs', both)?.language).toBe('en');
  });

  it('returns undefined for mixed text', () => {
    expect(detectLanguage('hoi hello', both)).toBeUndefined();
  });

  it('only picks from the candidates', () => {
    expect(detectLanguage('waar is mijn pakket', ['en'])).toBeUndefined();
    expect(detectLanguage('where is my parcel', ['en'])?.language).toBe('en');
    expect(detectLanguage('where is my parcel', [])).toBeUndefined();
    // A language without word lists can be a candidate but is never recognised.
    expect(detectLanguage('wo ist mein Paket', ['de', 'en'])).toBeUndefined();
  });

  it('does not depend on the order of the candidates', () => {
    expect(detectLanguage('hoe laat zijn jullie open', ['en', 'nl'])).toEqual(detectLanguage('hoe laat zijn jullie open', ['nl', 'en']));
  });
});
