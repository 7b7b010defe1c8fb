import type { Children } from './children.js';
import type { Summary } from './stats.js';

export interface Target {
  op: '<=' | '>=';
  value: number;
}

export interface Row extends Summary {
  id: string;
  label: string;
  unit: string;
  target?: Target;
  note?: string;
  /** The scenario failed: its error (the row stands for the scenario's figures). */
  failed?: string;
}

/** The row that stands in the table for a scenario that failed. */
export function failedRow(scenario: string, error: string): Row {
  return { id: `${scenario}.failed`, label: `${scenario}: scenario failed`, unit: '', median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: [], failed: error, note: error };
}

export interface BenchContext {
  redisUrl: string;
  quick: boolean;
  repeats: number;
  cores: number;
  /** Figures one scenario leaves for another (e.g. balie's throughput for the baseline ratio). */
  shared: Record<string, number>;
  /** Where balie processes write CPU profiles (`--cpu-prof`), if asked. */
  cpuProfileDir?: string;
  /** Every child process the scenario starts goes here, so it ends on every path (bench/lib/children.ts). */
  children: Children;
}

export function met(row: Row): boolean | undefined {
  if (!row.target) return undefined;
  return row.target.op === '<=' ? row.median <= row.target.value : row.median >= row.target.value;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** A plain-text table: median, min–max, target and whether it was met. */
export function table(rows: Row[]): string {
  const lines = rows.map((r) => {
    const ok = met(r);
    return [
      r.label,
      `${fmt(r.median)} ${r.unit}`,
      `${fmt(r.min)}–${fmt(r.max)}`,
      r.target ? `${r.target.op} ${fmt(r.target.value)}` : '',
      r.failed !== undefined ? 'FAILED' : ok === undefined ? '' : ok ? 'met' : 'MISSED',
      r.note ?? '',
    ];
  });
  const head = ['figure', 'median', 'min–max', 'target', '', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [row(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}
