/**
 * Copies a column from the file's row order (gq datasets: by code, then date) into date-major order, into shared
 * memory, so the per-date passes read each date's codes contiguously instead of one cache line and page per value.
 */
import type { DateIndex } from '../engine/date-index.ts';

/** Rows of the source read per block: one block's lines stay in cache while every date takes its share. */
const BLOCK = 65_536;

/**
 * out[k] = src[index.rows[k]] for every k, as a cache-blocked transpose: for each block of source rows, every date
 * copies the rows of that block it owns (within a date, index.rows ascend, so a cursor per date walks forward).
 */
export function toDateMajor<T extends Float64Array | Int32Array>(src: T, index: DateIndex, out: T): T {
  const { rows, offsets } = index;
  const D = index.dates.length;
  const cur = offsets.slice(0, D);
  for (let r1 = BLOCK; r1 - BLOCK < src.length; r1 += BLOCK) {
    for (let d = 0; d < D; d++) {
      let k = cur[d]!;
      const end = offsets[d + 1]!;
      while (k < end) {
        const r = rows[k]!;
        if (r >= r1) break;
        out[k] = src[r]!;
        k++;
      }
      cur[d] = k;
    }
  }
  return out;
}
