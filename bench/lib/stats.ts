/** Small statistics helpers for the benchmark: medians over repeats, percentiles over samples. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function sortNumbers(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function summarise(runs: number[]): Summary {
  const sorted = sortNumbers(runs);
  return { median: percentile(sorted, 50), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, runs };
}

/** Runs `fn` `warmups` times untimed, then `repeats` times, and returns each run's value. */
export async function repeat(repeats: number, fn: (run: number) => Promise<number>, warmups = 1): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) out.push(await fn(i));
  return out;
}
