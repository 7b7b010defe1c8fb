/**
 * Measures FAQ answer quality on the labelled eval sets.
 *   npx tsx scripts/eval-faq.ts [configDir] [evalDir]
 * Prints, per language, top-1 accuracy (in-scope questions answered with the labelled entry) and
 * abstention accuracy (out-of-scope questions not answered), then every miss. Exits 1 when any
 * measure is below 90%, or when an eval case names an id the FAQ does not have.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../src/core/errors.js';
import { evaluate, loadEvalDir } from '../src/dialogs/faq/evaluate.js';
import { loadFaqDir } from '../src/dialogs/faq/load.js';
import { createFaqMatcher } from '../src/dialogs/faq/matcher.js';

const MINIMUM = 0.9;
const configDir = resolve(process.argv[2] ?? 'config');
const evalDir = resolve(process.argv[3] ?? 'test/dialogs/faq');

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);

function main(): number {
  const files = loadFaqDir(configDir);
  const matcher = createFaqMatcher(files);
  const sets = loadEvalDir(evalDir);
  if (sets.size === 0) {
    console.error(`no eval.<language>.yaml files in ${evalDir}`);
    return 1;
  }
  let failed = false;
  const rows: string[] = [];
  const details: string[] = [];
  for (const [language, cases] of sets) {
    const ids = new Set(files.filter((f) => f.language === language).flatMap((f) => f.entries.map((e) => e.id)));
    for (const c of cases) {
      if (c.id !== null && !ids.has(c.id)) {
        details.push(`eval.${language}.yaml:${c.line} labels "${c.q}" with ${c.id}, which faq.${language}.yaml does not have`);
        failed = true;
      }
    }
    const report = evaluate(matcher, language, cases);
    // Timed on a second run, so the figure is the matcher's and not the JIT compiler's.
    const started = performance.now();
    evaluate(matcher, language, cases);
    const perMatch = (performance.now() - started) / cases.length;
    const ok = report.top1 >= MINIMUM && report.abstention >= MINIMUM;
    failed ||= !ok;
    rows.push(`${language.padEnd(8)}${String(report.total).padStart(5)}${String(report.inScope).padStart(9)}${pct(report.top1).padStart(9)}${String(report.outOfScope).padStart(9)}${pct(report.abstention).padStart(13)}${perMatch.toFixed(3).padStart(10)}  ${ok ? 'ok' : 'BELOW 90%'}`);
    if (report.misses.length) {
      details.push(`\nmisses in eval.${language}.yaml:`);
      for (const m of report.misses) {
        const best = m.best ? ` (best: ${m.best.id} ${m.best.score.toFixed(3)})` : '';
        details.push(`  :${m.line}  "${m.q}"  expected ${m.expected ?? 'no answer'}, got ${m.got ?? 'no answer'}${best}`);
      }
    }
  }
  console.log('language    N  in-scope   top-1  out-of-scope  abstention  ms/match');
  for (const row of rows) console.log(row);
  for (const line of details) console.log(line);
  return failed ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
}
