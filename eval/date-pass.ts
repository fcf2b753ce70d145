/**
 * The per-date pass of `gq eval` over a range of dates: for every feature and date, over the codes that have both
 * values, the rank IC (against every target) and the IC (main target), the main target's mean per quantile bucket,
 * the top bucket's turnover, and the feature-to-feature rank correlations. Runs on one worker over its shard of
 * dates; everything goes to the shared outputs per date, so results do not depend on how dates are sharded.
 *
 * One sort per feature and date: the feature is sorted over its own non-null codes, and each target is sorted once
 * per date. The pairs of a (feature, target) are a subset of both, and the sorted order of a subset is the sorted
 * order of the whole with the others skipped; so every ranking after the first is a linear sweep.
 */
import { averageRanksSorted } from './kernels/average-ranks.ts';
import { pearson } from './kernels/pearson.ts';
import { qcutEdges, qcutLabels } from './kernels/qcut.ts';
import { radixOrder, radixScratch, type RadixScratch } from '../kernels/radix-order.ts';
import { pairIndex, type PassInput, type PassOutput, type PassResult } from './pass-types.ts';

/** A worker's buffers, sized for the largest date. */
export type PassScratch = {
  radix: RadixScratch;
  order: Int32Array;
  /** Per target: its values at the date's positions (NaN = null), its non-null positions sorted by value, and those values. */
  tAll: Float64Array[];
  tOrder: Int32Array[];
  tSorted: Float64Array[];
  tCount: Int32Array;
  /** Per target: its average rank over its own non-null codes, at each position of the date. */
  tRankAt: Float64Array[];
  /** The feature at the date's positions, and its non-null values with their positions; then both in sorted order, with ranks. */
  xAll: Float64Array;
  vx: Float64Array;
  vPos: Int32Array;
  fx: Float64Array;
  fPos: Int32Array;
  fRank: Float64Array;
  /** One (feature, target)'s pairs in feature order: values, target values, positions, ranks of both. */
  xs: Float64Array;
  ys: Float64Array;
  sPos: Int32Array;
  rx: Float64Array;
  ry: Float64Array;
  /** The target's values over the pairs in target order, and the target's rank at each position. */
  tv: Float64Array;
  tp: Int32Array;
  tr: Float64Array;
  posRank: Float64Array;
  labels: Int32Array;
  edges: Float64Array;
  /** Per bucket: the sum of the main target and the count, on one (feature, date). */
  qSum: Float64Array;
  qN: Int32Array;
  /** Feature ranks over its own non-null codes, feature-major: `[f * n + i]`, 0 where null. */
  z: Float64Array;
  /** Per feature, the positions where it is null: `[f * n + j]` for j < n - zCount[f]. */
  nulls: Int32Array;
  zSum: Float64Array;
  zSq: Float64Array;
  zCount: Int32Array;
  /** Dot products of the features' rank columns on one date, `[a * F + b]` for a < b. */
  dots: Float64Array;
  /** Per feature and code: the last date position the code was in the top bucket; per feature: the last date with buckets. */
  topStamp: Int32Array;
  topLast: Int32Array;
};

/** Buffers for dates of up to `maxRows` codes. */
export function passScratch(input: PassInput, maxRows: number): PassScratch {
  const n = Math.max(1, maxRows);
  const K = input.targets.length;
  const F = input.features.length;
  const f64 = (): Float64Array => new Float64Array(n);
  const i32 = (): Int32Array => new Int32Array(n);
  return {
    radix: radixScratch(n), order: i32(),
    tAll: Array.from({ length: K }, f64), tOrder: Array.from({ length: K }, i32), tSorted: Array.from({ length: K }, f64), tCount: new Int32Array(K),
    tRankAt: Array.from({ length: K }, f64),
    xAll: f64(), vx: f64(), vPos: i32(), fx: f64(), fPos: i32(), fRank: f64(),
    xs: f64(), ys: f64(), sPos: i32(), rx: f64(), ry: f64(), tv: f64(), tp: i32(), tr: f64(), posRank: f64(),
    labels: i32(), edges: new Float64Array(input.quantiles + 1), qSum: new Float64Array(input.quantiles), qN: new Int32Array(input.quantiles),
    z: new Float64Array(F * n), nulls: new Int32Array(F * n), zSum: new Float64Array(F), zSq: new Float64Array(F), zCount: new Int32Array(F), dots: new Float64Array(F * F),
    topStamp: new Int32Array(F * Math.max(1, input.codeCount)).fill(-1), topLast: new Int32Array(F).fill(-1),
  };
}

/** Largest number of rows on one date. */
export function maxDateRows(input: PassInput): number {
  const off = input.index.offsets;
  let m = 0;
  for (let d = 0; d + 1 < off.length; d++) m = Math.max(m, off[d + 1]! - off[d]!);
  return m;
}

/**
 * Runs the pass over date positions [dateLo, dateHi). The top bucket of the date before dateLo (or the last
 * earlier date that had buckets) is found first, so turnover does not depend on where shards split.
 */
export function runDatePass(input: PassInput, out: PassOutput, s: PassScratch, dateLo: number, dateHi: number): PassResult {
  const t0 = performance.now();
  const F = input.features.length;
  s.topLast.fill(-1);
  for (let d = dateLo - 1; d >= 0; d--) {
    loadTargets(input, s, d, 1);
    let pending = 0;
    for (let f = 0; f < F; f++) if (s.topLast[f]! < 0 && !featureDate(input, out, s, f, d, false)) pending++;
    if (pending === 0) break;
  }
  for (let d = dateLo; d < dateHi; d++) {
    loadTargets(input, s, d, input.targets.length);
    for (let f = 0; f < F; f++) featureDate(input, out, s, f, d, true);
    dateCorrelations(s, F, input.index.offsets[d + 1]! - input.index.offsets[d]!, out.pairCorr, d, input.index.dates.length);
  }
  return { ms: performance.now() - t0 };
}

/** Gathers the first `count` targets' values on date d, and sorts each over its non-null codes. */
function loadTargets(input: PassInput, s: PassScratch, d: number, count: number): void {
  const { rows, offsets } = input.index;
  const lo = offsets[d]!;
  const n = offsets[d + 1]! - lo;
  for (let k = 0; k < count; k++) {
    const t = input.targets[k]!;
    const all = s.tAll[k]!;
    const pos = s.tp;
    const val = s.tv;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = t[rows[lo + i]!]!;
      all[i] = v;
      if (v === v) { pos[m] = i; val[m] = v; m++; }
    }
    radixOrder(val, m, s.order, s.radix);
    const order = s.tOrder[k]!;
    const sorted = s.tSorted[k]!;
    for (let i = 0; i < m; i++) { const j = s.order[i]!; order[i] = pos[j]!; sorted[i] = val[j]!; }
    s.tCount[k] = m;
    averageRanksSorted(sorted, m, s.tr);
    const rankAt = s.tRankAt[k]!;
    for (let i = 0; i < m; i++) rankAt[order[i]!] = s.tr[i]!;
  }
}

/**
 * One feature on one date. With `full`, every statistic is written; without, only the top bucket is found (for
 * turnover across a shard boundary; only the main target need be loaded). Returns whether the date had buckets.
 */
function featureDate(input: PassInput, out: PassOutput, s: PassScratch, f: number, d: number, full: boolean): boolean {
  const { rows, offsets, dates } = input.index;
  const D = dates.length;
  const lo = offsets[d]!;
  const n = offsets[d + 1]! - lo;
  const x = input.features[f]!;
  const { xAll, vx, vPos, fx, fPos, order } = s;
  let nv = 0;
  for (let i = 0; i < n; i++) {
    const v = x[rows[lo + i]!]!;
    xAll[i] = v;
    if (v === v) { vx[nv] = v; vPos[nv] = i; nv++; }
  }
  radixOrder(vx, nv, order, s.radix);
  for (let i = 0; i < nv; i++) { const j = order[i]!; fx[i] = vx[j]!; fPos[i] = vPos[j]!; }
  averageRanksSorted(fx, nv, s.fRank);
  let hasBuckets = false;
  const targets = full ? input.targets.length : 1;
  for (let k = 0; k < targets; k++) {
    // The pairs with target k, already in feature order.
    const t = s.tAll[k]!;
    let m = 0;
    for (let i = 0; i < nv; i++) {
      const p = fPos[i]!;
      const y = t[p]!;
      if (y === y) { s.xs[m] = fx[i]!; s.ys[m] = y; s.sPos[m] = p; m++; }
    }
    if (k === 0) {
      hasBuckets = buckets(input, out, s, f, d, m, full);
      if (!full) return hasBuckets;
      out.pairs[f * D + d] = m;
      if (m >= 3) out.ic[f * D + d] = pearson(s.xs, s.ys, m);
    }
    if (m >= 3) out.rankIc[(k * input.features.length + f) * D + d] = rankIc(s, k, m, nv);
  }
  out.valid[f * D + d] = nv;
  featureRanks(s, f, n, nv);
  return hasBuckets;
}

/**
 * Spearman of the loaded pairs (xs sorted ascending, ys, sPos) with target k, over the feature's nv non-null codes.
 * A side whose codes are all among the pairs keeps its own ranks (computed once per date); the other is ranked by sweeps.
 */
function rankIc(s: PassScratch, k: number, m: number, nv: number): number {
  const rx = m === nv ? s.fRank : s.rx;
  if (m !== nv) averageRanksSorted(s.xs, m, rx);
  if (m === s.tCount[k]) {
    const rankAt = s.tRankAt[k]!;
    for (let i = 0; i < m; i++) s.ry[i] = rankAt[s.sPos[i]!]!;
    return pearson(rx, s.ry, m);
  }
  // Target k's order over the pairs: its order over all its codes, keeping those where the feature is non-null.
  const order = s.tOrder[k]!;
  const sorted = s.tSorted[k]!;
  const count = s.tCount[k]!;
  let c = 0;
  for (let i = 0; i < count; i++) {
    const p = order[i]!;
    const v = s.xAll[p]!;
    if (v === v) { s.tp[c] = p; s.tv[c] = sorted[i]!; c++; }
  }
  averageRanksSorted(s.tv, c, s.tr);
  for (let i = 0; i < c; i++) s.posRank[s.tp[i]!] = s.tr[i]!;
  for (let i = 0; i < m; i++) s.ry[i] = s.posRank[s.sPos[i]!]!;
  return pearson(rx, s.ry, m);
}

/** Stores the feature's ranks over its own non-null codes (0 where null, with the null positions listed). */
function featureRanks(s: PassScratch, f: number, n: number, nv: number): void {
  const z = s.z;
  const base = f * n;
  z.fill(0, base, base + n);
  let sum = 0;
  let sq = 0;
  for (let j = 0; j < nv; j++) { const r = s.fRank[j]!; z[base + s.fPos[j]!] = r; sum += r; sq += r * r; }
  if (nv < n) {
    let k = 0;
    for (let i = 0; i < n; i++) if (s.xAll[i] !== s.xAll[i]) s.nulls[base + k++] = i;
  }
  s.zSum[f] = sum;
  s.zSq[f] = sq;
  s.zCount[f] = nv;
}

/**
 * The quantile buckets of the pairs (xs sorted ascending): mean main target per bucket and, against the last date
 * with buckets, the top bucket's turnover. Returns false on a date pandas' qcut refuses (edges not unique).
 */
function buckets(input: PassInput, out: PassOutput, s: PassScratch, f: number, d: number, m: number, full: boolean): boolean {
  const Q = input.quantiles;
  const { xs, ys, labels, edges, sPos } = s;
  if (!qcutEdges(xs, m, Q, edges)) return false;
  qcutLabels(xs, m, Q, edges, labels);
  const D = input.index.dates.length;
  if (full) {
    // One sweep; each bucket still sums its targets in pair order.
    const { qSum, qN } = s;
    qSum.fill(0);
    qN.fill(0);
    for (let i = 0; i < m; i++) { const q = labels[i]!; qSum[q] += ys[i]!; qN[q]++; }
    for (let q = 0; q < Q; q++) {
      const at = (f * Q + q) * D + d;
      out.qCount[at] = qN[q]!;
      out.qMean[at] = qN[q]! > 0 ? qSum[q]! / qN[q]! : Number.NaN;
    }
  }
  const lo = input.index.offsets[d]!;
  const rows = input.index.rows;
  const C = Math.max(1, input.codeCount);
  const last = s.topLast[f]!;
  let size = 0;
  let fresh = 0;
  for (let i = m - 1; i >= 0 && labels[i] === Q - 1; i--) {
    const at = f * C + input.code[rows[lo + sPos[i]!]!]!;
    if (last < 0 || s.topStamp[at] !== last) fresh++;
    s.topStamp[at] = d;
    size++;
  }
  if (full && last >= 0 && size > 0) out.turnover[f * D + d] = fresh / size;
  s.topLast[f] = d;
  return true;
}

/**
 * Writes the date's feature-to-feature rank correlations: Pearson over the codes where both features are non-null
 * (NaN under 3). Nulls hold 0 in z, so the dot product over all codes is already the one over the common codes;
 * the sums and counts over the common codes are each feature's totals minus its values where the other is null.
 * Ranks are multiples of 1/2, so every sum is exact and the centring can come last.
 */
function dateCorrelations(s: PassScratch, F: number, n: number, pairCorr: Float64Array, d: number, D: number): void {
  const { z, nulls, zSum, zSq, zCount, dots } = s;
  pairDots(z, F, n, dots);
  for (let a = 0; a < F; a++) {
    const na = zCount[a]!;
    if (na < 3) continue;
    const oa = a * n;
    for (let b = a + 1; b < F; b++) {
      const nb = zCount[b]!;
      if (nb < 3) continue;
      const ob = b * n;
      const dot = dots[a * F + b]!;
      let sa = zSum[a]!;
      let qa = zSq[a]!;
      let sb = zSum[b]!;
      let qb = zSq[b]!;
      // Positions where b is null: a's values there leave a's sums; where a is null: b's values leave b's sums.
      for (let j = 0, e = n - nb; j < e; j++) { const v = z[oa + nulls[ob + j]!]!; sa -= v; qa -= v * v; }
      for (let j = 0, e = n - na; j < e; j++) { const v = z[ob + nulls[oa + j]!]!; sb -= v; qb -= v * v; }
      // Common codes: n minus the union of the two null sets.
      const k = n - (n - na) - (n - nb) + bothNull(nulls, oa, n - na, ob, n - nb);
      let r = Number.NaN;
      if (k >= 3) {
        const cov = k * dot - sa * sb;
        const va = k * qa - sa * sa;
        const vb = k * qb - sb * sb;
        if (va > 0 && vb > 0) r = cov / Math.sqrt(va * vb);
      }
      pairCorr[pairIndex(a, b, F) * D + d] = r > 1 ? 1 : r < -1 ? -1 : r;
    }
  }
}

/**
 * dots[a * F + b] = the dot product of rank columns a and b of z (n long each), for every a < b. Two columns of a
 * against two of b per sweep, so each value loaded serves two products. The sums are exact (multiples of 1/4 far
 * below 2^51), so their order does not change a bit.
 */
function pairDots(z: Float64Array, F: number, n: number, dots: Float64Array): void {
  for (let a = 0; a < F; a += 2) {
    const a1 = Math.min(a + 1, F - 1);
    const oa = a * n;
    const oa1 = a1 * n;
    for (let b = a + 1; b < F; b += 2) {
      const b1 = Math.min(b + 1, F - 1);
      const ob = b * n;
      const ob1 = b1 * n;
      let d00 = 0;
      let d01 = 0;
      let d10 = 0;
      let d11 = 0;
      for (let i = 0; i < n; i++) {
        const x0 = z[oa + i]!;
        const x1 = z[oa1 + i]!;
        const y0 = z[ob + i]!;
        const y1 = z[ob1 + i]!;
        d00 += x0 * y0; d01 += x0 * y1; d10 += x1 * y0; d11 += x1 * y1;
      }
      // (a1, b) may be the diagonal (a1 = b); it is written but never read.
      dots[a * F + b] = d00; dots[a * F + b1] = d01; dots[a1 * F + b] = d10; dots[a1 * F + b1] = d11;
    }
  }
}

/** How many positions two ascending null lists share. */
function bothNull(nulls: Int32Array, oa: number, ca: number, ob: number, cb: number): number {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < ca && j < cb) {
    const x = nulls[oa + i]!;
    const y = nulls[ob + j]!;
    if (x === y) { both++; i++; j++; } else if (x < y) i++; else j++;
  }
  return both;
}
