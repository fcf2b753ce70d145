/**
 * Rolling sum and mean over a window of n rows, O(len) whatever n: a running Neumaier-compensated sum that adds
 * the row entering the window and removes the row leaving it. A window holding any NaN is null, and a window
 * of n equal values gives that value exactly (no rounding residue from earlier rows).
 */

function rolling(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number, mean: boolean): void {
  let sum = 0;
  let comp = 0;
  let nan = 0;
  let run = 0;
  let prev = Number.NaN;
  for (let i = 0; i < len; i++) {
    const v = x[xo + i]!;
    if (v !== v) nan++;
    else {
      const t = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
      sum = t;
    }
    run = v === prev ? run + 1 : 1;
    prev = v;
    if (i >= n) {
      const u = -x[xo + i - n]!;
      if (u !== u) nan--;
      else {
        const t = sum + u;
        comp += Math.abs(sum) >= Math.abs(u) ? (sum - t) + u : (u - t) + sum;
        sum = t;
      }
    }
    if (i < n - 1 || nan > 0) out[oo + i] = Number.NaN;
    else if (run >= n) out[oo + i] = mean ? v : v * n;
    else out[oo + i] = mean ? (sum + comp) / n : sum + comp;
  }
}

/** Rolling mean of n rows; first valid row n-1 (later if x starts with NaN). */
export function rollingMean(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number): void {
  rolling(x, xo, out, oo, len, n, true);
}

/** Rolling sum of n rows; first valid row n-1 (later if x starts with NaN). */
export function rollingSum(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number): void {
  rolling(x, xo, out, oo, len, n, false);
}
