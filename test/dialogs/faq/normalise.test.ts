import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../src/dialogs/faq/languages/index.js';
import { stemEnglish } from '../../../src/dialogs/faq/languages/en.js';
import { stemDutch, dutchStemVariants } from '../../../src/dialogs/faq/languages/nl.js';
import { createNormaliser, fold, plainRules } from '../../../src/dialogs/faq/normalise.js';
import { editDistance } from '../../../src/dialogs/faq/similarity.js';

const normaliser = (language: string) => createNormaliser(rulesFor(language));
const concepts = (language: string, text: string) =>
  [
    ...new Set(
      normaliser(language)
        .analyse(text)
        .flatMap((t) => t.concepts),
    ),
  ].sort();
const surfaces = (language: string, text: string) =>
  normaliser(language)
    .analyse(text)
    .map((t) => t.surface);
/** Two words meet when they share a stem (or a stem variant). */
const meet = (language: string, a: string, b: string) => {
  const n = normaliser(language);
  return n.stemsOf(a).some((s) => n.stemsOf(b).includes(s));
};

describe('fold', () => {
  it('lower-cases, strips accents and punctuation, keeps contractions whole', () => {
    expect(fold('Categorieën? Één, twee — DRIE!')).toBe('categorieen een twee drie');
    expect(fold("What's the track & trace?")).toBe('whats the track trace');
    expect(fold('  ')).toBe('');
  });
});

describe('stemming (Snowball, from @orama/stemmers)', () => {
  it('brings Dutch word forms together', () => {
    for (const group of [
      ['bezorgen', 'bezorgd', 'bezorging', 'bezorgde', 'bezorgt'],
      ['bestellen', 'bestelling', 'bestellingen', 'besteld', 'bestelt'],
      ['betalen', 'betaald', 'betaling', 'betaal'],
      ['pakket', 'pakketje', 'pakketten', 'pakketjes'],
      ['terugsturen', 'teruggestuurd'],
      ['retourneren', 'retourneer', 'geretourneerd'],
      ['afspraak', 'afspraken', 'afspraakje'],
      ['fiets', 'fietsen'],
    ]) {
      for (const word of group.slice(1)) expect(meet('nl', group[0]!, word), `${group[0]} ${word}`).toBe(true);
    }
  });

  it('keeps a Dutch noun that looks like a participle itself', () => {
    expect(stemDutch('gedicht')).not.toBe(stemDutch('dicht'));
    expect(dutchStemVariants(stemDutch('bezorgd'))).toContain(stemDutch('bezorgen'));
  });

  it('brings English word forms together', () => {
    for (const group of [
      ['ship', 'ships', 'shipping', 'shipped'],
      ['cancel', 'cancels', 'cancelled', 'canceled', 'cancelling', 'cancellation'],
      ['change', 'changes', 'changed', 'changing'],
      ['country', 'countries'],
      ['appointment', 'appointments'],
    ]) {
      expect(new Set(group.map(stemEnglish)).size, group.join(' ')).toBe(1);
    }
  });
});

describe('the lexicon', () => {
  it('gives words customers use for one thing the same concept', () => {
    expect(concepts('en', 'how much')).toEqual(['@price']);
    for (const q of ['price', 'cost', 'fee', 'tariff', 'expensive']) expect(concepts('en', q), q).toContain('@price');
    for (const q of ['prijs', 'kosten', 'tarief', 'hoeveel kost', 'duur']) expect(concepts('nl', q), q).toContain('@price');
    for (const q of ['openingstijden', 'geopend', 'dicht']) expect(concepts('nl', q), q).toContain('@open');
    for (const q of ['bezorgen', 'leveren', 'verzending']) expect(concepts('nl', q), q).toContain('@delivery');
    for (const q of ['pinnen', 'contant', 'betalen']) expect(concepts('nl', q), q).toContain('@pay');
    for (const q of ['afspraak', 'inplannen', 'reserveren']) expect(concepts('nl', q), q).toContain('@appointment');
  });

  it('keeps the words of a phrase as well as its meaning', () => {
    // "pay later" is about paying and about later, not only about paying.
    expect(surfaces('en', 'can I pay later?')).toEqual(['pay', 'later']);
    expect(concepts('en', 'pay later')).toContain('@pay');
  });

  it('drops stopwords and expands texting short forms', () => {
    expect(surfaces('en', 'hi, r u open on sat pls')).toEqual(['open', 'saturday']);
    expect(surfaces('nl', 'hoi, wnr zijn jullie open?')).toEqual(['wanneer', 'open']);
  });

  it('works without word lists for other languages', () => {
    const n = createNormaliser(plainRules('de'));
    expect(n.analyse('Wann öffnen Sie?').map((t) => t.stems)).toEqual([['wann'], ['offnen'], ['sie']]);
  });
});

describe('editDistance', () => {
  it('counts inserts, deletes, substitutions and swaps of neighbours', () => {
    expect(editDistance('shipping', 'shiping')).toBe(1);
    expect(editDistance('garantie', 'garnatie')).toBe(1);
    expect(editDistance('verzendkosten', 'verzendkostn')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('stops early past the maximum', () => {
    expect(editDistance('shipping', 'returns', 1)).toBe(2);
  });
});
