/**
 * Generalisation, not fit: leave-one-business-out on the TUNING businesses (never the held-out ones).
 * For each tuning business in turn, the confidence model and its threshold are fitted as tune.ts
 * does on the other eleven plus the demo shop, then scored on the one left out; the tallies of the
 * twelve left-out runs add up to the LOBO figure per language. Also prints the in-sample figure
 * (fitted on all, as tune.ts) and the figure of the shipped DEFAULT_MODEL, plus "ranked right": the
 * share of in-scope questions whose best entry is right, which no fitted parameter touches.
 *
 *   npx tsx scripts/faq/lobo.ts [--params '{"precision":0.2}']
 */
import { DEFAULT_MODEL } from '../../src/dialogs/faq/confidence.js';
import { DEFAULT_SCORING, DEFAULT_THRESHOLD, type Scoring } from '../../src/dialogs/faq/matcher.js';
import { answers, bestThreshold, fit, loadLabelledSets, outcomes, tallyInto, type Outcome, type Tally } from './fit.js';

const given = process.argv.indexOf('--params');
const params = given > 0 ? (JSON.parse(process.argv[given + 1]!) as Partial<Scoring>) : {};
const all = outcomes(loadLabelledSets(), { ...DEFAULT_SCORING, ...params });
const businesses = [...new Set(all.filter((o) => o.business !== 'demo').map((o) => o.business))];

const empty = (): Tally => ({ inScope: 0, correct: 0, out: 0, abstained: 0 });
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const line = (t: Tally) => `${pct(t.correct / t.inScope)} / ${pct(t.abstained / t.out)}`;

function score(rows: Outcome[], decide: (o: Outcome) => boolean): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const o of rows) {
    const t = tallies.get(o.group) ?? empty();
    tallyInto(t, o, decide(o));
    tallies.set(o.group, t);
  }
  return tallies;
}

const lobo = new Map<string, Tally>();
for (const left of businesses) {
  const train = all.filter((o) => o.business !== left);
  const model = fit(train);
  const { threshold } = bestThreshold(train, model);
  for (const [group, t] of score(
    all.filter((o) => o.business === left),
    (o) => answers(o, model, threshold),
  )) {
    const sum = lobo.get(group) ?? empty();
    for (const k of Object.keys(t) as Array<keyof Tally>) sum[k] += t[k];
    lobo.set(group, sum);
  }
}
const model = fit(all);
const inSample = score(all, (o) => answers(o, model, bestThreshold(all, model).threshold));
const shipped = score(all, (o) => answers(o, DEFAULT_MODEL, DEFAULT_THRESHOLD));

console.log('group        ranked right   LOBO top-1/abst   in-sample         shipped model');
for (const group of [...inSample.keys()].sort()) {
  const inScope = all.filter((o) => o.group === group && o.inScope);
  const ranked = pct(inScope.filter((o) => o.right).length / inScope.length);
  const loboCell = lobo.get(group) ? line(lobo.get(group)!) : '       —       ';
  console.log(`${group.padEnd(13)}${ranked.padStart(12)}   ${loboCell}   ${line(inSample.get(group)!)}   ${line(shipped.get(group)!)}`);
}
console.log(
  `\nfitted on all: ${JSON.stringify(Object.fromEntries(Object.entries(model).map(([k, v]) => [k, Math.round(v * 100) / 100])))} threshold ${bestThreshold(all, model).threshold.toFixed(3)}`,
);
