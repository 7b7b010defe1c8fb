import { describe, expect, it } from 'vitest';
import { rulesFor } from '../../../src/dialogs/faq/languages/index.js';
import { stemEnglish } from '../../../src/dialogs/faq/languages/en.js';
import { stemDutch } from '../../../src/dialogs/faq/languages/nl.js';
import { createNormaliser, fold, plainRules } from '../../../src/dialogs/faq/normalise.js';
import { editDistance } from '../../../src/dialogs/faq/similarity.js';

const terms = (language: string, text: string) => createNormaliser(rulesFor(language)).analyse(text).flatMap((t) => t.terms);

describe('fold', () => {
  it('lower-cases, strips accents and punctuation, keeps contractions whole', () => {
    expect(fold('Categorieën? Één, twee — DRIE!')).toBe('categorieen een twee drie');
    expect(fold("What's the track & trace?")).toBe('whats the track trace');
    expect(fold('  ')).toBe('');
  });
});

describe('stemming', () => {
  it('brings Dutch word forms together', () => {
    for (const group of [
      ['bezorgen', 'bezorgd', 'bezorging', 'bezorgde', 'bezorgt'],
      ['bestellen', 'bestelling', 'bestellingen', 'besteld', 'bestelt'],
      ['betalen', 'betaald', 'betaling', 'betaal'],
      ['pakket', 'pakketje', 'pakketten', 'pakketjes'],
      ['terugsturen', 'teruggestuurd'],
      ['retourneren', 'retourneer', 'geretourneerd'],
    ]) {
      expect(new Set(group.map(stemDutch)).size, group.join(' ')).toBe(1);
    }
  });

  it('brings English word forms together', () => {
    for (const group of [
      ['ship', 'ships', 'shipping', 'shipped'],
      ['cancel', 'cancels', 'cancelled', 'cancelling', 'cancellation'],
      ['change', 'changes', 'changed', 'changing'],
      ['country', 'countries'],
      ['pay', 'payment', 'payments'],
    ]) {
      expect(new Set(group.map(stemEnglish)).size, group.join(' ')).toBe(1);
    }
  });
});

describe('createNormaliser', () => {
  it('drops stopwords and maps synonyms to one term', () => {
    expect(terms('nl', 'hoi, ik wil graag iets terugsturen')).toEqual(terms('nl', 'retourneren'));
    expect(terms('nl', 'bezorging')).toEqual(terms('nl', 'verzending'));
    expect(terms('en', 'delivery')).toEqual(terms('en', 'shipping'));
    expect(terms('en', 'Can I get a refund please?')).toEqual(terms('en', 'refund'));
  });

  it('joins phrases, also in other word forms', () => {
    expect(terms('en', 'credit cards')).toEqual(terms('en', 'creditcard'));
    expect(terms('en', 'track and trace')).toEqual(terms('en', 'tracking'));
    expect(terms('nl', 'in elkaar zetten')).toEqual(terms('nl', 'montage'));
  });

  it('keeps different meanings of one stem apart where the lists say so', () => {
    expect(terms('nl', 'werken')).not.toEqual(terms('nl', 'werkt'));
    expect(terms('en', 'missed')).not.toEqual(terms('en', 'missing'));
  });

  it('works without word lists for other languages', () => {
    const n = createNormaliser(plainRules('de'));
    expect(n.analyse('Wann öffnen Sie?').map((t) => t.terms)).toEqual([['wann'], ['offnen'], ['sie']]);
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
