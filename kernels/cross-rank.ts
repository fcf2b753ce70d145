/**
 * Ranks across the codes of one date. `rows[lo .. hi)` lists the panel rows of that date; values are read at those
 * rows and ranks written at the same rows. NaN is missing: it gets NaN and is not counted.
 */

/**
 * Average ranks (1 = smallest, ties get the mean of their positions, as pandas' rank(method='average')) of the
 * non-NaN values; returns how many there were. `sorted` is scratch at least hi - lo long.
 */
export function rankAverage(
  values: Float64Array, rows: Int32Array, lo: number, hi: number, out: Float64Array, sorted: Float64Array,
): number {
  let n = 0;
  for (let k = lo; k < hi; k++) {
    const v = values[rows[k]!]!;
    if (v === v) sorted[n++] = v;
  }
  const s = sorted.subarray(0, n);
  s.sort();
  for (let k = lo; k < hi; k++) {
    const r = rows[k]!;
    const v = values[r]!;
    if (v !== v) { out[r] = NaN; continue; }
    // first index with s[i] >= v, then first index with s[i] > v
    let a = 0;
    let b = n;
    while (a < b) { const m = (a + b) >>> 1; if (s[m]! < v) a = m + 1; else b = m; }
    let c = a;
    let e = n;
    while (c < e) { const m = (c + e) >>> 1; if (s[m]! <= v) c = m + 1; else e = m; }
    out[r] = (a + 1 + c) / 2;
  }
  return n;
}
