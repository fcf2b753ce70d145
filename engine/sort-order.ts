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

function sortByDate(date: Int32Array, order: Int32Array, a: number, b: number): void {
  let sorted = true;
  for (let i = a + 1; i < b && sorted; i++) if (date[order[i]!]! < date[order[i - 1]!]!) sorted = false;
  if (sorted) return;
  // Pack (date, position) into one exact double so a native numeric sort is stable and allocation-light.
  const keys = new Float64Array(b - a);
  for (let i = a; i < b; i++) keys[i - a] = date[order[i]!]! * 4294967296 + (i - a);
  keys.sort();
  const seg = order.slice(a, b);
  for (let i = 0; i < keys.length; i++) order[a + i] = seg[keys[i]! % 4294967296]!;
}
