/** Latency distributions, in milliseconds. */
export interface Distribution {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Nearest-rank percentiles: p90 is the smallest sample that at least 90 % of the samples do not
 * exceed, always a value that was actually measured. With fewer than 100 samples p99 is the max.
 */
export function distribution(samples: readonly number[]): Distribution | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
  return {
    count: sorted.length,
    min: sorted[0],
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    p50: rank(0.5),
    p90: rank(0.9),
    p95: rank(0.95),
    p99: rank(0.99),
    max: sorted[sorted.length - 1],
  };
}

/** One row of the results table. */
export interface Measurement {
  scenario: string;
  measure: string;
  distribution?: Distribution;
  /** Completed operations per second over the scenario's wall time, where that means something. */
  throughput?: { perSecond: number; unit: string };
  note?: string;
}
