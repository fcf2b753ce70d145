/**
 * Statistics across the codes of one date over a gathered array x[0 .. m) (NaN = null): percentile ranks with
 * average ties and two-pass z-scores (families.md §6.1). Nothing is allocated per date: pctRanks keeps per-thread scratch.
 */

/** Per-thread scratch of pctRanks, grown to the largest date seen. */
let cap = 0;
let vals = new Float64Array(0);
let bits = new Uint32Array(0);
let from = new Int32Array(0);
let keyHi = new Uint32Array(0);
let keyLo = new Uint32Array(0);
let permA = new Int32Array(0);
let permB = new Int32Array(0);
const count = new Int32Array(8 * 256);

function grow(m: number): void {
  cap = Math.max(m, 1024);
  vals = new Float64Array(cap);
  bits = new Uint32Array(vals.buffer);
  from = new Int32Array(cap);
  keyHi = new Uint32Array(cap);
  keyLo = new Uint32Array(cap);
  permA = new Int32Array(cap);
  permB = new Int32Array(cap);
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
  // Sortable keys: the float's 64 bits with the sign bit flipped (x >= +0) or every bit flipped (x <= -0), so the
  // unsigned order of (hi, lo) is the numeric order (-0 just before +0). The 8 byte histograms in one pass.
  count.fill(0);
  for (let i = 0; i < n; i++) {
    let lo = bits[2 * i]!;
    let hi = bits[2 * i + 1]!;
    if (hi >= 0x80000000) { hi = ~hi >>> 0; lo = ~lo >>> 0; } else hi = (hi | 0x80000000) >>> 0;
    keyHi[i] = hi;
    keyLo[i] = lo;
    count[lo & 255]!++;
    count[256 + ((lo >>> 8) & 255)]!++;
    count[512 + ((lo >>> 16) & 255)]!++;
    count[768 + (lo >>> 24)]!++;
    count[1024 + (hi & 255)]!++;
    count[1280 + ((hi >>> 8) & 255)]!++;
    count[1536 + ((hi >>> 16) & 255)]!++;
    count[1792 + (hi >>> 24)]!++;
    permA[i] = i;
  }
  // LSD radix sort of the indices, a byte a pass, skipping a byte every key shares.
  let src = permA;
  let dst = permB;
  for (let p = 0; p < 8; p++) {
    const base = p << 8;
    const key = p < 4 ? keyLo : keyHi;
    const shift = (p & 3) << 3;
    if (count[base + ((key[0]! >>> shift) & 255)] === n) continue;
    let sum = 0;
    for (let b = base; b < base + 256; b++) { const c = count[b]!; count[b] = sum; sum += c; }
    for (let i = 0; i < n; i++) { const j = src[i]!; dst[count[base + ((key[j]! >>> shift) & 255)]!++] = j; }
    const t = src; src = dst; dst = t;
  }
  // Runs of equal values (-0 = +0) in sorted order: a run [a, c) has a values below it and c at or below it.
  let a = 0;
  while (a < n) {
    const v = vals[src[a]!]!;
    let c = a + 1;
    while (c < n && vals[src[c]!] === v) c++;
    const r = (a + (c - a + 1) / 2) / n;
    for (let k = a; k < c; k++) out[from[src[k]!]!] = r;
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
