/**
 * Statistics across the codes of one date over a gathered array x[0 .. m) (NaN = null): percentile ranks with
 * average ties and two-pass z-scores (families.md §6.1). Scratch arrays are caller-owned, so nothing is allocated.
 */

/**
 * pct[j] = (#{v < x_j} + (#{v = x_j} + 1) / 2) / n over the n non-null values (pandas rank(method='average',
 * pct=True)); NaN for a null x_j or when n < 2. `sorted` is scratch of at least m entries.
 */
export function pctRanks(x: Float64Array, m: number, out: Float64Array, sorted: Float64Array): void {
  let n = 0;
  for (let j = 0; j < m; j++) { const v = x[j]!; if (v === v) sorted[n++] = v; }
  const s = sorted.subarray(0, n);
  s.sort();
  for (let j = 0; j < m; j++) {
    const v = x[j]!;
    if (v !== v || n < 2) { out[j] = Number.NaN; continue; }
    // a = #{< v}, c = #{<= v} by branch-free binary searches; v is in s, so without ties c = a + 1
    let a = 0;
    let len = n;
    while (len > 1) { const half = len >>> 1; if (s[a + half]! < v) a += half; len -= half; }
    if (s[a]! < v) a++;
    let c = a + 1;
    if (c < n && s[c] === v) {
      len = n;
      c = 0;
      while (len > 1) { const half = len >>> 1; if (s[c + half]! <= v) c += half; len -= half; }
      if (s[c]! <= v) c++;
    }
    out[j] = (a + (c - a + 1) / 2) / n;
  }
}

/** z[j] = (x_j - mean) / sd over the non-null values, sample sd, two-pass; NaN when x_j is null, n < 2 or sd = 0 (all equal). */
export function zScores(x: Float64Array, m: number, out: Float64Array): void {
  let n = 0;
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < m; j++) { const v = x[j]!; if (v === v) { n++; sum += v; if (v < lo) lo = v; if (v > hi) hi = v; } }
  const mean = sum / n;
  let ss = 0;
  let sd = 0;
  for (let j = 0; j < m; j++) { const v = x[j]!; if (v === v) { const d = v - mean; ss += d * d; sd += d; } }
  // second-pass correction of the mean's rounding (the corrected two-pass algorithm)
  // a constant column has sd exactly 0 (no rounding residue of the mean)
  const sdv = n >= 2 && lo !== hi ? Math.sqrt((ss - (sd * sd) / n) / (n - 1)) : 0;
  for (let j = 0; j < m; j++) {
    const v = x[j]!;
    if (v !== v || n < 2 || !(sdv > 0)) { out[j] = Number.NaN; continue; }
    const z = (v - mean) / sdv;
    out[j] = z - z === 0 ? z : Number.NaN;
  }
}
