/** Summary statistics of a daily series (IC, rank IC, spread), over the days where it is defined. */

export type SeriesStats = {
  /** Days with a value. */
  n: number;
  mean: number;
  /** Sample standard deviation (ddof = 1). */
  sd: number;
  /** mean / sd. */
  ir: number;
  /** mean / (sd / sqrt(n)). */
  t: number;
  /** Share of days above 0. */
  positive: number;
};

/** Stats of values[from + k*stride] for the positions listed in `at` (all of them when omitted), skipping NaN. */
export function seriesStats(values: Float64Array, from: number, count: number, at?: readonly number[]): SeriesStats {
  let n = 0;
  let sum = 0;
  let pos = 0;
  const len = at === undefined ? count : at.length;
  for (let k = 0; k < len; k++) {
    const v = values[from + (at === undefined ? k : at[k]!)]!;
    if (v !== v) continue;
    n++; sum += v; if (v > 0) pos++;
  }
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  for (let k = 0; k < len; k++) {
    const v = values[from + (at === undefined ? k : at[k]!)]!;
    if (v === v) ss += (v - mean) * (v - mean);
  }
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN;
  const ir = sd > 0 ? mean / sd : Number.NaN;
  return { n, mean, sd, ir, t: sd > 0 ? ir * Math.sqrt(n) : Number.NaN, positive: n > 0 ? pos / n : Number.NaN };
}

/** Mean of the non-NaN values[from .. from + count), NaN if none. */
export function meanOf(values: Float64Array, from: number, count: number): number {
  let n = 0;
  let sum = 0;
  for (let k = 0; k < count; k++) { const v = values[from + k]!; if (v === v) { n++; sum += v; } }
  return n > 0 ? sum / n : Number.NaN;
}
