/**
 * Rolling variance and covariance over n rows, O(len) whatever n. Sums are kept of deviations from an anchor
 * (the "shifted data" algorithm), and the anchor is moved to the exact window mean every n rows, recomputing the
 * sums in two passes, so there is no catastrophic cancellation on prices near 1e5 or volumes near 1e9 and rounding
 * cannot drift over long histories. A window of n equal values has variance exactly 0.
 */

/** Rolling variance with `ddof` (1 = sample, 0 = population); NaN while the window is short or holds a NaN. */
export function rollingVar(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number, ddof: number): void {
  let k = Number.NaN;
  let s1 = 0;
  let s2 = 0;
  let nan = 0;
  let run = 0;
  let since = 0;
  let prev = Number.NaN;
  const m = n - ddof;
  for (let i = 0; i < len; i++) {
    const v = x[xo + i]!;
    if (i >= n) {
      const u = x[xo + i - n]!;
      if (u !== u) nan--;
      else {
        const d = u - k;
        s1 -= d;
        s2 -= d * d;
      }
    }
    if (v !== v) nan++;
    else {
      if (k !== k) k = v;
      const d = v - k;
      s1 += d;
      s2 += d * d;
    }
    run = v === prev ? run + 1 : 1;
    prev = v;
    if (i < n - 1 || nan > 0 || m <= 0) {
      out[oo + i] = Number.NaN;
      continue;
    }
    if (++since >= n) {
      // Re-anchor on the exact window mean: keeps s1 near 0 and s2 exact.
      since = 0;
      const a = xo + i - n + 1;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += x[a + j]!;
      k = sum / n;
      s1 = 0;
      s2 = 0;
      for (let j = 0; j < n; j++) {
        const d = x[a + j]! - k;
        s1 += d;
        s2 += d * d;
      }
    }
    if (run >= n) out[oo + i] = 0;
    else {
      const q = (s2 - (s1 * s1) / n) / m;
      out[oo + i] = q > 0 ? q : 0;
    }
  }
}

/** Rolling standard deviation: the square root of rollingVar. */
export function rollingStd(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, n: number, ddof: number): void {
  rollingVar(x, xo, out, oo, len, n, ddof);
  for (let i = 0; i < len; i++) out[oo + i] = Math.sqrt(out[oo + i]!);
}

/**
 * Rolling regression slope cov_n(x, y) / var_n(y) (beta of x on y); null while short, when either window holds a
 * NaN, or when y is constant over the window.
 */
export function rollingBeta(x: Float64Array, y: Float64Array, o: number, out: Float64Array, oo: number, len: number, n: number): void {
  let kx = Number.NaN;
  let ky = Number.NaN;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let syy = 0;
  let nan = 0;
  let run = 0;
  let since = 0;
  let prev = Number.NaN;
  for (let i = 0; i < len; i++) {
    const vx = x[o + i]!;
    const vy = y[o + i]!;
    if (i >= n) {
      const ux = x[o + i - n]!;
      const uy = y[o + i - n]!;
      if (ux !== ux || uy !== uy) nan--;
      else {
        const dx = ux - kx;
        const dy = uy - ky;
        sx -= dx; sy -= dy; sxy -= dx * dy; syy -= dy * dy;
      }
    }
    if (vx !== vx || vy !== vy) nan++;
    else {
      if (kx !== kx) { kx = vx; ky = vy; }
      const dx = vx - kx;
      const dy = vy - ky;
      sx += dx; sy += dy; sxy += dx * dy; syy += dy * dy;
    }
    run = vy === prev ? run + 1 : 1;
    prev = vy;
    if (i < n - 1 || nan > 0) {
      out[oo + i] = Number.NaN;
      continue;
    }
    if (++since >= n) {
      since = 0;
      const a = o + i - n + 1;
      let mx = 0;
      let my = 0;
      for (let j = 0; j < n; j++) { mx += x[a + j]!; my += y[a + j]!; }
      kx = mx / n; ky = my / n;
      sx = 0; sy = 0; sxy = 0; syy = 0;
      for (let j = 0; j < n; j++) {
        const dx = x[a + j]! - kx;
        const dy = y[a + j]! - ky;
        sx += dx; sy += dy; sxy += dx * dy; syy += dy * dy;
      }
    }
    const vary = syy - (sy * sy) / n;
    if (run >= n || !(vary > 0)) out[oo + i] = Number.NaN;
    else {
      const b = (sxy - (sx * sy) / n) / vary;
      out[oo + i] = b - b === 0 ? b : Number.NaN;
    }
  }
}
