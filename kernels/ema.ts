/**
 * Exponential moving averages seeded with a simple mean, as TA-Lib and R's TTR do (features.md):
 * the first output, at the (n-1)-th row after x's first non-NaN row, is the mean of those n values;
 * then e_t = alpha * x_t + (1 - alpha) * e_{t-1}. EMA_n uses alpha = 2/(n+1), Wilder_n alpha = 1/n.
 */

/** Seeded EMA with smoothing `alpha` over a window of n; rows before the seed are NaN. */
export function ema(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number, alpha: number): void {
  let f = 0;
  while (f < len && x[xo + f] !== x[xo + f]) f++; // a series that starts later seeds at its own first value
  const seedAt = f + n - 1;
  const stop = seedAt < len ? seedAt : len;
  for (let i = 0; i < stop; i++) out[oo + i] = Number.NaN;
  if (seedAt >= len) return;
  let sum = 0;
  for (let i = f; i <= seedAt; i++) sum += x[xo + i]!;
  let e = sum / n;
  out[oo + seedAt] = e;
  const keep = 1 - alpha;
  for (let i = seedAt + 1; i < len; i++) {
    e = x[xo + i]! * alpha + e * keep;
    out[oo + i] = e;
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
