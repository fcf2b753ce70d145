/**
 * Quantile buckets of one date's values exactly as pandas' `pd.qcut(x, q, labels=False)` (what alphalens'
 * quantize_factor calls): edges are numpy's linear-interpolated quantiles at linspace(0, 1, q + 1); value v goes to
 * bucket searchsorted(edges, v, 'left') - 1, the lowest edge itself to bucket 0. When two edges coincide (heavy ties,
 * or a single value) pandas refuses the date ("Bin edges must be unique"); so do we, and the caller leaves it out.
 */

/**
 * Writes the q + 1 edges of sorted[0 .. n) (ascending, no NaN) into `edges`, with numpy 1.24's float operations for
 * method 'linear'; returns false when n is 0 or the edges are not all distinct.
 */
export function qcutEdges(sorted: Float64Array, n: number, q: number, edges: Float64Array): boolean {
  if (n === 0) return false;
  const step = 1 / q;
  for (let k = 0; k <= q; k++) {
    const p = k === q ? 1 : k * step; // np.linspace: arange(q + 1) * step, the last one set to stop
    const v = n * p + (1 + p * -1) - 1; // _compute_virtual_index(n, p, alpha=1, beta=1)
    let prev: number;
    let next: number;
    let gamma: number;
    if (v >= n - 1) { prev = n - 1; next = n - 1; gamma = v + 1; } else { prev = Math.floor(v); next = prev + 1; gamma = v - prev; }
    const a = sorted[prev]!;
    const b = sorted[next]!;
    const diff = b - a;
    edges[k] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma; // numpy's _lerp
  }
  for (let k = 1; k <= q; k++) if (!(edges[k]! > edges[k - 1]!)) return false;
  return true;
}

/**
 * Bucket (0 .. q-1) of each of sorted[0 .. n) into labels[0 .. n), for edges from qcutEdges. A sweep, since the
 * values are sorted: bucket = (number of edges strictly below v) - 1, and the lowest value takes bucket 0.
 */
export function qcutLabels(sorted: Float64Array, n: number, q: number, edges: Float64Array, labels: Int32Array): void {
  let e = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    while (e <= q && edges[e]! < v) e++;
    labels[i] = v === edges[0] ? 0 : e - 1;
  }
}
