/** Timing helpers for the benchmarks: wall-clock milliseconds, medians, a printed table. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: 'ms' | 'KB' | 'ratio' | 'errors' | 'load';
  readonly goal: string;
  /** The figure this goal started from (issue 19: "each figure beside its baseline"), as printed. */
  readonly baseline?: string;
}

export function timeMs(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function printTable(rows: readonly BenchRow[]): void {
  const width = Math.max(...rows.map((row) => row.name.length));
  const goalWidth = Math.max(4, ...rows.map((row) => row.goal.length));
  console.log(`${'benchmark'.padEnd(width)}  ${'result'.padStart(12)}  ${'goal'.padEnd(goalWidth)}  baseline`);
  for (const row of rows) {
    const value = row.value < 1 ? row.value.toFixed(4) : row.value.toFixed(1);
    console.log(`${row.name.padEnd(width)}  ${`${value} ${row.unit}`.padStart(12)}  ${row.goal.padEnd(goalWidth)}  ${row.baseline ?? ''}`.trimEnd());
  }
}
