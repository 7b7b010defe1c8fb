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
import type { ConfidenceModel } from '../../src/dialogs/faq/confidence.js';
import { DEFAULT_SCORING, type Scoring } from '../../src/dialogs/faq/matcher.js';
import { bestThreshold, fit, loadLabelledSets, outcomes, type Figures } from './fit.js';

const sets = loadLabelledSets();

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
  const all = outcomes(sets, { ...DEFAULT_SCORING, ...params });
  const model = fit(all);
  const inScope = all.filter((o) => o.inScope && o.group.startsWith('tuning'));
  const rankTop1 = ((inScope.filter((o) => o.right).length / inScope.length) * 100).toFixed(1);
  results.push({ scoring: params, model, rankTop1, ...bestThreshold(all, model) });
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
