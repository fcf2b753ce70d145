/**
 * The panel's second axis: for each date, the rows of the codes that have a row that day. The panel stays sorted
 * by (code, date); this index only lists row numbers, so per-date kernels read the same shared columns.
 */

export type DateIndex = {
  /** Distinct dates, ascending (days since 1970-01-01). */
  dates: Int32Array;
  /** Date d owns rows[offsets[d] .. offsets[d+1]). */
  offsets: Int32Array;
  /** Panel rows grouped by date; within a date in panel order, i.e. by code. */
  rows: Int32Array;
};

/** The date-major index of rows [lo, hi) of a (code, date)-sorted date column, by a counting sort. */
export function buildDateIndex(date: Int32Array, lo = 0, hi = date.length): DateIndex {
  if (hi <= lo) return { dates: new Int32Array(0), offsets: new Int32Array(1), rows: new Int32Array(0) };
  let min = date[lo]!;
  let max = min;
  for (let i = lo + 1; i < hi; i++) {
    const d = date[i]!;
    if (d < min) min = d;
    else if (d > max) max = d;
  }
  const span = max - min + 1;
  const count = new Int32Array(span + 1);
  for (let i = lo; i < hi; i++) count[date[i]! - min + 1]!++;
  let distinct = 0;
  for (let k = 1; k <= span; k++) if (count[k]! > 0) distinct++;
  const dates = new Int32Array(distinct);
  const offsets = new Int32Array(distinct + 1);
  const slot = new Int32Array(span);
  let j = 0;
  let run = 0;
  for (let k = 0; k < span; k++) {
    const c = count[k + 1]!;
    if (c === 0) continue;
    dates[j] = min + k;
    offsets[j] = run;
    slot[k] = run;
    run += c;
    j++;
  }
  offsets[distinct] = run;
  const rows = new Int32Array(hi - lo);
  for (let i = lo; i < hi; i++) rows[slot[date[i]! - min]!++] = i;
  return { dates, offsets, rows };
}

/** Contiguous ranges of dates with about total/count rows each, for sharding a per-date pass across workers. */
export function makeDateShards(index: DateIndex, count: number): { dateLo: number; dateHi: number }[] {
  const n = index.dates.length;
  const total = index.offsets[n]!;
  const target = Math.max(1, Math.ceil(total / Math.max(1, count)));
  const out: { dateLo: number; dateHi: number }[] = [];
  let lo = 0;
  while (lo < n) {
    let hi = lo + 1;
    while (hi < n && index.offsets[hi]! - index.offsets[lo]! < target) hi++;
    out.push({ dateLo: lo, dateHi: hi });
    lo = hi;
  }
  return out;
}
