/**
 * Stable ascending order of float64 keys by an LSD radix sort on their IEEE-754 bits: 8 passes of 8 bits, of which
 * the passes whose byte is the same for every key are skipped. For the few thousand codes of one date this is
 * several times faster than sorting a Float64Array and binary-searching each value. Used by pctRanks
 * (kernels/cross-stats.ts) and eval's per-date pass.
 */

/** Reusable buffers of radixOrder, for up to `capacity` keys. */
export type RadixScratch = { lo: Uint32Array; hi: Uint32Array; tmp: Int32Array; counts: Int32Array; bits: Float64Array };

/** Scratch for radixOrder over at most `capacity` keys. */
export function radixScratch(capacity: number): RadixScratch {
  const n = Math.max(1, capacity);
  return { lo: new Uint32Array(n), hi: new Uint32Array(n), tmp: new Int32Array(n), counts: new Int32Array(8 * 256), bits: new Float64Array(1) };
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/**
 * Writes into order[0 .. n) the positions 0 .. n-1 of keys[0 .. n) sorted ascending (ties keep their position
 * order). Keys must not be NaN; -0 sorts as +0.
 */
export function radixOrder(keys: Float64Array, n: number, order: Int32Array, s: RadixScratch): void {
  if (s.lo.length < n) throw new Error(`radixOrder: scratch holds ${s.lo.length} keys, ${n} asked`);
  const { lo, hi, counts } = s;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    F64[0] = keys[i]! + 0; // -0 + 0 is +0, so both zeros get the same bits
    let l = U32[0]!;
    let h = U32[1]!;
    // Sortable bits: negative numbers flip every bit, positive ones only the sign.
    if (h & 0x80000000) { h = ~h >>> 0; l = ~l >>> 0; } else h = (h | 0x80000000) >>> 0;
    lo[i] = l;
    hi[i] = h;
    counts[l & 255]!++;
    counts[256 + ((l >>> 8) & 255)]!++;
    counts[512 + ((l >>> 16) & 255)]!++;
    counts[768 + (l >>> 24)]!++;
    counts[1024 + (h & 255)]!++;
    counts[1280 + ((h >>> 8) & 255)]!++;
    counts[1536 + ((h >>> 16) & 255)]!++;
    counts[1792 + (h >>> 24)]!++;
    order[i] = i;
  }
  if (n < 2) return;
  let src = order;
  let dst = s.tmp;
  for (let p = 0; p < 8; p++) {
    const base = p * 256;
    const word = p < 4 ? lo : hi;
    const shift = (p & 3) * 8;
    if (counts[base + ((word[0]! >>> shift) & 255)] === n) continue; // every key has this byte
    let run = 0;
    for (let b = 0; b < 256; b++) { const c = counts[base + b]!; counts[base + b] = run; run += c; }
    for (let i = 0; i < n; i++) {
      const k = src[i]!;
      dst[counts[base + ((word[k]! >>> shift) & 255)]!++] = k;
    }
    const t = src; src = dst; dst = t;
  }
  if (src !== order) order.set(src.subarray(0, n));
}
