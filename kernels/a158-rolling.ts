/**
 * Rolling operators of qlib's Alpha158 (families.md §7.2) over one code's rows, O(len) or O(len x d) with d <= 60.
 * Every kernel reads x[xo .. xo+len) and writes out[oo .. oo+len); a window holding a NaN, a short window and a
 * non-finite result are NaN (null).
 *
 * Numerics (§7.6): the regression and correlation kernels keep sums of deviations from an anchor and re-anchor on
 * the exact window mean every d rows (recomputing the centred sums in two passes), so no raw running sums of x and
 * x² ever meet; a window of d equal values is recognised by its run length and gets exact zeros.
 */

/** qlib's `np.isclose(std, 0, atol=2e-05)` mask of Rsquare and Corr (§7.5 rule 4). */
export const STD_EPS = 2e-5;

/** Which value of the positional regression Slope/Rsquare/Resi to write. */
export type RegressionPart = 'slope' | 'rsquare' | 'resi';

/**
 * Rolling OLS of x on positions 1..d (qlib Slope, Rsquare, Resi): slope = Σ(p-p̄)(x-x̄) / Σ(p-p̄)²,
 * rsquare = Sxy² / (Spp · Sxx) (null when the sample sd of x is <= 2e-5), resi = (x_t - x̄) - slope · (d - p̄).
 * First valid row d-1.
 */
export function rollingRegression(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, d: number, part: RegressionPart): void {
  const pbar = (d + 1) / 2;
  const spp = (d * (d * d - 1)) / 12;
  let k = 0;
  let s = 0; // Σ a, a = x - k
  let q = 0; // Σ a²
  let p = 0; // Σ j·a_j, j = 1..d the position in the window
  let fresh = false; // the sums describe the current window
  let since = 0;
  let lastNan = -1;
  let run = 0;
  let prev = Number.NaN;
  for (let i = 0; i < len; i++) {
    const v = x[xo + i]!;
    if (v !== v) lastNan = i;
    run = v === prev ? run + 1 : 1;
    prev = v;
    if (i < d - 1 || lastNan > i - d) { out[oo + i] = Number.NaN; fresh = false; continue; }
    const a0 = xo + i - d + 1;
    if (!fresh || ++since >= d) {
      let m = 0;
      for (let j = 0; j < d; j++) m += x[a0 + j]!;
      k = m / d;
      s = 0; q = 0; p = 0;
      for (let j = 0; j < d; j++) { const a = x[a0 + j]! - k; s += a; q += a * a; p += (j + 1) * a; }
      fresh = true;
      since = 0;
    } else {
      const ao = x[a0 - 1]! - k;
      const an = v - k;
      p = p - s + d * an;
      s = s - ao + an;
      q = q - ao * ao + an * an;
    }
    if (run >= d) { out[oo + i] = part === 'rsquare' ? Number.NaN : 0; continue; }
    const sxy = p - pbar * s;
    let sxx = q - (s * s) / d;
    if (sxx < 0) sxx = 0;
    let r: number;
    if (part === 'slope') r = sxy / spp;
    else if (part === 'resi') r = (v - k - s / d) - (sxy / spp) * (d - pbar);
    else r = Math.sqrt(sxx / (d - 1)) <= STD_EPS ? Number.NaN : (sxy * sxy) / (spp * sxx);
    out[oo + i] = r - r === 0 ? r : Number.NaN;
  }
}

/**
 * Rolling Pearson correlation of a and b over d rows (qlib Corr); null when either window's sample sd is <= 2e-5
 * or holds a non-finite value. First valid row d-1 (later where the inputs start later).
 */
export function rollingCorr(a: Float64Array, b: Float64Array, xo: number, out: Float64Array, oo: number, len: number, d: number): void {
  let ka = 0;
  let kb = 0;
  let sa = 0; let sb = 0; let saa = 0; let sbb = 0; let sab = 0;
  let fresh = false;
  let since = 0;
  let lastBad = -1;
  let runA = 0; let runB = 0;
  let prevA = Number.NaN; let prevB = Number.NaN;
  for (let i = 0; i < len; i++) {
    const va = a[xo + i]!;
    const vb = b[xo + i]!;
    if (va - va !== 0 || vb - vb !== 0) lastBad = i;
    runA = va === prevA ? runA + 1 : 1; prevA = va;
    runB = vb === prevB ? runB + 1 : 1; prevB = vb;
    if (i < d - 1 || lastBad > i - d) { out[oo + i] = Number.NaN; fresh = false; continue; }
    const a0 = xo + i - d + 1;
    if (!fresh || ++since >= d) {
      let ma = 0; let mb = 0;
      for (let j = 0; j < d; j++) { ma += a[a0 + j]!; mb += b[a0 + j]!; }
      ka = ma / d; kb = mb / d;
      sa = 0; sb = 0; saa = 0; sbb = 0; sab = 0;
      for (let j = 0; j < d; j++) {
        const da = a[a0 + j]! - ka;
        const db = b[a0 + j]! - kb;
        sa += da; sb += db; saa += da * da; sbb += db * db; sab += da * db;
      }
      fresh = true;
      since = 0;
    } else {
      const oa = a[a0 - 1]! - ka;
      const ob = b[a0 - 1]! - kb;
      const na = va - ka;
      const nb = vb - kb;
      sa += na - oa; sb += nb - ob;
      saa += na * na - oa * oa; sbb += nb * nb - ob * ob; sab += na * nb - oa * ob;
    }
    if (runA >= d || runB >= d) { out[oo + i] = Number.NaN; continue; }
    const cxx = saa - (sa * sa) / d;
    const cyy = sbb - (sb * sb) / d;
    if (!(cxx > 0) || !(cyy > 0) || Math.sqrt(cxx / (d - 1)) <= STD_EPS || Math.sqrt(cyy / (d - 1)) <= STD_EPS) { out[oo + i] = Number.NaN; continue; }
    const r = (sab - (sa * sb) / d) / Math.sqrt(cxx * cyy);
    out[oo + i] = r - r === 0 ? r : Number.NaN;
  }
}

const sortedScratch = new Float64Array(64);

/**
 * Rolling order statistics over d rows (d <= 64) from a sorted copy of the window that drops the leaving row and
 * inserts the entering one, all three of qlib's at once: the quantiles qHi and qLo (linear interpolation,
 * x₍i₎ + (h-i)(x₍i+1₎ - x₍i₎), h = q(d-1), pandas/numpy linear) and the rank of the newest value,
 * (#{< x_t} + (#{= x_t} + 1) / 2) / d (pandas rolling rank, average, pct), read from the sorted window by two
 * binary searches. Each output reads x[xo .. xo+len) and writes [0 .. len). First valid row d-1.
 */
export function rollingOrderStats(x: Float64Array, xo: number, len: number, d: number, qHi: number, qLo: number, outHi: Float64Array, outLo: Float64Array, outRank: Float64Array): void {
  if (d > sortedScratch.length) throw new Error(`rollingOrderStats: window ${d} is longer than ${sortedScratch.length}`);
  const w = sortedScratch;
  const hHi = qHi * (d - 1);
  const jHi = Math.floor(hHi);
  const fHi = hHi - jHi;
  const hLo = qLo * (d - 1);
  const jLo = Math.floor(hLo);
  const fLo = hLo - jLo;
  let n = 0;
  let lastNan = -1;
  for (let i = 0; i < len; i++) {
    const v = x[xo + i]!;
    if (i >= d) {
      const u = x[xo + i - d]!;
      if (u === u) {
        // drop u: shift the values after it down by one (plain loops beat copyWithin's call at d <= 60)
        let at = lowerBound(w, n, u);
        n--;
        for (; at < n; at++) w[at] = w[at + 1]!;
      }
    }
    if (v !== v) lastNan = i;
    else {
      // insert v after its equals, shifting larger values up
      let k = n;
      while (k > 0 && w[k - 1]! > v) { w[k] = w[k - 1]!; k--; }
      w[k] = v;
      n++;
    }
    if (i < d - 1 || lastNan > i - d) { outHi[i] = outLo[i] = outRank[i] = Number.NaN; continue; }
    outHi[i] = jHi >= d - 1 ? w[d - 1]! : w[jHi]! + fHi * (w[jHi + 1]! - w[jHi]!);
    outLo[i] = jLo >= d - 1 ? w[d - 1]! : w[jLo]! + fLo * (w[jLo + 1]! - w[jLo]!);
    const less = lowerBound(w, d, v);
    let a = less;
    let b = d;
    while (a < b) { const m = (a + b) >>> 1; if (w[m]! <= v) a = m + 1; else b = m; }
    outRank[i] = (less + (a - less + 1) / 2) / d;
  }
}

function lowerBound(w: Float64Array, n: number, v: number): number {
  let a = 0;
  let b = n;
  while (a < b) { const m = (a + b) >>> 1; if (w[m]! < v) a = m + 1; else b = m; }
  return a;
}


/**
 * Rolling IdxMax / IdxMin (qlib): the 1-based position in the window, counted from its oldest row, of the earliest
 * maximum (or minimum), from a monotonic deque that keeps earlier ties ahead. `deque` is scratch of len entries.
 * First valid row d-1.
 */
export function rollingIdxExtreme(x: Float64Array, xo: number, out: Float64Array, oo: number, len: number, d: number, deque: Int32Array, max: boolean): void {
  let head = 0;
  let tail = 0;
  let lastNan = -1;
  for (let i = 0; i < len; i++) {
    const v = x[xo + i]!;
    if (v !== v) lastNan = i;
    else {
      // strict: an earlier equal value stays, so the head is the earliest extreme
      if (max) while (tail > head && x[xo + deque[tail - 1]!]! < v) tail--;
      else while (tail > head && x[xo + deque[tail - 1]!]! > v) tail--;
      deque[tail++] = i;
    }
    while (tail > head && deque[head]! <= i - d) head++;
    out[oo + i] = i < d - 1 || lastNan > i - d || tail === head ? Number.NaN : deque[head]! - (i - d + 1) + 1;
  }
}

/** qlib's guarded ratio x / (y + 1e-12) under §7.5 rule 3: 0 when x = y = 0, null when only y = 0. */
export function guarded(x: number, y: number): number {
  if (y === 0) return x === 0 ? 0 : Number.NaN;
  const r = x / (y + 1e-12);
  return r - r === 0 ? r : Number.NaN;
}
