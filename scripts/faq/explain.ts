/**
 * Why the matcher answers what it does, for one tuning business (never the held-out ones):
 *
 *   npx tsx scripts/faq/explain.ts <business> <lang> "<question>"   one question
 *   npx tsx scripts/faq/explain.ts <business> <lang>                every question of its eval set that it gets wrong
 *
 * Prints the message's tokens (terms, weight, known, topic), the top entries with their scores and
 * the evidence the confidence model sees.
 */
import { join, resolve } from 'node:path';
import { loadEvalDir } from '../../src/dialogs/faq/evaluate.js';
import { buildIndex } from '../../src/dialogs/faq/faq-index.js';
import { loadFaqDir } from '../../src/dialogs/faq/load.js';
import { confidenceOf } from '../../src/dialogs/faq/confidence.js';
import { createFaqMatcher, DEFAULT_SCORING, evidenceOf, rank } from '../../src/dialogs/faq/matcher.js';
import { analyseQuery } from '../../src/dialogs/faq/query.js';

const [business, language, question] = process.argv.slice(2);
if (!business || !language) throw new Error('usage: explain.ts <business> <lang> ["question"]');
const root = resolve(import.meta.dirname, '../..');
const dir = business === 'demo' ? join(root, 'config') : join(root, 'test/dialogs/faq/businesses/tuning', business);
const files = loadFaqDir(dir);
const ofLanguage = files.filter((f) => f.language === language);
const index = buildIndex(
  language,
  ofLanguage.flatMap((f) => f.entries),
  ofLanguage.flatMap((f) => f.shopWords ?? []),
);
const matcher = createFaqMatcher(files);

function explain(q: string, expected?: string | null) {
  const query = analyseQuery(index, q, DEFAULT_SCORING);
  const ranking = rank(index, q);
  const ev = evidenceOf(ranking);
  const result = matcher.match(q, language!);
  console.log(`\n"${q}"  expected ${expected === undefined ? '?' : (expected ?? 'none')}  got ${result.confident ? result.best?.entry.id : 'none'} (conf ${result.confidence})`);
  console.log(
    '  ' +
      query.tokens
        .map((t) => `${t.surface}[${t.terms.map(([x, s]) => `${x}:${s.toFixed(2)}`).join(',')}] w${t.weight.toFixed(2)}${t.known ? '' : ' UNK'}${t.topic ? '' : ' q'}`)
        .join('  '),
  );
  for (const r of ranking.ranked.slice(0, 3)) console.log(`    ${r.entry.id.padEnd(24)} ${r.score.toFixed(3)} topic ${r.topic.toFixed(2)} head ${r.head.toFixed(2)}`);
  if (ev) console.log(`    evidence ${JSON.stringify(Object.fromEntries(Object.entries(ev).map(([k, v]) => [k, Math.round(v * 100) / 100])))} conf ${confidenceOf(ev).toFixed(3)}`);
}

if (question) explain(question);
else {
  const cases = loadEvalDir(dir).get(language) ?? [];
  for (const c of cases) {
    const r = matcher.match(c.q, language);
    const got = r.confident && r.best ? r.best.entry.id : null;
    if (got !== c.id) explain(c.q, c.id);
  }
}
