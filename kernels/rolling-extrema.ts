/**
 * Rolling minimum and maximum over n rows with a monotonic deque of row indices: O(len) whatever n.
 * `deque` is caller-owned scratch of at least len entries, so the hot loop allocates nothing.
 * A window holding a NaN is null.
 */

function extrema(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number, deque: Int32Array, max: boolean): void {
  let head = 0;
  let tail = 0;
  let lastNan = -1;
  for (let i = 0; i < len; i++) {
    const v = x[xo + i]!;
    if (v !== v) lastNan = i;
    else {
      // Drop rows that can never again be the extreme of a window that contains row i.
      if (max) while (tail > head && x[xo + deque[tail - 1]!]! <= v) tail--;
      else while (tail > head && x[xo + deque[tail - 1]!]! >= v) tail--;
      deque[tail++] = i;
    }
    while (tail > head && deque[head]! <= i - n) head++;
    out[oo + i] = i < n - 1 || lastNan > i - n || tail === head ? Number.NaN : x[xo + deque[head]!]!;
  }
}

/** Rolling minimum of n rows; first valid row n-1. */
export function rollingMin(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number, deque: Int32Array): void {
  extrema(x, xo, out, oo, len, n, deque, false);
}

/** Rolling maximum of n rows; first valid row n-1. */
export function rollingMax(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number, deque: Int32Array): void {
  extrema(x, xo, out, oo, len, n, deque, true);
}
