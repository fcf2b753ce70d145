/** The (code, date) order of raw rows, without per-row objects. */
import type { RawBars } from './raw-bars.ts';

export type RowOrder = {
  /** Codes present among kept rows, ascending. */
  codes: string[];
  /** Raw row indices in (code, date) order. */
  order: Int32Array;
  /** Code k owns order[offsets[k] .. offsets[k+1]). */
  offsets: Int32Array;
};

/**
 * Orders the kept rows of `raw` by (code string, date): a counting sort by code rank, then a numeric sort of
 * dates within each code only when that code's rows are not already ascending (J-Quants pages usually are).
 */
export function rowOrder(raw: RawBars, keep?: Uint8Array): RowOrder {
  const used = new Uint8Array(raw.codes.length);
  for (let i = 0; i < raw.rows; i++) if (keep === undefined || keep[i] === 1) used[raw.code[i]!] = 1;
  const present: number[] = [];
  for (let c = 0; c < used.length; c++) if (used[c] === 1) present.push(c);
  present.sort((a, b) => (raw.codes[a]! < raw.codes[b]! ? -1 : raw.codes[a]! > raw.codes[b]! ? 1 : 0));
  const rank = new Int32Array(raw.codes.length).fill(-1);
  present.forEach((c, k) => { rank[c] = k; });
  for (let k = 1; k < present.length; k++) {
    if (raw.codes[present[k]!] === raw.codes[present[k - 1]!]) throw new Error(`code dictionary holds "${raw.codes[present[k]!]}" twice`);
  }
  const nCodes = present.length;
  const offsets = new Int32Array(nCodes + 1);
  for (let i = 0; i < raw.rows; i++) if (keep === undefined || keep[i] === 1) offsets[rank[raw.code[i]!]! + 1]!++;
  for (let k = 0; k < nCodes; k++) offsets[k + 1]! += offsets[k]!;
  const order = new Int32Array(offsets[nCodes]!);
  const fill = offsets.slice(0, nCodes);
  for (let i = 0; i < raw.rows; i++) if (keep === undefined || keep[i] === 1) order[fill[rank[raw.code[i]!]!]!++] = i;
  for (let k = 0; k < nCodes; k++) sortByDate(raw.date, order, offsets[k]!, offsets[k + 1]!);
  return { codes: present.map((c) => raw.codes[c]!), order, offsets };
}

/**
 * Sorts order[a..b) by (date, row); rows within the segment are ascending on entry, so ties keep input order.
 * Returns true when it had to reorder anything.
 */
export function sortByDate(date: Int32Array, order: Int32Array, a: number, b: number): boolean {
  let lo = date[order[a]!]!;
  let hi = lo;
  let sorted = true;
  for (let i = a + 1; i < b; i++) {
    const d = date[order[i]!]!;
    if (d < date[order[i - 1]!]!) sorted = false;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (sorted) return false;
  const len = b - a;
  if (hi - lo < 2 ** 20 && len < 2 ** 32) {
    // (date - lo, position) packed into one exact double: a native numeric sort, stable by position.
    const keys = new Float64Array(len);
    for (let i = 0; i < len; i++) keys[i] = (date[order[a + i]!]! - lo) * 4294967296 + i;
    keys.sort();
    const seg = order.slice(a, b);
    for (let i = 0; i < len; i++) order[a + i] = seg[keys[i]! % 4294967296]!;
    return true;
  }
  const seg = order.subarray(a, b);
  seg.sort((x, y) => date[x]! - date[y]! || x - y);
  return true;
}
