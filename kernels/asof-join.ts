/**
 * The as-of join of event-sourced families (families.md §0): one kernel shape for flows, weekly margin, daily
 * margin and statements. An event table holds records with an effective day (a TSE business-day ordinal), an
 * object key (the week, the application date, the period) and a version key (newer is greater). For each group
 * (a code, or a section for flows) the records are merged onto the group's rows in one forward sweep:
 * - a row at business-day ordinal t knows exactly the records with eff <= t;
 * - each object's version is its known record with the greatest version key (ties: the later record, which is
 *   the later one in API order because tables are stably sorted);
 * - every time the known set grows (an epoch), the family's `onEpoch` derives its per-epoch values from the
 *   version table and returns the anchor ordinal its age counts from (or -1 for "no value");
 * - a row takes its epoch's values while age = t - anchor <= maxAge, else none (slot -1).
 * Families then broadcast per-epoch values to rows with plain typed-array loops.
 */

/** Records of one family sorted by (group, eff); group k owns records [offsets[k], offsets[k+1]). */
export type EventTable = {
  offsets: Int32Array;
  /** Effective day as a TSE business-day ordinal: the first row that may use the record. */
  eff: Int32Array;
  /** The object the record describes (a week, an application date, a period). */
  obj: Float64Array;
  /** Version key within an object: the greatest known one is used. */
  ver: Float64Array;
  /** Numeric fields, NaN for null, indexed like `eff`. */
  values: Record<string, Float64Array>;
};

/**
 * The version table of one group at the current epoch: the known objects in ascending key order, each with its
 * version record and the smallest eff among its known records (the day it first became usable).
 */
export type Versions = { obj: Float64Array; rec: Int32Array; first: Int32Array; n: number };

/** A version table able to hold `capacity` objects. */
export function makeVersions(capacity: number): Versions {
  const c = Math.max(1, capacity);
  return { obj: new Float64Array(c), rec: new Int32Array(c), first: new Int32Array(c), n: 0 };
}

/**
 * Adds record j to the version table; returns the object's position. New objects are inserted in key order
 * (objects arrive mostly in order, so this is usually an append).
 */
export function addVersion(v: Versions, t: EventTable, j: number): number {
  const key = t.obj[j]!;
  let lo = 0;
  let hi = v.n;
  if (v.n > 0 && v.obj[v.n - 1]! < key) lo = v.n;
  else {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (v.obj[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
  }
  if (lo < v.n && v.obj[lo] === key) {
    const r = v.rec[lo]!;
    if (t.ver[j]! >= t.ver[r]!) v.rec[lo] = j;
    if (t.eff[j]! < v.first[lo]!) v.first[lo] = t.eff[j]!;
    return lo;
  }
  if (v.n === v.obj.length) throw new Error(`as-of join: version table full (${v.n} objects)`);
  v.obj.copyWithin(lo + 1, lo, v.n);
  v.rec.copyWithin(lo + 1, lo, v.n);
  v.first.copyWithin(lo + 1, lo, v.n);
  v.obj[lo] = key;
  v.rec[lo] = j;
  v.first[lo] = t.eff[j]!;
  v.n++;
  return lo;
}

/**
 * Called when the known set of a group grows: `known` is the end of the known records [es, known), `epoch` the
 * epoch's index within the group (0, 1, ...). Writes the family's per-epoch values at `epoch` and returns the
 * ordinal ages count from, or -1 when the epoch has no value.
 */
export type OnEpoch = (v: Versions, known: number, epoch: number) => number;

/**
 * Sweeps one group: rows [rs, re) at ascending business-day ordinals `rowOrd`, records [es, ee) of `t`. Writes per
 * row `slot[i]` (the epoch whose values apply, or -1) and `age[i]` (t - anchor, or -1 without an anchor).
 * Rows older than maxAge get slot -1 but keep their age. Returns the number of epochs.
 */
export function asofSweep(
  rowOrd: Int32Array, rs: number, re: number, t: EventTable, es: number, ee: number, v: Versions,
  onEpoch: OnEpoch, maxAge: number, slot: Int32Array, age: Int32Array,
): number {
  v.n = 0;
  let j = es;
  let epoch = -1;
  let anchor = -1;
  const eff = t.eff;
  for (let i = rs; i < re; i++) {
    const d = rowOrd[i]!;
    if (j < ee && eff[j]! <= d) {
      while (j < ee && eff[j]! <= d) addVersion(v, t, j++);
      anchor = onEpoch(v, j, ++epoch);
    }
    if (anchor < 0) {
      slot[i] = -1;
      age[i] = -1;
    } else {
      const a = d - anchor;
      age[i] = a;
      slot[i] = a <= maxAge ? epoch : -1;
    }
  }
  return epoch + 1;
}

/**
 * Runs of equal slots over rows [rs, re): run r covers rows [runs[2r], runs[2r+2]) (or to re for the last) and
 * has slot runs[2r+1]. Returns the number of runs; `runs` needs room for 2 (re - rs) + 2 entries.
 */
export function slotRuns(slot: Int32Array, rs: number, re: number, runs: Int32Array): number {
  let n = 0;
  let prev = -2;
  for (let i = rs; i < re; i++) {
    const s = slot[i]!;
    if (s !== prev) { runs[2 * n] = i; runs[2 * n + 1] = s; n++; prev = s; }
  }
  runs[2 * n] = re;
  return n;
}

/** Runs shorter than this are written by a loop: a fill() call costs more than a few stores. */
const SHORT_RUN = 24;

/** col[a..b) = x. */
export function fillSpan(col: Float64Array, x: number, a: number, b: number): void {
  if (b - a < SHORT_RUN) for (let i = a; i < b; i++) col[i] = x;
  else col.fill(x, a, b);
}

/** out = ep[slot] over the runs of slotRuns (NaN where the slot is -1), one fill per long run. */
export function fillRuns(runs: Int32Array, n: number, ep: Float64Array, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    const s = runs[2 * r + 1]!;
    const a = runs[2 * r]!;
    const b = runs[2 * r + 2]!;
    fillSpan(out, s < 0 ? Number.NaN : ep[s]!, a, b);
  }
}

/** out[i] = ep[slot] / (scale * den[i]) over the runs of slotRuns; NaN where the slot is -1, den is not > 0 or the result not finite. */
export function fillRunsOver(runs: Int32Array, n: number, ep: Float64Array, den: Float64Array, scale: number, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    const s = runs[2 * r + 1]!;
    const a = runs[2 * r]!;
    const b = runs[2 * r + 2]!;
    const v = s < 0 ? Number.NaN : ep[s]!;
    if (v !== v) {
      fillSpan(out, Number.NaN, a, b);
      continue;
    }
    for (let i = a; i < b; i++) {
      const d = den[i]!;
      const x = d > 0 ? v / (scale * d) : Number.NaN;
      out[i] = x - x === 0 ? x : Number.NaN;
    }
  }
}

/** out[i] = ep[slot[i]] for rows [rs, re), NaN where slot is -1. */
export function broadcast(slot: Int32Array, ep: Float64Array, rs: number, re: number, out: Float64Array): void {
  for (let i = rs; i < re; i++) {
    const s = slot[i]!;
    out[i] = s < 0 ? Number.NaN : ep[s]!;
  }
}

/** out[i] = ep[slot[i]] / den[i] for rows [rs, re); NaN where slot is -1, den is not > 0 or the result not finite. */
export function broadcastOver(slot: Int32Array, ep: Float64Array, den: Float64Array, scale: number, rs: number, re: number, out: Float64Array): void {
  for (let i = rs; i < re; i++) {
    const s = slot[i]!;
    const d = den[i]!;
    const x = s < 0 || !(d > 0) ? Number.NaN : ep[s]! / (scale * d);
    out[i] = x - x === 0 ? x : Number.NaN;
  }
}

/**
 * Panel rows as the event families read them: per-code offsets, each row's business-day ordinal and calendar
 * day, split-adjusted close, volume_ma_20 and backward split factor (G of the row's own date, families.md §0).
 */
export type JoinRows = {
  offsets: Int32Array;
  ord: Int32Array;
  date: Int32Array;
  close: Float64Array;
  vma: Float64Array;
  factor: Float64Array;
};

/**
 * G(d) for one code (families.md §0 Share basis): the backward factor of the code's last row dated <= d, i.e.
 * the product of AdjFactor over the rows dated after d. Before the code's first row: the first row's factor.
 */
export function factorAt(rows: JoinRows, rs: number, re: number, d: number): number {
  let lo = rs;
  let hi = re;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows.date[mid]! <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo === rs ? rows.factor[rs]! : rows.factor[lo - 1]!;
}

/** x when finite, else NaN (null never NaN-or-Infinity at the edges: NaN is null). */
export function finite(x: number): number {
  return x - x === 0 ? x : Number.NaN;
}
