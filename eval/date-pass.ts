/**
 * The per-date pass of `gq eval` over a range of dates: for every feature and date, over the codes that have both
 * values, the rank IC (against every target) and the IC (main target), the main target's mean per quantile bucket,
 * the top bucket's turnover, and the feature-to-feature rank correlations. Runs on one worker over its shard of
 * dates; everything goes to the shared outputs per date, so results do not depend on how dates are sharded.
 */
import { averageRanks } from './kernels/average-ranks.ts';
import { pearson } from './kernels/pearson.ts';
import { qcutEdges, qcutLabels } from './kernels/qcut.ts';
import { radixOrder, radixScratch, type RadixScratch } from './kernels/radix-order.ts';
import { pairIndex, type PassInput, type PassOutput, type PassResult } from './pass-types.ts';

/** A worker's buffers, sized for the largest date. */
export type PassScratch = {
  radix: RadixScratch;
  order: Int32Array;
  /** Per target: its values at the date's rows, the positions where it is non-null, their values and ranks. */
  tAll: Float64Array[];
  tPos: Int32Array[];
  tVal: Float64Array[];
  tRank: Float64Array[];
  tCount: Int32Array;
  /** Target k's non-null positions are the main target's. */
  tSame: Uint8Array;
  xAll: Float64Array;
  sPos: Int32Array;
  xs: Float64Array;
  ys: Float64Array;
  rx: Float64Array;
  ry: Float64Array;
  sorted: Float64Array;
  labels: Int32Array;
  edges: Float64Array;
  /** Feature ranks over its own non-null codes, feature-major: `[f * n + i]`, NaN where null. */
  z: Float64Array;
  zSum: Float64Array;
  zSq: Float64Array;
  zCount: Int32Array;
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
  return {
    radix: radixScratch(n), order: new Int32Array(n),
    tAll: Array.from({ length: K }, f64), tPos: Array.from({ length: K }, () => new Int32Array(n)),
    tVal: Array.from({ length: K }, f64), tRank: Array.from({ length: K }, f64), tCount: new Int32Array(K), tSame: new Uint8Array(K),
    xAll: f64(), sPos: new Int32Array(n), xs: f64(), ys: f64(), rx: f64(), ry: f64(), sorted: f64(),
    labels: new Int32Array(n), edges: new Float64Array(input.quantiles + 1),
    z: new Float64Array(F * n), zSum: new Float64Array(F), zSq: new Float64Array(F), zCount: new Int32Array(F),
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

/** Ranks values[0 .. n) into out[0 .. n) (average ties); leaves the sorted order in s.order. */
function rankInto(values: Float64Array, n: number, out: Float64Array, s: PassScratch): void {
  radixOrder(values, n, s.order, s.radix);
  averageRanks(values, s.order, n, out);
}

/**
 * Runs the pass over date positions [dateLo, dateHi). The top bucket of the
 * date before dateLo (or the last earlier date that had buckets) is recomputed first, so turnover does not depend
 * on where shards split.
 */
export function runDatePass(input: PassInput, out: PassOutput, s: PassScratch, dateLo: number, dateHi: number): PassResult {
  const t0 = performance.now();
  const F = input.features.length;
  s.topLast.fill(-1);
  for (let f = 0; f < F; f++) {
    for (let d = dateLo - 1; d >= 0; d--) if (evalFeatureDate(input, out, s, f, d, false)) break;
  }
  for (let d = dateLo; d < dateHi; d++) {
    loadTargets(input, s, d);
    for (let f = 0; f < F; f++) evalFeatureDate(input, out, s, f, d, true);
    dateCorrelations(s, F, input.index.offsets[d + 1]! - input.index.offsets[d]!, out.pairCorr, d, input.index.dates.length);
  }
  return { ms: performance.now() - t0 };
}

/** Gathers each target's values on date d, its non-null positions, values and ranks. */
function loadTargets(input: PassInput, s: PassScratch, d: number): void {
  const { rows, offsets } = input.index;
  const lo = offsets[d]!;
  const n = offsets[d + 1]! - lo;
  for (let k = 0; k < input.targets.length; k++) {
    const t = input.targets[k]!;
    const all = s.tAll[k]!;
    const pos = s.tPos[k]!;
    const val = s.tVal[k]!;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = t[rows[lo + i]!]!;
      all[i] = v;
      if (v === v) { pos[m] = i; val[m] = v; m++; }
    }
    s.tCount[k] = m;
    rankInto(val, m, s.tRank[k]!, s);
    let same = m === s.tCount[0];
    for (let i = 0; same && i < m; i++) same = pos[i] === s.tPos[0]![i];
    s.tSame[k] = same ? 1 : 0;
  }
}

/**
 * One feature on one date. With `full`, every statistic is written (targets must be loaded for d); without, only
 * the top bucket is found (for turnover across a shard boundary). Returns whether the date had buckets.
 */
function evalFeatureDate(input: PassInput, out: PassOutput, s: PassScratch, f: number, d: number, full: boolean): boolean {
  if (!full) loadTargetsMainOnly(input, s, d);
  const { rows, offsets, dates } = input.index;
  const D = dates.length;
  const lo = offsets[d]!;
  const n = offsets[d + 1]! - lo;
  const x = input.features[f]!;
  const { xAll, sPos, xs, ys, rx } = s;
  const y0 = s.tAll[0]!;
  let valid = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = x[rows[lo + i]!]!;
    xAll[i] = v;
    if (v === v) {
      valid++;
      const y = y0[i]!;
      if (y === y) { sPos[m] = i; xs[m] = v; ys[m] = y; m++; }
    }
  }
  // Ranks of the feature over the pairs, and the sorted values for the buckets.
  radixOrder(xs, m, s.order, s.radix);
  averageRanks(xs, s.order, m, rx);
  const hasBuckets = buckets(input, out, s, f, d, m, full);
  if (!full) return hasBuckets;
  const at = f * D + d;
  out.valid[at] = valid;
  out.pairs[at] = m;
  const ry = m === s.tCount[0] ? s.tRank[0]! : rankCopy(ys, m, s.ry, s);
  if (m >= 3) {
    out.ic[at] = pearson(xs, ys, m);
    out.rankIc[at] = pearson(rx, ry, m);
  }
  for (let k = 1; k < input.targets.length; k++) out.rankIc[(k * input.features.length + f) * D + d] = decayIc(s, k, n, m);
  featureRanks(s, f, n, valid, m);
  return hasBuckets;
}

/** Ranks of values[0 .. n) into `into`, returned. */
function rankCopy(values: Float64Array, n: number, into: Float64Array, s: PassScratch): Float64Array {
  rankInto(values, n, into, s);
  return into;
}

/** The rank IC of the loaded feature (xAll, ranks rx over the main pairs) against target k. */
function decayIc(s: PassScratch, k: number, n: number, m: number): number {
  const t = s.tAll[k]!;
  if (s.tSame[k] === 1) {
    // Same pairs as the main target: the feature's ranks are rx; the target's are its own unless the feature is
    // null somewhere the target is not.
    if (m < 3) return Number.NaN;
    let ry: Float64Array;
    if (m === s.tCount[k]) ry = s.tRank[k]!;
    else {
      for (let i = 0; i < m; i++) s.ys[i] = t[s.sPos[i]!]!;
      ry = rankCopy(s.ys, m, s.ry, s);
    }
    return pearson(s.rx, ry, m);
  }
  // Other pairs: rank both sides over them (xs/ys are reused; the main pass is done with them).
  let mk = 0;
  for (let i = 0; i < n; i++) {
    const v = s.xAll[i]!;
    const y = t[i]!;
    if (v === v && y === y) { s.xs[mk] = v; s.ys[mk] = y; mk++; }
  }
  if (mk < 3) return Number.NaN;
  const rxk = rankCopy(s.xs, mk, s.sorted, s);
  const ryk = mk === s.tCount[k] ? s.tRank[k]! : rankCopy(s.ys, mk, s.ry, s);
  return pearson(rxk, ryk, mk);
}

/** Stores the feature's ranks over its own non-null codes (for the feature-to-feature correlations). */
function featureRanks(s: PassScratch, f: number, n: number, valid: number, m: number): void {
  const z = s.z;
  const base = f * n;
  z.fill(Number.NaN, base, base + n);
  let sum = 0;
  let sq = 0;
  if (valid === m) {
    // The pairs are exactly the feature's non-null codes, so rx are the ranks wanted.
    for (let i = 0; i < m; i++) { const r = s.rx[i]!; z[base + s.sPos[i]!] = r; sum += r; sq += r * r; }
  } else {
    let k = 0;
    for (let i = 0; i < n; i++) { const v = s.xAll[i]!; if (v === v) { s.xs[k] = v; s.sPos[k] = i; k++; } }
    const r = rankCopy(s.xs, k, s.ry, s);
    for (let i = 0; i < k; i++) { const v = r[i]!; z[base + s.sPos[i]!] = v; sum += v; sq += v * v; }
  }
  s.zSum[f] = sum;
  s.zSq[f] = sq;
  s.zCount[f] = valid;
}

/** Only the main target's values on date d (enough to find the top bucket of an earlier date). */
function loadTargetsMainOnly(input: PassInput, s: PassScratch, d: number): void {
  const { rows, offsets } = input.index;
  const lo = offsets[d]!;
  const n = offsets[d + 1]! - lo;
  const t = input.targets[0]!;
  const all = s.tAll[0]!;
  for (let i = 0; i < n; i++) all[i] = t[rows[lo + i]!]!;
}

/**
 * The quantile buckets of the pairs (xs sorted by s.order): mean main target per bucket and, against the last
 * date with buckets, the top bucket's turnover. Returns false on a date pandas' qcut refuses (edges not unique).
 */
function buckets(input: PassInput, out: PassOutput, s: PassScratch, f: number, d: number, m: number, full: boolean): boolean {
  const Q = input.quantiles;
  const { sorted, labels, edges, order, xs, ys, sPos } = s;
  for (let i = 0; i < m; i++) sorted[i] = xs[order[i]!]!;
  if (!qcutEdges(sorted, m, Q, edges)) return false;
  qcutLabels(sorted, m, Q, edges, labels);
  const D = input.index.dates.length;
  if (full) {
    for (let q = 0; q < Q; q++) {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < m; i++) if (labels[i] === q) { sum += ys[order[i]!]!; count++; }
      const at = (f * Q + q) * D + d;
      out.qCount[at] = count;
      out.qMean[at] = count > 0 ? sum / count : Number.NaN;
    }
  }
  const lo = input.index.offsets[d]!;
  const rows = input.index.rows;
  const C = Math.max(1, input.codeCount);
  const last = s.topLast[f]!;
  let size = 0;
  let fresh = 0;
  for (let i = m - 1; i >= 0 && labels[i] === Q - 1; i--) {
    const c = input.code[rows[lo + sPos[order[i]!]!]!]!;
    const at = f * C + c;
    if (last < 0 || s.topStamp[at] !== last) fresh++;
    s.topStamp[at] = d;
    size++;
  }
  if (full && last >= 0 && size > 0) out.turnover[f * D + d] = fresh / size;
  s.topLast[f] = d;
  return true;
}

/** Writes the date's feature-to-feature rank correlations (NaN for pairs with fewer than 3 common codes). */
function dateCorrelations(s: PassScratch, F: number, n: number, pairCorr: Float64Array, d: number, D: number): void {
  const z = s.z;
  for (let a = 0; a < F; a++) {
    const na = s.zCount[a]!;
    if (na < 3) continue;
    const oa = a * n;
    for (let b = a + 1; b < F; b++) {
      const nb = s.zCount[b]!;
      if (nb < 3) continue;
      const ob = b * n;
      let r: number;
      if (na === n && nb === n) {
        // Both complete: ranks are multiples of 1/2, so these sums are exact and the centring can come after.
        let dot0 = 0;
        let dot1 = 0;
        let i = 0;
        for (; i + 2 <= n; i += 2) { dot0 += z[oa + i]! * z[ob + i]!; dot1 += z[oa + i + 1]! * z[ob + i + 1]!; }
        if (i < n) dot0 += z[oa + i]! * z[ob + i]!;
        const cov = dot0 + dot1 - (s.zSum[a]! * s.zSum[b]!) / n;
        const va = s.zSq[a]! - (s.zSum[a]! * s.zSum[a]!) / n;
        const vb = s.zSq[b]! - (s.zSum[b]! * s.zSum[b]!) / n;
        r = va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : Number.NaN;
      } else {
        r = maskedCorrelation(z, oa, ob, n);
      }
      pairCorr[pairIndex(a, b, F) * D + d] = r > 1 ? 1 : r < -1 ? -1 : r;
    }
  }
}

/** Pearson correlation of z[oa ..] and z[ob ..] over the positions where both are non-null; NaN under 3 of them. */
function maskedCorrelation(z: Float64Array, oa: number, ob: number, n: number): number {
  let k = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const x = z[oa + i]!;
    const y = z[ob + i]!;
    if (x === x && y === y) { k++; sx += x; sy += y; }
  }
  if (k < 3) return Number.NaN;
  const mx = sx / k;
  const my = sy / k;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const x = z[oa + i]!;
    const y = z[ob + i]!;
    if (x === x && y === y) { const dx = x - mx; const dy = y - my; sxx += dx * dx; syy += dy * dy; sxy += dx * dy; }
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}
