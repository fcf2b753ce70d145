/**
 * The order rows are written in: by month partition, then Code (string order), then Date. A counting sort on
 * (month, code) keeps a dataset's per-code date order, so no comparison sort is needed for gq's own datasets; rows
 * out of date order within a code are sorted there, and a repeated (Code, Date) is an error.
 */
import { formatDay } from '../engine/dates.ts';
import { GqError } from '../io/gq-error.ts';
import { monthOf } from './month.ts';
import type { StoreTable } from './table.ts';

export type MonthSlice = { month: number; start: number; end: number };

export type RowOrder = {
  /** Table rows in write order (only those with from <= Date <= to). */
  perm: Int32Array;
  /** Each month's [start, end) in perm. */
  months: MonthSlice[];
  /** Codes of the selected rows, sorted. */
  codes: string[];
  /** Table code index -> index in `codes` (-1 when the code has no selected row). */
  rank: Int32Array;
};

/** Orders the rows of `t` dated in [from, to] by (month, Code, Date). */
export function orderRows(t: StoreTable, from: number, to: number): RowOrder {
  const used = new Uint8Array(t.codes.length);
  let minD = Infinity;
  let maxD = -Infinity;
  let n = 0;
  for (let i = 0; i < t.rows; i++) {
    const d = t.date[i]!;
    if (d < from || d > to) continue;
    used[t.code[i]!] = 1;
    if (d < minD) minD = d;
    if (d > maxD) maxD = d;
    n++;
  }
  const codes = t.codes.filter((_, k) => used[k] === 1).sort();
  const at = new Map(codes.map((c, k) => [c, k]));
  const rank = new Int32Array(t.codes.length).fill(-1);
  for (let k = 0; k < t.codes.length; k++) if (used[k] === 1) rank[k] = at.get(t.codes[k]!)!;
  if (n === 0) return { perm: new Int32Array(0), months: [], codes, rank };
  const minMonth = monthOf(minD);
  const maxMonth = monthOf(maxD);
  // The month of each day in [minD, maxD], computed once per day, not once per row.
  const monthOfDay = new Int32Array(maxD - minD + 1);
  for (let d = minD; d <= maxD; d++) monthOfDay[d - minD] = monthOf(d);
  const nCodes = codes.length;
  const buckets = (maxMonth - minMonth + 1) * nCodes;
  const count = new Int32Array(buckets + 1);
  const key = new Int32Array(t.rows).fill(-1);
  for (let i = 0; i < t.rows; i++) {
    const d = t.date[i]!;
    if (d < from || d > to) continue;
    const k = (monthOfDay[d - minD]! - minMonth) * nCodes + rank[t.code[i]!]!;
    key[i] = k;
    count[k + 1]!++;
  }
  for (let b = 0; b < buckets; b++) count[b + 1]! += count[b]!;
  const starts = count.slice();
  const perm = new Int32Array(n);
  for (let i = 0; i < t.rows; i++) {
    const k = key[i]!;
    if (k >= 0) perm[count[k]!++] = i;
  }
  for (let b = 0; b < buckets; b++) sortBucket(t, perm, starts[b]!, starts[b + 1]!, codes[b % nCodes]!);
  const months: MonthSlice[] = [];
  for (let m = minMonth; m <= maxMonth; m++) {
    const start = starts[(m - minMonth) * nCodes]!;
    const end = starts[(m - minMonth + 1) * nCodes]!;
    if (end > start) months.push({ month: m, start, end });
  }
  return { perm, months, codes, rank };
}

/** Puts one (month, code) bucket in date order (already so for gq's datasets); a repeated date is an error. */
function sortBucket(t: StoreTable, perm: Int32Array, s: number, e: number, code: string): void {
  let sorted = true;
  for (let i = s + 1; i < e; i++) if (t.date[perm[i]!]! <= t.date[perm[i - 1]!]!) { sorted = false; break; }
  if (sorted) return;
  const part = Array.from(perm.subarray(s, e)).sort((a, b) => t.date[a]! - t.date[b]!);
  for (let i = 1; i < part.length; i++) {
    if (t.date[part[i]!] === t.date[part[i - 1]!]) throw new GqError('DATASET_INVALID', `the dataset has two rows for ${code} ${formatDay(t.date[part[i]!]!)}`);
  }
  perm.set(part, s);
}
