/**
 * The pieces of calibration shared by tune.ts (fit on everything) and lobo.ts (fit with one business
 * left out in turn): the labelled sets as indexes, each question's outcome and evidence, the
 * logistic confidence model and the figures it gives. Reads only the TUNING businesses and the demo
 * shop, never the held-out ones.
 */
import { join, resolve } from 'node:path';
import { loadEvalDir, type EvalCase } from '../../src/dialogs/faq/evaluate.js';
import { buildIndex, type LanguageIndex } from '../../src/dialogs/faq/faq-index.js';
import { loadFaqDir } from '../../src/dialogs/faq/load.js';
import { confidenceOf, type ConfidenceModel, type Evidence } from '../../src/dialogs/faq/confidence.js';
import { evidenceOf, isAbout, rank, type Scoring } from '../../src/dialogs/faq/matcher.js';
import type { FaqFile } from '../../src/dialogs/faq/types.js';
import { loadBusinesses } from './businesses.js';

export interface LabelledSet {
  name: string;
  language: string;
  index: LanguageIndex;
  cases: EvalCase[];
}

function setsOf(name: string, files: FaqFile[], evals: Map<string, EvalCase[]>): LabelledSet[] {
  return [...evals].map(([language, cases]) => {
    const ofLanguage = files.filter((f) => f.language === language);
    return {
      name,
      language,
      cases,
      index: buildIndex(
        language,
        ofLanguage.flatMap((f) => f.entries),
        ofLanguage.flatMap((f) => f.shopWords ?? []),
      ),
    };
  });
}

/** The tuning businesses (name = folder) and the demo shop (name 'demo'). */
export function loadLabelledSets(): LabelledSet[] {
  const root = resolve(import.meta.dirname, '../..');
  return [
    ...loadBusinesses(join(root, 'test/dialogs/faq/businesses/tuning')).flatMap((b) => setsOf(b.name, b.files, b.sets)),
    ...setsOf('demo', loadFaqDir(join(root, 'config')), loadEvalDir(join(root, 'test/dialogs/faq'))),
  ];
}

/** Per question: where it belongs, whether the best entry is right, and the evidence. */
export interface Outcome {
  business: string;
  group: string;
  inScope: boolean;
  right: boolean;
  evidence?: Evidence;
  /** False when the short-message gate (matcher.isAbout) refuses to answer whatever the confidence. */
  about: boolean;
}

export function outcomes(sets: LabelledSet[], scoring: Scoring): Outcome[] {
  const out: Outcome[] = [];
  for (const set of sets) {
    for (const c of set.cases) {
      const ranking = rank(set.index, c.q, scoring);
      out.push({
        business: set.name,
        group: `${set.name === 'demo' ? 'demo' : 'tuning'}:${set.language}`,
        inScope: c.id !== null,
        right: c.id !== null && ranking.ranked[0]?.entry.id === c.id,
        evidence: evidenceOf(ranking),
        about: isAbout(ranking),
      });
    }
  }
  return out;
}

export const FEATURES = ['best', 'gap', 'topic', 'known', 'covered', 'missing', 'head', 'unexplained'] as const;

const zero = (): ConfidenceModel => ({ bias: 0, best: 0, gap: 0, topic: 0, known: 0, covered: 0, missing: 0, head: 0, unexplained: 0 });

/** Logistic regression by gradient descent: P(the best entry is the right answer | evidence). */
export function fit(all: Outcome[]): ConfidenceModel {
  // Only what the short-message gate lets through: the rest never answers, whatever the model says.
  const rows = all.filter((o) => o.evidence && o.about);
  const w = zero();
  const rate = 0.5;
  const l2 = 1e-3;
  for (let epoch = 0; epoch < 3000; epoch++) {
    const grad = zero();
    for (const o of rows) {
      const err = confidenceOf(o.evidence!, w) - (o.right ? 1 : 0);
      grad.bias += err;
      for (const f of FEATURES) grad[f] += err * o.evidence![f];
    }
    w.bias -= (rate * grad.bias) / rows.length;
    for (const f of FEATURES) w[f] -= rate * (grad[f] / rows.length + l2 * w[f]);
    // Evidence must point the sensible way, whatever the sample says: more topic left unexplained
    // (or a short message's main word) never makes an answer more likely right, more of everything
    // else never less.
    w.missing = Math.min(0, w.missing);
    w.unexplained = Math.min(0, w.unexplained);
    for (const f of FEATURES) if (f !== 'missing' && f !== 'unexplained') w[f] = Math.max(0, w[f]);
  }
  return w;
}

export interface Tally {
  inScope: number;
  correct: number;
  out: number;
  abstained: number;
}

export const answers = (o: Outcome, model: ConfidenceModel, threshold: number) => o.evidence !== undefined && o.about && confidenceOf(o.evidence, model) >= threshold;

export function tallyInto(tally: Tally, o: Outcome, answered: boolean): void {
  if (!o.inScope) {
    tally.out++;
    if (!answered) tally.abstained++;
  } else {
    tally.inScope++;
    if (answered && o.right) tally.correct++;
  }
}

export interface Figures {
  [group: string]: { top1: number; abstention: number };
}

export function figures(all: Outcome[], model: ConfidenceModel, threshold: number): Figures {
  const tallies = new Map<string, Tally>();
  for (const o of all) {
    const t = tallies.get(o.group) ?? { inScope: 0, correct: 0, out: 0, abstained: 0 };
    tallyInto(t, o, answers(o, model, threshold));
    tallies.set(o.group, t);
  }
  return Object.fromEntries([...tallies].map(([g, t]) => [g, { top1: t.correct / t.inScope, abstention: t.abstained / t.out }]));
}

/** The figure to maximise: the tuning businesses' worst measure, with their mean as tie-break. */
export function objective(f: Figures): number {
  const tuning = Object.entries(f).filter(([g]) => g.startsWith('tuning'));
  const values = tuning.flatMap(([, v]) => [v.top1, v.abstention]);
  return Math.min(...values) + values.reduce((a, b) => a + b, 0) / values.length;
}

/** The threshold (0.2..0.8) that maximises `objective` for the model on these outcomes. */
export function bestThreshold(all: Outcome[], model: ConfidenceModel): { threshold: number; f: Figures; value: number } {
  let best: { threshold: number; f: Figures; value: number } | undefined;
  for (let threshold = 0.2; threshold <= 0.8001; threshold += 0.025) {
    const f = figures(all, model, threshold);
    const value = objective(f);
    if (!best || value > best.value) best = { threshold, f, value };
  }
  return best!;
}
