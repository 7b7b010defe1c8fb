import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import type { FaqMatcher } from './types.js';

/** One labelled message: `id` is the entry that should answer it, null when the bot must abstain. */
export interface EvalCase {
  q: string;
  id: string | null;
  line: number;
}

export interface EvalMiss {
  q: string;
  line: number;
  expected: string | null;
  /** The confident answer given, or null when the bot abstained. */
  got: string | null;
  /** The best candidate and its score, also when not confident. */
  best?: { id: string; score: number };
}

export interface EvalReport {
  language: string;
  total: number;
  inScope: number;
  outOfScope: number;
  /** Share of in-scope questions whose confident answer is the labelled entry. */
  top1: number;
  /** Share of out-of-scope questions with no confident answer. */
  abstention: number;
  misses: EvalMiss[];
}

const caseSchema = z.strictObject({ q: z.string().min(1), id: z.string().min(1).nullable() });
const EVAL_FILE = /^eval\.([a-z]{2})\.yaml$/;

/** Reads `eval.<lang>.yaml`: a YAML list of `{ q: "...", id: entry-id | null }`. */
export function loadEvalSet(path: string, displayName: string): EvalCase[] {
  const counter = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: counter, prettyErrors: false });
  const lineAt = (i: number) => {
    const node = doc.getIn([i], true);
    return isNode(node) && node.range ? counter.linePos(node.range[0]).line : 0;
  };
  if (doc.errors.length) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        source: displayName,
        line: counter.linePos(e.pos[0]).line,
        key: '(yaml)',
        problem: `is not valid YAML: ${e.message.split('\n')[0]}`,
        fix: 'write each case as `- { q: "...", id: entry-id }`',
      })),
    );
  }
  const result = z.array(caseSchema).safeParse(doc.toJS());
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        source: displayName,
        line: typeof issue.path[0] === 'number' ? lineAt(issue.path[0]) : undefined,
        key: issue.path.join('.') || '(root)',
        problem: issue.message,
        fix: 'write each case as `- { q: "...", id: entry-id }` (id: null for out of scope)',
      })),
    );
  }
  return result.data.map((c, i) => ({ ...c, line: lineAt(i) }));
}

/** Every `eval.<lang>.yaml` in `dir`, by language. */
export function loadEvalDir(dir: string): Map<string, EvalCase[]> {
  const sets = new Map<string, EvalCase[]>();
  for (const name of readdirSync(dir)
    .filter((f) => EVAL_FILE.test(f))
    .sort()) {
    sets.set(EVAL_FILE.exec(name)![1]!, loadEvalSet(join(dir, name), name));
  }
  return sets;
}

export function evaluate(matcher: FaqMatcher, language: string, cases: EvalCase[]): EvalReport {
  let inScope = 0;
  let correct = 0;
  let outOfScope = 0;
  let abstained = 0;
  const misses: EvalMiss[] = [];
  for (const c of cases) {
    const result = matcher.match(c.q, language);
    const got = result.confident && result.best ? result.best.entry.id : null;
    if (c.id === null) {
      outOfScope++;
      if (got === null) abstained++;
    } else {
      inScope++;
      if (got === c.id) correct++;
    }
    if (got !== c.id) {
      const best = result.best ? { id: result.best.entry.id, score: result.best.score } : undefined;
      misses.push({ q: c.q, line: c.line, expected: c.id, got, best });
    }
  }
  return {
    language,
    total: cases.length,
    inScope,
    outOfScope,
    top1: inScope ? correct / inScope : 1,
    abstention: outOfScope ? abstained / outOfScope : 1,
    misses,
  };
}
