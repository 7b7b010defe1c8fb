/**
 * Calibrates the FAQ matcher's weights and abstention on the TUNING businesses only
 * (test/dialogs/faq/businesses/tuning) plus the demo shop's labelled sets: a grid over the scoring
 * weights; for each, a logistic confidence model fitted to the evidence, and a sweep of the threshold.
 * Prints the best settings; copy them into DEFAULT_SCORING (matcher.ts) and DEFAULT_MODEL
 * (confidence.ts) by hand.
 *
 *   npx tsx scripts/faq/tune.ts                       the grid
 *   npx tsx scripts/faq/tune.ts --current             the current weights only
 *   npx tsx scripts/faq/tune.ts --params '{"precision":0.2}' …   the given weights only
 *
 * It never reads the held-out businesses: they measure what this tuning did not see.
 */
import { join, resolve } from 'node:path';
import { loadEvalDir, type EvalCase } from '../../src/dialogs/faq/evaluate.js';
import { buildIndex, type LanguageIndex } from '../../src/dialogs/faq/faq-index.js';
import { loadFaqDir } from '../../src/dialogs/faq/load.js';
import { confidenceOf, type ConfidenceModel, type Evidence } from '../../src/dialogs/faq/confidence.js';
import { DEFAULT_SCORING, evidenceOf, isAbout, rank, type Scoring } from '../../src/dialogs/faq/matcher.js';
import type { FaqFile } from '../../src/dialogs/faq/types.js';
import { loadBusinesses } from './businesses.js';

interface Set {
  name: string;
  language: string;
  index: LanguageIndex;
  cases: EvalCase[];
}

function setsOf(name: string, files: FaqFile[], evals: Map<string, EvalCase[]>): Set[] {
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

const root = resolve(import.meta.dirname, '../..');
const sets: Set[] = [
  ...loadBusinesses(join(root, 'test/dialogs/faq/businesses/tuning')).flatMap((b) => setsOf(b.name, b.files, b.sets)),
  ...setsOf('demo', loadFaqDir(join(root, 'config')), loadEvalDir(join(root, 'test/dialogs/faq'))),
];

/** Per question: where it belongs, whether the best entry is right, and the evidence. */
interface Outcome {
  group: string;
  inScope: boolean;
  right: boolean;
  evidence?: Evidence;
  /** False when the short-message gate (matcher.isAbout) refuses to answer whatever the confidence. */
  about: boolean;
}

function outcomes(scoring: Scoring): Outcome[] {
  const out: Outcome[] = [];
  for (const set of sets) {
    for (const c of set.cases) {
      const ranking = rank(set.index, c.q, scoring);
      const evidence = evidenceOf(ranking);
      out.push({
        group: `${set.name === 'demo' ? 'demo' : 'tuning'}:${set.language}`,
        inScope: c.id !== null,
        right: c.id !== null && ranking.ranked[0]?.entry.id === c.id,
        evidence,
        about: isAbout(ranking),
      });
    }
  }
  return out;
}

const FEATURES = ['best', 'gap', 'topic', 'known', 'covered', 'missing', 'head', 'unexplained'] as const;

/** Logistic regression by gradient descent: P(the best entry is the right answer | evidence). */
function fit(all: Outcome[]): ConfidenceModel {
  // Only what the short-message gate lets through: the rest never answers, whatever the model says.
  const rows = all.filter((o) => o.evidence && o.about);
  const w: ConfidenceModel = { bias: 0, best: 0, gap: 0, topic: 0, known: 0, covered: 0, missing: 0, head: 0, unexplained: 0 };
  const rate = 0.5;
  const l2 = 1e-3;
  for (let epoch = 0; epoch < 3000; epoch++) {
    const grad: ConfidenceModel = { bias: 0, best: 0, gap: 0, topic: 0, known: 0, covered: 0, missing: 0, head: 0, unexplained: 0 };
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

interface Figures {
  [group: string]: { top1: number; abstention: number };
}

function figures(all: Outcome[], model: ConfidenceModel, threshold: number): Figures {
  const tallies = new Map<string, { inScope: number; correct: number; out: number; abstained: number }>();
  for (const o of all) {
    const t = tallies.get(o.group) ?? { inScope: 0, correct: 0, out: 0, abstained: 0 };
    const answers = o.evidence !== undefined && o.about && confidenceOf(o.evidence, model) >= threshold;
    if (!o.inScope) {
      t.out++;
      if (!answers) t.abstained++;
    } else {
      t.inScope++;
      if (answers && o.right) t.correct++;
    }
    tallies.set(o.group, t);
  }
  return Object.fromEntries([...tallies].map(([g, t]) => [g, { top1: t.correct / t.inScope, abstention: t.abstained / t.out }]));
}

/** The figure to maximise: the tuning businesses' worst measure, with their mean as tie-break. */
function objective(f: Figures): number {
  const tuning = Object.entries(f).filter(([g]) => g.startsWith('tuning'));
  const values = tuning.flatMap(([, v]) => [v.top1, v.abstention]);
  return Math.min(...values) + values.reduce((a, b) => a + b, 0) / values.length;
}

const grid: Array<Partial<Scoring>> = [];
const given = process.argv.indexOf('--params');
if (process.argv.includes('--current')) grid.push({});
else if (given > 0) for (const p of process.argv.slice(given + 1)) grid.push(JSON.parse(p) as Partial<Scoring>);
else
  for (const concept of [0.7, 0.85]) {
    for (const answer of [0.5, 0.7]) {
      for (const precision of [0.1, 0.2, 0.3]) {
        for (const unknown of [0.5, 0.7, 1]) grid.push({ concept, answer, precision, unknown, alike: 0.4 });
      }
    }
  }

const results: Array<{ scoring: Partial<Scoring>; model: ConfidenceModel; threshold: number; f: Figures; value: number; rankTop1: string }> = [];
for (const params of grid) {
  const all = outcomes({ ...DEFAULT_SCORING, ...params });
  const model = fit(all);
  const inScope = all.filter((o) => o.inScope && o.group.startsWith('tuning'));
  const rankTop1 = ((inScope.filter((o) => o.right).length / inScope.length) * 100).toFixed(1);
  let best: (typeof results)[number] | undefined;
  for (let threshold = 0.2; threshold <= 0.8001; threshold += 0.025) {
    const f = figures(all, model, threshold);
    const value = objective(f);
    if (!best || value > best.value) best = { scoring: params, model, threshold, f, value, rankTop1 };
  }
  results.push(best!);
}
results.sort((a, b) => b.value - a.value);
const pct = (x: number) => `${(x * 100).toFixed(1)}`.padStart(5);
const round = (m: ConfidenceModel) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v * 100) / 100]));
for (const r of results.slice(0, 8)) {
  const cols = Object.entries(r.f)
    .sort()
    .map(([g, v]) => `${g} ${pct(v.top1)}/${pct(v.abstention)}`)
    .join('  ');
  console.log(`${JSON.stringify(r.scoring)} ranked right ${r.rankTop1}% model ${JSON.stringify(round(r.model))} threshold ${r.threshold.toFixed(3)}\n    ${cols}`);
}
