/** The (code, date, input position) order of raw rows as an Int32Array permutation, without per-row objects. */

import { sortByDate } from '../../engine/sort-order.ts';

export type RowGroups = {
  /** Raw rows with a valid code key, ordered by (key, date, row). */
  order: Int32Array;
  /** Key k owns order[offsets[k] .. offsets[k+1]). */
  offsets: Int32Array;
  /** True when the input was already in this order (no sort was needed). */
  inputSorted: boolean;
  /**
   * True when the input's own row order visits each code's rows in ascending (date, row) order, as J-Quants pages by
   * date do. Checks that carry per-code state can then walk rows 0..n-1 sequentially (see `visitOrder`), which is far
   * kinder to the cache than jumping through `order` across 4,000 interleaved codes.
   */
  sequential: boolean;
};

/** The rows to visit so that each code's rows come in (date, row) order: null = 0..n-1 (sequential input), else `order`. */
export function visitOrder(g: RowGroups): Int32Array | null {
  return g.sequential ? null : g.order;
}

/**
 * Orders rows by (key, date, row index), leaving out rows with key -1. An O(n) scan detects input that is already
 * ordered; otherwise a stable counting sort by key, then a date sort inside each key only where its dates are not
 * already ascending (J-Quants pages by date come out of the counting sort ascending).
 */
export function sortRows(key: Int32Array, date: Int32Array, nKeys: number): RowGroups {
  const n = key.length;
  const offsets = new Int32Array(nKeys + 1);
  let valid = 0;
  let inputSorted = true;
  let pk = -1;
  let pd = -2147483649;
  for (let i = 0; i < n; i++) {
    const k = key[i]!;
    if (k < 0) continue;
    offsets[k + 1]!++;
    valid++;
    const d = date[i]!;
    if (k < pk || (k === pk && d < pd)) inputSorted = false;
    pk = k;
    pd = d;
  }
  for (let k = 0; k < nKeys; k++) offsets[k + 1]! += offsets[k]!;
  const order = new Int32Array(valid);
  if (inputSorted) {
    let j = 0;
    for (let i = 0; i < n; i++) if (key[i]! >= 0) order[j++] = i;
    return { order, offsets, inputSorted, sequential: true };
  }
  const fill = offsets.slice(0, nKeys);
  for (let i = 0; i < n; i++) {
    const k = key[i]!;
    if (k >= 0) order[fill[k]!++] = i;
  }
  let sequential = true;
  for (let k = 0; k < nKeys; k++) if (sortByDate(date, order, offsets[k]!, offsets[k + 1]!)) sequential = false;
  return { order, offsets, inputSorted, sequential };
}
