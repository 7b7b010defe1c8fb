/**
 * `npm run eval:faq -- --businesses`: balie's FAQ matcher beside nlp.js on invented businesses it
 * was not tuned on. Each business gets its own matcher (and its own nlp.js model), as a shop owner's
 * installation would; the figures are summed per language over the businesses of the split.
 */
import { join, relative } from 'node:path';
import { createFaqMatcher } from '../../src/dialogs/faq/matcher.js';
import { abstention, count, emptyTally, loadBusinesses, top1, type Split, type Tally } from './businesses.js';
import { trainNlpJs } from './nlpjs.js';

export interface BenchmarkOptions {
  dir: string;
  split: Split;
  misses: boolean;
  peer: boolean;
  minimum: number;
}

interface Row {
  language: string;
  system: string;
  tally: Tally;
  msPerMatch?: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function runBenchmark(options: BenchmarkOptions): Promise<number> {
  const dir = join(options.dir, options.split);
  const businesses = loadBusinesses(dir);
  if (businesses.length === 0) {
    console.error(`no businesses in ${dir}`);
    return 1;
  }
  const languages = [...new Set(businesses.flatMap((b) => [...b.sets.keys()]))].sort();
  console.log(`FAQ benchmark, ${options.split} businesses (${relative(process.cwd(), dir) || dir}): ${businesses.map((b) => b.name).join(', ')}`);
  if (options.split === 'held-out') console.log('written before the matcher was tuned and never edited since: see the README in that folder\n');
  else console.log('the businesses the matcher is tuned on: figures here are a smoke test, not a result\n');

  const rows: Row[] = [];
  const missLines: string[] = [];
  for (const language of languages) {
    const balie = emptyTally();
    const peer = emptyTally();
    const peerAnswers = emptyTally();
    let matches = 0;
    let ms = 0;
    for (const business of businesses) {
      const cases = business.sets.get(language);
      const file = business.files.find((f) => f.language === language);
      if (!cases || !file) continue;
      const matcher = createFaqMatcher(business.files);
      const answer = (q: string) => {
        const r = matcher.match(q, language);
        return r.confident && r.best ? r.best.entry.id : null;
      };
      for (const c of cases) {
        const got = answer(c.q);
        count(balie, c.id, got);
        if (got !== c.id && options.misses) {
          const best = matcher
            .match(c.q, language)
            .candidates.map((m) => `${m.entry.id} ${m.score.toFixed(3)}`)
            .join(', ');
          missLines.push(`${business.name}/eval.${language}.yaml:${c.line}  "${c.q}"  expected ${c.id ?? 'no answer'}, got ${got ?? 'no answer'}  [${best}]`);
        }
      }
      // Timed on a second pass, so the figure is the matcher's and not the JIT compiler's.
      const started = performance.now();
      for (const c of cases) answer(c.q);
      ms += performance.now() - started;
      matches += cases.length;

      if (options.peer) {
        const plain = await trainNlpJs(file);
        const withAnswers = await trainNlpJs(file, true);
        for (const c of cases) {
          count(peer, c.id, await plain(c.q));
          count(peerAnswers, c.id, await withAnswers(c.q));
        }
      }
    }
    rows.push({ language, system: 'balie', tally: balie, msPerMatch: ms / Math.max(1, matches) });
    if (options.peer) {
      rows.push({ language, system: 'nlp.js (phrasings)', tally: peer });
      rows.push({ language, system: 'nlp.js (+ answers)', tally: peerAnswers });
    }
  }

  console.log(
    `${'language'.padEnd(10)}${'system'.padEnd(21)}${'in-scope'.padStart(9)}${'top-1'.padStart(8)}${'out-of-scope'.padStart(14)}${'abstention'.padStart(12)}${'ms/match'.padStart(10)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.language.padEnd(10)}${r.system.padEnd(21)}${String(r.tally.inScope).padStart(9)}${pct(top1(r.tally)).padStart(8)}${String(r.tally.outOfScope).padStart(14)}${pct(abstention(r.tally)).padStart(12)}${(r.msPerMatch === undefined ? '' : r.msPerMatch.toFixed(3)).padStart(10)}`,
    );
  }

  let failed = false;
  console.log('');
  for (const language of languages) {
    const own = rows.find((r) => r.language === language && r.system === 'balie')!.tally;
    const peers = rows.filter((r) => r.language === language && r.system !== 'balie');
    const reached = top1(own) >= options.minimum && abstention(own) >= options.minimum;
    const ahead = peers.every((p) => top1(own) > top1(p.tally) && abstention(own) > abstention(p.tally));
    failed ||= !reached;
    const verdict = [
      reached ? `≥ ${pct(options.minimum)} on both` : `BELOW ${pct(options.minimum)}`,
      peers.length ? (ahead ? 'ahead of nlp.js on both' : 'NOT ahead of nlp.js on both') : '',
    ]
      .filter(Boolean)
      .join(', ');
    console.log(`${language}: ${verdict}`);
  }
  if (missLines.length) {
    console.log('\nmisses (candidates with scores):');
    for (const line of missLines) console.log(`  ${line}`);
  }
  return failed ? 1 : 0;
}
