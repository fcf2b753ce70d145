/** Naive O(n x window) references for the streaming kernels: two-pass per window, written for clarity only. */

/** The values of x in the window of n rows ending at i, or null when the window is short or holds a NaN. */
export function windowAt(x: ArrayLike<number>, i: number, n: number): number[] | null {
  if (i < n - 1) return null;
  const w: number[] = [];
  for (let j = i - n + 1; j <= i; j++) {
    if (Number.isNaN(x[j]!)) return null;
    w.push(x[j]!);
  }
  return w;
}

/** Exact-ish two-pass variance of a list (ddof as given). */
export function variance(w: number[], ddof: number): number {
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  let s = 0;
  for (const v of w) s += (v - mean) * (v - mean);
  return s / (w.length - ddof);
}

/** |a - b| <= rel * max(|a|, |b|) + abs, with nulls (NaN) equal only to nulls. */
export function close(a: number, b: number, rel: number, abs = 0): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}
