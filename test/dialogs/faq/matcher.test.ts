import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFaqDir } from '../../../src/dialogs/faq/load.js';
import { createFaqMatcher } from '../../../src/dialogs/faq/matcher.js';
import type { FaqEntry, FaqFile } from '../../../src/dialogs/faq/types.js';

const files = loadFaqDir(join(import.meta.dirname, '../../../config'));
const matcher = createFaqMatcher(files);

/** The id of the confident answer, or null when the matcher abstains. */
const answer = (text: string, language: string) => {
  const r = matcher.match(text, language);
  return r.confident ? r.best!.entry.id : null;
};

describe('createFaqMatcher on the default FAQ', () => {
  it('ignores word order, casing and punctuation', () => {
    expect(answer('How much is shipping?', 'en')).toBe('shipping-costs');
    expect(answer('shipping how much is it', 'en')).toBe('shipping-costs');
    expect(answer('HOW MUCH IS SHIPPING???', 'en')).toBe('shipping-costs');
    expect(answer('verzendkosten wat zijn die', 'nl')).toBe('shipping-costs');
    const a = matcher.match('cancel order how', 'en');
    const b = matcher.match('how cancel order', 'en');
    expect(a.candidates).toEqual(b.candidates);
  });

  it('does not care about accents', () => {
    expect(answer('leveren jullie in belgie', 'nl')).toBe('international-shipping');
    expect(answer('leveren jullie in België', 'nl')).toBe('international-shipping');
    expect(matcher.match('Is het hout FSC-gecertificeerd?', 'nl').best?.score).toBe(matcher.match('is het hout fsc gecertificeerd', 'nl').best?.score);
  });

  it('forgives small typos', () => {
    expect(answer('shiping costs', 'en')).toBe('shipping-costs');
    expect(answer('hoeveel verzendkostn', 'nl')).toBe('shipping-costs');
    expect(answer('how long is the warrenty', 'en')).toBe('warranty');
    expect(answer('hoe lang is de garnatie', 'nl')).toBe('warranty');
    expect(answer('can i pay with paypall', 'en')).toBe('payment-methods');
  });

  it('matches Dutch word forms', () => {
    for (const q of ['wanneer wordt het bezorgd', 'hoe lang duurt de bezorging', 'wanneer bezorgen jullie']) expect(answer(q, 'nl'), q).toBe('delivery-time');
    for (const q of ['ik wil iets terugsturen', 'hoe kan ik retourneren', 'kan ik het retour sturen']) expect(answer(q, 'nl'), q).toBe('returns');
    expect(answer('ik heb iets teruggestuurd, wanneer krijg ik mijn geld terug', 'nl')).toBe('refund-time');
  });

  it('matches English word forms', () => {
    for (const q of ['how fast do you ship', 'how long does shipping take']) expect(answer(q, 'en'), q).toBe('delivery-time');
    for (const q of ['cancelling my order', 'can my order still be cancelled', 'order cancellation']) expect(answer(q, 'en'), q).toBe('cancel-order');
    expect(answer('how long do refunds take', 'en')).toBe('refund-time');
  });

  it('understands chatty messages', () => {
    expect(answer('hoi, ik wil graag weten hoe lang het duurt voordat mijn pakketje er is', 'nl')).toBe('delivery-time');
    expect(answer('hi there! quick question: do you guys ship to germany? thanks', 'en')).toBe('international-shipping');
  });

  it('abstains on questions the FAQ does not cover', () => {
    for (const q of ["what's the weather", 'who will win the world cup', 'can you write me a poem', 'tell me a joke', 'what is the capital of france']) {
      expect(answer(q, 'en'), q).toBeNull();
    }
    for (const q of ['wat voor weer wordt het', 'wie wint het WK', 'schrijf een gedicht voor me', 'vertel een mop', 'wat is de hoofdstad van frankrijk']) {
      expect(answer(q, 'nl'), q).toBeNull();
    }
  });

  it('abstains on empty messages and messages of only stopwords', () => {
    for (const q of ['', '   ', '?!', 'the and of', 'de het een']) {
      const r = matcher.match(q, q.startsWith('de') ? 'nl' : 'en');
      expect(r, q).toEqual({ confident: false, confidence: 0, candidates: [] });
    }
  });

  it('answers from the FAQ of the language asked for', () => {
    const nl = matcher.match('hoe lang duurt de levering', 'nl');
    expect(nl.best?.entry.answer).toBe(files.find((f) => f.language === 'nl')!.entries.find((e) => e.id === 'delivery-time')!.answer);
    const en = matcher.match('how long does delivery take', 'en');
    expect(en.best?.entry.answer).toMatch(/next working day/);
    expect(matcher.languages().sort()).toEqual(['en', 'nl']);
  });

  it('falls back to the FAQ of the language the message is in when the asked language has none', () => {
    expect(matcher.match('hoe lang duurt de levering', 'de').best?.entry.answer).toMatch(/volgende werkdag/);
    expect(matcher.match('how long does delivery take', 'fr').best?.entry.answer).toMatch(/next working day/);
  });

  it('gives up to three candidates, best first, all different entries', () => {
    const r = matcher.match('i want to send my order back and get my money', 'en');
    expect(r.candidates.length).toBeLessThanOrEqual(3);
    expect(new Set(r.candidates.map((c) => c.entry.id)).size).toBe(r.candidates.length);
    const scores = r.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.best).toBe(r.candidates[0]);
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic', () => {
    for (const q of ['where is my tracking code', 'kan ik achteraf betalen', 'something random']) {
      expect(matcher.match(q, 'en')).toEqual(matcher.match(q, 'en'));
      expect(createFaqMatcher(files).match(q, 'nl')).toEqual(matcher.match(q, 'nl'));
    }
  });

  it('lets the threshold be configured', () => {
    const strict = createFaqMatcher(files, { threshold: 0.99 });
    expect(matcher.match('what time do you open', 'en').confident).toBe(true);
    expect(strict.match('what time do you open', 'en').confident).toBe(false);
    const lenient = createFaqMatcher(files, { threshold: 0.01 });
    expect(lenient.match('do you like my gift', 'en').candidates.length).toBeGreaterThan(0);
  });
});

describe('createFaqMatcher on a small FAQ', () => {
  const entry = (id: string, questions: string[], tags: string[] = []): FaqEntry => ({ id, questions, answer: `answer ${id}`, channels: {}, tags, line: 1 });
  const small: FaqFile[] = [
    {
      language: 'en',
      file: 'faq.en.yaml',
      entries: [entry('hours', ['When are you open?', 'What are your opening hours?']), entry('parking', ['Where can I park?', 'Is there parking?'], ['car'])],
    },
  ];

  it('matches tags as well as questions', () => {
    expect(createFaqMatcher(small).match('car', 'en').best?.entry.id).toBe('parking');
  });

  it('abstains when nothing is known', () => {
    expect(createFaqMatcher([]).match('when are you open', 'en')).toEqual({ confident: false, confidence: 0, candidates: [] });
    expect(createFaqMatcher([]).languages()).toEqual([]);
  });

  it('works for a language without word lists', () => {
    const de: FaqFile[] = [
      { language: 'de', file: 'faq.de.yaml', entries: [entry('hours', ['Wann haben Sie geöffnet?', 'Öffnungszeiten']), entry('parking', ['Wo kann ich parken?', 'Parkplatz'])] },
    ];
    const m = createFaqMatcher(de);
    expect(m.match('wann geoffnet', 'de').best?.entry.id).toBe('hours');
    expect(m.match('parkplatz', 'de').best?.entry.id).toBe('parking');
  });

  it('does not count a shop word the FAQ lacks as unknown', () => {
    const withShop: FaqFile[] = [{ ...small[0]!, shopWords: ['bicycle'] }];
    const a = createFaqMatcher(small).match('where can i park my bicycle', 'en').best!.score;
    const b = createFaqMatcher(withShop).match('where can i park my bicycle', 'en').best!.score;
    expect(b).toBeGreaterThan(a);
    expect(b).toBe(createFaqMatcher(withShop).match('where can i park', 'en').best!.score);
  });

  it('lets a shop word that only one entry has tell entries apart', () => {
    const prices = (id: string, thing: string): FaqEntry => entry(id, [`How much does a ${thing} cost?`, `What is the price of a ${thing}?`]);
    const shop: FaqFile[] = [
      {
        language: 'en',
        file: 'faq.en.yaml',
        shopWords: ['cottage', 'tent', 'park'],
        entries: [prices('cottage-prices', 'cottage'), prices('camping-prices', 'tent pitch'), entry('hours', ['When is the park open?', 'What are your opening hours?'])],
      },
    ];
    const m = createFaqMatcher(shop);
    expect(m.match('price of a tent per night', 'en').best?.entry.id).toBe('camping-prices');
    expect(m.match('what does a cottage cost', 'en').best?.entry.id).toBe('cottage-prices');
  });

  it('reads a Dutch compound as its parts', () => {
    const nl: FaqFile[] = [
      {
        language: 'nl',
        file: 'faq.nl.yaml',
        entries: [
          entry('rental-prices', ['Wat kost het huren van een fiets?', 'Wat zijn de prijzen voor fietsverhuur?']),
          entry('cancel', ['Hoe kan ik annuleren?', 'Kan ik mijn reservering afzeggen?']),
          entry('hours', ['Wanneer zijn jullie open?', 'Wat zijn de openingstijden?']),
        ],
      },
    ];
    const m = createFaqMatcher(nl);
    expect(m.match('wat kost een huurfiets', 'nl').best?.entry.id).toBe('rental-prices');
    expect(m.match('annuleringskosten?', 'nl').candidates.map((c) => c.entry.id)).toContain('cancel');
  });

  it('knows what customers of any business mean without synonyms in the FAQ', () => {
    const shop: FaqFile[] = [
      {
        language: 'en',
        file: 'faq.en.yaml',
        entries: [
          entry('hours', ['What are your opening hours?', 'When are you open?']),
          entry('payment', ['How can I pay?', 'Which payment methods do you accept?']),
          entry('booking', ['How do I make an appointment?', 'Can I book online?']),
        ],
      },
    ];
    const m = createFaqMatcher(shop);
    expect(m.match('what time do you close on saturday', 'en').best?.entry.id).toBe('hours');
    expect(m.match('do you take cash or card', 'en').best?.entry.id).toBe('payment');
    expect(m.match('can i schedule a slot for next week', 'en').best?.entry.id).toBe('booking');
  });
});
