/**
 * Measures FAQ answer quality on labelled questions.
 *
 *   npm run eval:faq [-- [--config <dir>] [--labels <dir>]]
 *     Your FAQ (the folder in --config, else BALIE_CONFIG_DIR, else ./config) against the labelled
 *     questions in --labels (default test/dialogs/faq): a YAML list per language, eval.<lang>.yaml,
 *     of `- { q: "...", id: entry-id }` (id: null where the bot must not answer). The labels may
 *     live anywhere, also outside this repository. Prints top-1 accuracy (in-scope questions answered
 *     with the labelled entry), abstention (out-of-scope questions not answered), ms per match and
 *     every miss. Exits 1 when a measure is below 90% or a label names an id the FAQ lacks.
 *
 *   npm run eval:faq -- --businesses [--split held-out|tuning] [--misses] [--dir <folder>] [--no-peer]
 *     The benchmark of invented businesses (test/dialogs/faq/businesses): per language, balie beside
 *     nlp.js trained on the same phrasings, on the held-out businesses (default) or the tuning ones.
 *     Exits 1 when balie is below 90% on a measure.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configDirOf } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';
import { evaluate, loadEvalDir } from '../src/dialogs/faq/evaluate.js';
import { loadFaqDir } from '../src/dialogs/faq/load.js';
import { createFaqMatcher } from '../src/dialogs/faq/matcher.js';
import { runBenchmark } from './faq/benchmark.js';

const MINIMUM = 0.9;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);

function evalOwnFaq(configDir: string, labelsDir: string): number {
  const files = loadFaqDir(configDir);
  const matcher = createFaqMatcher(files);
  const sets = loadEvalDir(labelsDir);
  if (sets.size === 0) {
    console.error(`no eval.<language>.yaml files in ${labelsDir}`);
    return 1;
  }
  console.log(`FAQ: ${configDir}\nlabelled questions: ${labelsDir}\n`);
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
    rows.push(
      `${language.padEnd(8)}${String(report.total).padStart(5)}${String(report.inScope).padStart(9)}${pct(report.top1).padStart(9)}${String(report.outOfScope).padStart(9)}${pct(report.abstention).padStart(13)}${perMatch.toFixed(3).padStart(10)}  ${ok ? 'ok' : 'BELOW 90%'}`,
    );
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

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      labels: { type: 'string' },
      businesses: { type: 'boolean', default: false },
      split: { type: 'string', default: 'held-out' },
      dir: { type: 'string', default: 'test/dialogs/faq/businesses' },
      misses: { type: 'boolean', default: false },
      'no-peer': { type: 'boolean', default: false },
    },
  });
  if (values.businesses) {
    if (values.split !== 'held-out' && values.split !== 'tuning') {
      console.error(`--split must be held-out or tuning (got ${values.split})`);
      return 2;
    }
    return runBenchmark({ dir: resolve(values.dir), split: values.split, misses: values.misses, peer: !values['no-peer'], minimum: MINIMUM });
  }
  // Positional arguments are the older form: eval-faq.ts [configDir] [labelsDir].
  const configDir = (values.config ?? positionals[0]) ? resolve((values.config ?? positionals[0])!) : configDirOf(process.env);
  const labelsDir = resolve(values.labels ?? positionals[1] ?? 'test/dialogs/faq');
  return evalOwnFaq(configDir, labelsDir);
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 1;
    } else throw err;
  },
);
