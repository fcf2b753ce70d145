/**
 * The point-in-time match on typed arrays (Feast's get_historical_features): for each entity (code, ts), the store
 * row of that code with the latest availability at or before ts, if ts is within the TTL after it; -1 otherwise.
 * Store rows are grouped per code in date order by a counting sort; entities are counting-sorted by timestamp rank,
 * then by code, and each code is one forward merge of its two sorted runs, over arrays laid out in run order.
 * Availability is Date + a fixed offset per view, so it rises with Date.
 */

/** Store rows grouped by code: rows of code k are order[start[k] .. start[k+1]), in ascending date; day[q] = date[order[q]]. */
export type CodeRuns = { start: Int32Array; order: Int32Array; day: Int32Array };

/** Groups store rows (code index, date) by code, each group in date order. `date` must rise within a code's rows
 * when they are given in `code`-then-chronological order of the partitions (months ascending). */
export function codeRuns(code: Int32Array, date: Int32Array, nCodes: number): CodeRuns {
  const start = new Int32Array(nCodes + 1);
  for (let i = 0; i < code.length; i++) start[code[i]! + 1]!++;
  for (let k = 0; k < nCodes; k++) start[k + 1]! += start[k]!;
  const at = start.slice(0, nCodes);
  const order = new Int32Array(code.length);
  const day = new Int32Array(code.length);
  for (let i = 0; i < code.length; i++) {
    const q = at[code[i]!]!++;
    order[q] = i;
    day[q] = date[i]!;
  }
  return { start, order, day };
}

/**
 * Entities grouped by code: entities of code k are order[start[k] .. start[k+1]), in ascending ts (ties in entity
 * order); ts[q] = the timestamp of order[q].
 */
export type EntityRuns = { start: Int32Array; order: Int32Array; ts: Float64Array };

/**
 * Groups entities (code index, -1 when the store has no such code) by code, each group in ascending ts, ties in
 * entity order: two stable counting sorts, by the rank of ts among the distinct timestamps, then by code.
 */
export function entityRuns(code: Int32Array, ts: Float64Array, nCodes: number): EntityRuns {
  const n = code.length;
  const rank = tsRanks(ts);
  let ranks = 0;
  for (let e = 0; e < n; e++) if (rank[e]! >= ranks) ranks = rank[e]! + 1;
  const byRank = countingOrder(rank, ranks);
  const start = new Int32Array(nCodes + 1);
  for (let e = 0; e < n; e++) if (code[e]! >= 0) start[code[e]! + 1]!++;
  for (let k = 0; k < nCodes; k++) start[k + 1]! += start[k]!;
  const at = start.slice(0, nCodes);
  const order = new Int32Array(start[nCodes]!);
  const sorted = new Float64Array(start[nCodes]!);
  for (let i = 0; i < n; i++) {
    const e = byRank[i]!;
    const k = code[e]!;
    if (k < 0) continue;
    const q = at[k]!++;
    order[q] = e;
    sorted[q] = ts[e]!;
  }
  return { start, order, ts: sorted };
}

/**
 * The rank of each timestamp among the distinct ones (equal values share a rank; NaN ranks last). Entity timestamps
 * repeat a lot (a few per day), so they are told apart by a Map and only the distinct values sorted; past
 * MAP_DISTINCT distinct values, all of them are sorted and ranked by binary search instead.
 */
function tsRanks(ts: Float64Array): Int32Array {
  const n = ts.length;
  const first = new Map<number, number>(); // value -> its index among the distinct values, in order of appearance
  const id = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    const t = ts[e]!;
    let k = first.get(t);
    if (k === undefined) {
      if (first.size >= MAP_DISTINCT) return ranksBySort(ts);
      k = first.size;
      first.set(t, k);
    }
    id[e] = k;
  }
  const distinct = Float64Array.from(first.keys()).sort(); // NaN sorts last
  const rankOf = new Int32Array(distinct.length);
  for (let r = 0; r < distinct.length; r++) rankOf[first.get(distinct[r]!)!] = r;
  for (let e = 0; e < n; e++) id[e] = rankOf[id[e]!]!;
  return id;
}

/** Distinct timestamps up to which tsRanks tells them apart by a Map. */
const MAP_DISTINCT = 65_536;

/** tsRanks by sorting every timestamp. */
function ranksBySort(ts: Float64Array): Int32Array {
  const sorted = Float64Array.from(ts).sort(); // NaN sorts last
  let u = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || !(sorted[i] === sorted[u - 1])) sorted[u++] = sorted[i]!;
  const distinct = sorted.subarray(0, u);
  const rank = new Int32Array(ts.length);
  for (let e = 0; e < ts.length; e++) {
    const t = ts[e]!;
    if (Number.isNaN(t)) { rank[e] = u; continue; }
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    rank[e] = lo;
  }
  return rank;
}

/** The indices 0 .. key.length-1 ordered by key (0 .. keys-1), stable. */
function countingOrder(key: Int32Array, keys: number): Int32Array {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < key.length; i++) start[key[i]! + 1]!++;
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const order = new Int32Array(key.length);
  for (let i = 0; i < key.length; i++) order[start[key[i]!]!++] = i;
  return order;
}

/**
 * For each entity, the matched store row or -1. A row of date d is available from d * 86400000 + offsetMs (epoch
 * ms) and served while ts - availability <= ttlMs.
 */
export function asOfMatch(store: CodeRuns, ents: EntityRuns, offsetMs: number, ttlMs: number, entities: number): Int32Array {
  const match = new Int32Array(entities).fill(-1);
  const nCodes = store.start.length - 1;
  const { order, day } = store;
  const ts = ents.ts;
  for (let k = 0; k < nCodes; k++) {
    const es = ents.start[k]!;
    const ee = ents.start[k + 1]!;
    if (es === ee) continue;
    const ss = store.start[k]!;
    const se = store.start[k + 1]!;
    let j = ss - 1; // last store row with availability <= current ts
    for (let q = es; q < ee; q++) {
      const t = ts[q]!;
      while (j + 1 < se && day[j + 1]! * 86_400_000 + offsetMs <= t) j++;
      if (j < ss) continue;
      if (t - (day[j]! * 86_400_000 + offsetMs) <= ttlMs) match[ents.order[q]!] = order[j]!;
    }
  }
  return match;
}
