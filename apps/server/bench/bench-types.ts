/** One measured figure; `note` says what it was measured against (the baseline in the same run). */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note: string;
}

export interface BenchContext {
  /** Short mode (CI): fewer iterations and smaller corpora, whole suite under five minutes. */
  quick: boolean;
  /** A fresh temp folder for this suite's data. */
  workDir: string;
  log(message: string): void;
}

/** A benchmark suite: each `*.bench.ts` file in this folder default-exports one. */
export interface BenchSuite {
  name: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}

/** Percentile of a list of samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
