/** Per-date z-scores of a feature: (x - mean) / sd over the date's non-null codes (sd with ddof 1), null -> 0. */

/**
 * Writes into out[0 .. n) the z-scores of x at rows[lo .. lo + n). A date with fewer than 2 values, or a constant
 * one, scores 0 everywhere: it says nothing about the codes' order.
 */
export function zscoreDate(x: Float64Array, rows: Int32Array, lo: number, n: number, out: Float64Array): void {
  let k = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) { const v = x[rows[lo + i]!]!; if (v === v) { k++; sum += v; } }
  const mean = k > 0 ? sum / k : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) { const v = x[rows[lo + i]!]!; if (v === v) ss += (v - mean) * (v - mean); }
  const sd = k > 1 ? Math.sqrt(ss / (k - 1)) : 0;
  if (!(sd > 0) || !Number.isFinite(sd)) { out.fill(0, 0, n); return; }
  for (let i = 0; i < n; i++) { const v = x[rows[lo + i]!]!; out[i] = v === v ? (v - mean) / sd : 0; }
}
