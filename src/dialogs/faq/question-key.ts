import type { QuestionGrouping } from '../../core/listening/types.js';
import { rulesFor } from './languages/index.js';
import { normaliserFor, type Normaliser } from './normalise.js';
import { dice, trigrams } from './similarity.js';

/** Keys whose letters look at least this much alike ask the same question (check:faq calls 0.85 "nearly the same"). */
const SAME_QUESTION = 0.8;

/**
 * Groups the questions the bot could not answer the way check:faq compares phrasings: the sorted
 * normalised terms (stems and lexicon concepts; word order, casing, stopwords and word forms do not
 * count), and trigram likeness of those terms.
 */
export function createQuestionGrouping(): QuestionGrouping {
  const normalisers = new Map<string, Normaliser>();
  const normaliser = (language: string) => {
    let n = normalisers.get(language);
    if (!n) normalisers.set(language, (n = normaliserFor(rulesFor(language))));
    return n;
  };
  return {
    keyOf(text, language) {
      return [
        ...new Set(
          normaliser(language)
            .analyse(text)
            .flatMap((t) => [...t.stems, ...t.concepts]),
        ),
      ]
        .sort()
        .join(' ');
    },
    same(a, b) {
      return a === b || dice(trigrams(a.split(' ')), trigrams(b.split(' '))) >= SAME_QUESTION;
    },
  };
}
