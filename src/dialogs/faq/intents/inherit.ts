import type { Normaliser } from '../normalise.js';
import { dutchIntents } from './nl.js';
import { englishIntents } from './en.js';
import type { Intents } from './types.js';

const INTENTS: Readonly<Record<string, Intents>> = { en: englishIntents, nl: dutchIntents };

/** One general intent read by a language's normaliser. */
export interface IntentProfile {
  name: string;
  /** Each phrasing as its tokens' terms (stems and concepts), and all its terms. */
  phrasings: Array<{ tokens: string[][]; terms: ReadonlySet<string> }>;
  /** Terms found in enough of its phrasings to say "this intent" rather than one way of asking it. */
  common: string[];
}

/** A term of at least this share of an intent's phrasings (and two of them) is the intent's. */
const COMMON_SHARE = 0.1;

const cache = new WeakMap<Normaliser, IntentProfile[]>();

/** The general intents of the normaliser's language, analysed once per normaliser. */
export function intentProfiles(normaliser: Normaliser): IntentProfile[] {
  const cached = cache.get(normaliser);
  if (cached) return cached;
  const intents = INTENTS[normaliser.language] ?? {};
  const profiles = Object.entries(intents).map(([name, text]) => {
    const phrasings = text
      .split('|')
      .map((p) => normaliser.analyse(p).map((t) => [...new Set([...t.stems, ...t.concepts])]))
      .filter((p) => p.length > 0)
      .map((tokens) => ({ tokens, terms: new Set(tokens.flat()) }));
    const count = new Map<string, number>();
    for (const p of phrasings) for (const term of p.terms) count.set(term, (count.get(term) ?? 0) + 1);
    const common = [...count].filter(([, n]) => n >= 2 && n >= COMMON_SHARE * phrasings.length).map(([term]) => term);
    return { name, phrasings, common };
  });
  cache.set(normaliser, profiles);
  return profiles;
}

/**
 * How much one FAQ question is one phrasing of an intent: the harmonic mean of the share of the
 * question's words the phrasing has and the share of the phrasing's words the question has, so a
 * long question that merely mentions a price is not "the price question".
 */
function likeness(question: string[][], terms: ReadonlySet<string>, phrasing: IntentProfile['phrasings'][number]): number {
  if (question.length === 0) return 0;
  let a = 0;
  for (const t of question) if (t.some((term) => phrasing.terms.has(term))) a++;
  if (a === 0) return 0;
  let b = 0;
  for (const t of phrasing.tokens) if (t.some((term) => terms.has(term))) b++;
  a /= question.length;
  b /= phrasing.tokens.length;
  return (2 * a * b) / (a + b);
}

/** Mean of the three highest likenesses of the message to the intent's phrasings. */
function closest(message: string[][], terms: ReadonlySet<string>, profile: IntentProfile): number {
  let first = 0;
  let second = 0;
  let third = 0;
  for (const p of profile.phrasings) {
    const l = likeness(message, terms, p);
    if (l > first) [first, second, third] = [l, first, second];
    else if (l > second) [second, third] = [l, second];
    else if (l > third) third = l;
  }
  return (first + second + third) / 3;
}

/**
 * The intents an FAQ entry clearly is (one of its questions reads like one of the intent's phrasings
 * at least `threshold`), with the terms it inherits from them. Two price entries both inherit the
 * price intent: its words then count for both alike and their own words decide.
 */
export function inheritedTerms(questions: string[][][], profiles: IntentProfile[], threshold: number): { intents: string[]; terms: Set<string> } {
  // Per intent, the mean of its three closest phrasings: one short phrasing ("hours?") that happens
  // to share a word is not enough. Only the clearest intent (and any as clear) is inherited.
  const scored = profiles.map((profile) => ({ profile, score: Math.max(0, ...questions.map((q) => closest(q, new Set(q.flat()), profile))) }));
  const max = Math.max(0, ...scored.map((s) => s.score));
  const chosen = max >= threshold ? scored.filter((s) => s.score >= max - TIE) : [];
  return { intents: chosen.map((s) => s.profile.name), terms: new Set(chosen.flatMap((s) => s.profile.common)) };
}

/** Per intent, how much the message reads like it (mean of its three closest phrasings). */
export function intentLikeness(message: string[][], profiles: IntentProfile[]): Map<string, number> {
  const out = new Map<string, number>();
  if (message.length === 0) return out;
  const terms = new Set(message.flat());
  for (const profile of profiles) out.set(profile.name, closest(message, terms, profile));
  return out;
}

const TIE = 0.02;
