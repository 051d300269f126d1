/**
 * Percentiles with the semantics of Postgres `percentile_cont(fraction) WITHIN GROUP (ORDER BY v)`:
 * linear interpolation between the two nearest ranks of the sorted values, at position
 * `fraction * (n - 1)` (0-based). A SQL implementation of the reports can therefore match these
 * figures exactly. No values → null (Postgres returns NULL too).
 */
export function percentileCont(values: readonly number[], fraction: number): number | null {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be from 0 to 1, got ${fraction}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
}

/** The median as `percentile_cont(0.5)`: the mean of the two middle values when their count is even. */
export function median(values: readonly number[]): number | null {
  return percentileCont(values, 0.5);
}

/** p90 as `percentile_cont(0.9)`. */
export function p90(values: readonly number[]): number | null {
  return percentileCont(values, 0.9);
}
