/**
 * Statistics across the codes of one date over a gathered array x[0 .. m) (NaN = null): percentile ranks with
 * average ties and two-pass z-scores (families.md §6.1). Nothing is allocated per date: pctRanks keeps per-thread scratch.
 */

import { radixOrder, radixScratch, type RadixScratch } from './radix-order.ts';

/** Per-thread scratch of pctRanks, grown to the largest date seen. */
let cap = 0;
let vals = new Float64Array(0);
let from = new Int32Array(0);
let order = new Int32Array(0);
let scratch: RadixScratch = radixScratch(0);

function grow(m: number): void {
  cap = Math.max(m, 1024);
  vals = new Float64Array(cap);
  from = new Int32Array(cap);
  order = new Int32Array(cap);
  scratch = radixScratch(cap);
}

/**
 * pct[j] = (#{v < x_j} + (#{v = x_j} + 1) / 2) / n over the n non-null values (pandas rank(method='average',
 * pct=True)); NaN for a null x_j or when n < 2.
 */
export function pctRanks(x: Float64Array, m: number, out: Float64Array): void {
  if (m > cap) grow(m);
  let n = 0;
  for (let j = 0; j < m; j++) { const v = x[j]!; if (v === v) { vals[n] = v; from[n++] = j; } else out[j] = Number.NaN; }
  if (n < 2) { for (let i = 0; i < n; i++) out[from[i]!] = Number.NaN; return; }
  radixOrder(vals, n, order, scratch);
  // Runs of equal values (-0 = +0) in sorted order: a run [a, c) has a values below it and c at or below it.
  let a = 0;
  while (a < n) {
    const v = vals[order[a]!]!;
    let c = a + 1;
    while (c < n && vals[order[c]!] === v) c++;
    const r = (a + (c - a + 1) / 2) / n;
    for (let k = a; k < c; k++) out[from[order[k]!]!] = r;
    a = c;
  }
}

/**
 * The mean and sample sd (two-pass) of the non-null values of x[0 .. m), written at into[at] and into[at + 1]; the sd
 * is NaN when n < 2 or sd = 0 (all equal), where every z-score of the date is null.
 */
export function zMoments(x: Float64Array, m: number, into: Float64Array, at: number): void {
  let n = 0;
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < m; j++) { const v = x[j]!; if (v === v) { n++; sum += v; if (v < lo) lo = v; if (v > hi) hi = v; } }
  const mean = sum / n;
  let ss = 0;
  let sd = 0;
  for (let j = 0; j < m; j++) { const v = x[j]!; if (v === v) { const d = v - mean; ss += d * d; sd += d; } }
  // second-pass correction of the mean's rounding (the corrected two-pass algorithm)
  // a constant column has sd exactly 0 (no rounding residue of the mean)
  const sdv = n >= 2 && lo !== hi ? Math.sqrt((ss - (sd * sd) / n) / (n - 1)) : 0;
  into[at] = mean;
  into[at + 1] = sdv > 0 ? sdv : Number.NaN;
}

/** z = (v - mean) / sd from zMoments' pair; NaN when v is null, sd is NaN or z is not finite. */
export function zScore(v: number, mean: number, sd: number): number {
  if (v !== v || !(sd > 0)) return Number.NaN;
  const z = (v - mean) / sd;
  return z - z === 0 ? z : Number.NaN;
}
