/**
 * Exponential moving averages seeded with a simple mean, as TA-Lib and R's TTR do (features.md):
 * the first output, at the (n-1)-th row after x's first non-NaN row, is the mean of those n values;
 * then e_t = alpha * x_t + (1 - alpha) * e_{t-1}. EMA_n uses alpha = 2/(n+1), Wilder_n alpha = 1/n.
 */

/**
 * Seeded EMA with smoothing `alpha` over a window of n; rows before the seed are NaN. A NaN inside the series (a
 * bar the checks quarantined) ends the recursion: that row is NaN and the EMA seeds again from the next n values,
 * as a series that starts there would, so one unknown bar nulls a stretch of rows instead of the rest of history.
 */
export function ema(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number, alpha: number): void {
  const keep = 1 - alpha;
  let have = 0; // values gathered towards the next seed (n = seeded)
  let sum = 0;
  let e = Number.NaN;
  for (let i = 0; i < len; i++) {
    const v = x[xo + i]!;
    if (v !== v) {
      have = 0;
      sum = 0;
      out[oo + i] = Number.NaN;
    } else if (have >= n) {
      e = v * alpha + e * keep;
      out[oo + i] = e;
    } else {
      sum += v;
      have++;
      if (have === n) { e = sum / n; out[oo + i] = e; } else out[oo + i] = Number.NaN;
    }
  }
}

/** EMA_n: alpha = 2/(n+1), seeded with the mean of the first n values. */
export function emaN(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number): void {
  ema(x, xo, out, oo, len, n, 2 / (n + 1));
}

/** Wilder_n: alpha = 1/n, seeded with the mean of the first n values. */
export function wilder(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number): void {
  ema(x, xo, out, oo, len, n, 1 / n);
}
