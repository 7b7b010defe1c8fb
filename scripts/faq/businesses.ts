/**
 * The FAQ benchmark of invented businesses (test/dialogs/faq/businesses): each folder is one
 * business with its own faq.<lang>.yaml and labelled eval.<lang>.yaml. Every business gets its own
 * matcher, as a shop owner's installation would.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadEvalDir, type EvalCase } from '../../src/dialogs/faq/evaluate.js';
import { loadFaqDir } from '../../src/dialogs/faq/load.js';
import type { FaqFile } from '../../src/dialogs/faq/types.js';

export interface Business {
  name: string;
  files: FaqFile[];
  sets: Map<string, EvalCase[]>;
}

export const SPLITS = ['held-out', 'tuning'] as const;
export type Split = (typeof SPLITS)[number];

export function loadBusinesses(dir: string): Business[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => ({ name, files: loadFaqDir(join(dir, name)), sets: loadEvalDir(join(dir, name)) }));
}

/** Counts of one system on one language: in-scope answered right, out-of-scope abstained. */
export interface Tally {
  inScope: number;
  correct: number;
  outOfScope: number;
  abstained: number;
}

export const emptyTally = (): Tally => ({ inScope: 0, correct: 0, outOfScope: 0, abstained: 0 });

export function count(tally: Tally, expected: string | null, got: string | null): void {
  if (expected === null) {
    tally.outOfScope++;
    if (got === null) tally.abstained++;
  } else {
    tally.inScope++;
    if (got === expected) tally.correct++;
  }
}

export const top1 = (t: Tally) => (t.inScope ? t.correct / t.inScope : 1);
export const abstention = (t: Tally) => (t.outOfScope ? t.abstained / t.outOfScope : 1);
