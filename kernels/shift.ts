/**
 * Shift kernels over one code's rows. Every kernel reads x[xo .. xo+len) and writes out[oo .. oo+len);
 * a row whose lag (or lead) falls outside the segment is NaN (null), as are non-finite results.
 */

/** out_t = x_t / x_{t-n} - 1 (simple return over n rows); first valid row n. */
export function pctChange(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number): void {
  const head = n < len ? n : len;
  for (let i = 0; i < head; i++) out[oo + i] = Number.NaN;
  for (let i = n; i < len; i++) {
    const r = x[xo + i]! / x[xo + i - n]! - 1;
    out[oo + i] = r - r === 0 ? r : Number.NaN;
  }
}

/** out_t = ln(x_t / x_{t-n}); first valid row n. */
export function logChange(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number): void {
  const head = n < len ? n : len;
  for (let i = 0; i < head; i++) out[oo + i] = Number.NaN;
  for (let i = n; i < len; i++) {
    const r = Math.log(x[xo + i]! / x[xo + i - n]!);
    out[oo + i] = r - r === 0 ? r : Number.NaN;
  }
}

/** out_t = x_{t+h} / x_t - 1 (forward return over h rows); null on the last h rows. */
export function forwardChange(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, h: number): void {
  const last = len - h;
  for (let i = 0; i < last; i++) {
    const r = x[xo + i + h]! / x[xo + i]! - 1;
    out[oo + i] = r - r === 0 ? r : Number.NaN;
  }
  for (let i = last < 0 ? 0 : last; i < len; i++) out[oo + i] = Number.NaN;
}
