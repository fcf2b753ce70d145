/** Pointwise kernels over rows [s, s+len) of panel-indexed columns; a non-finite result is NaN (null). */

/** out = a / b; null when b is 0 or the result is not finite. */
export function ratio(a: Float64Array, b: Float64Array, s: number, len: number, out: Float64Array): void {
  for (let i = s; i < s + len; i++) {
    const v = a[i]! / b[i]!;
    out[i] = v - v === 0 ? v : Number.NaN;
  }
}

/** out = a / b - 1; null when b is 0 or the result is not finite. */
export function ratioMinusOne(a: Float64Array, b: Float64Array, s: number, len: number, out: Float64Array): void {
  for (let i = s; i < s + len; i++) {
    const v = a[i]! / b[i]! - 1;
    out[i] = v - v === 0 ? v : Number.NaN;
  }
}

/** out = (a - b) / c; null when c is 0 or the result is not finite. */
export function diffOver(a: Float64Array, b: Float64Array, c: Float64Array, s: number, len: number, out: Float64Array): void {
  for (let i = s; i < s + len; i++) {
    const v = (a[i]! - b[i]!) / c[i]!;
    out[i] = v - v === 0 ? v : Number.NaN;
  }
}
