/**
 * The point-in-time match on typed arrays (Feast's get_historical_features): for each entity (code, ts), the store
 * row of that code with the latest availability at or before ts, if ts is within the TTL after it; -1 otherwise.
 * Store rows are grouped per code in date order by a counting sort; entities are counting-sorted by code (kept in
 * their order within a code, sorted there only if their timestamps are not ascending), and each code is one
 * forward merge of its two sorted runs. Availability is Date + a fixed offset per view, so it rises with Date.
 */

/** Store rows grouped by code: rows of code k are order[start[k] .. start[k+1]), in ascending date. */
export type CodeRuns = { start: Int32Array; order: Int32Array; date: Int32Array };

/** Groups store rows (code index, date) by code, each group in date order. `date` must rise within a code's rows
 * when they are given in `code`-then-chronological order of the partitions (months ascending). */
export function codeRuns(code: Int32Array, date: Int32Array, nCodes: number): CodeRuns {
  const start = new Int32Array(nCodes + 1);
  for (let i = 0; i < code.length; i++) start[code[i]! + 1]!++;
  for (let k = 0; k < nCodes; k++) start[k + 1]! += start[k]!;
  const at = start.slice(0, nCodes);
  const order = new Int32Array(code.length);
  for (let i = 0; i < code.length; i++) order[at[code[i]!]!++] = i;
  return { start, order, date };
}

/** Entities grouped by code: entities of code k are order[start[k] .. start[k+1]), in ascending ts. */
export type EntityRuns = { start: Int32Array; order: Int32Array };

/** Groups entities (code index, -1 when the store has no such code) by code, each group in ascending ts. */
export function entityRuns(code: Int32Array, ts: Float64Array, nCodes: number): EntityRuns {
  const start = new Int32Array(nCodes + 1);
  for (let i = 0; i < code.length; i++) if (code[i]! >= 0) start[code[i]! + 1]!++;
  for (let k = 0; k < nCodes; k++) start[k + 1]! += start[k]!;
  const at = start.slice(0, nCodes);
  const order = new Int32Array(start[nCodes]!);
  for (let i = 0; i < code.length; i++) if (code[i]! >= 0) order[at[code[i]!]!++] = i;
  for (let k = 0; k < nCodes; k++) {
    const s = start[k]!;
    const e = start[k + 1]!;
    let sorted = true;
    for (let j = s + 1; j < e; j++) if (ts[order[j]!]! < ts[order[j - 1]!]!) { sorted = false; break; }
    if (!sorted) order.set(Array.from(order.subarray(s, e)).sort((a, b) => ts[a]! - ts[b]! || a - b), s);
  }
  return { start, order };
}

/**
 * For each entity, the matched store row or -1. A row of date d is available from d * 86400000 + offsetMs (epoch
 * ms) and served while ts - availability <= ttlMs.
 */
export function asOfMatch(store: CodeRuns, ents: EntityRuns, ts: Float64Array, offsetMs: number, ttlMs: number, entities: number): Int32Array {
  const match = new Int32Array(entities).fill(-1);
  const nCodes = store.start.length - 1;
  const { order, date } = store;
  for (let k = 0; k < nCodes; k++) {
    const es = ents.start[k]!;
    const ee = ents.start[k + 1]!;
    if (es === ee) continue;
    const ss = store.start[k]!;
    const se = store.start[k + 1]!;
    let j = ss - 1; // last store row with availability <= current ts
    for (let q = es; q < ee; q++) {
      const e = ents.order[q]!;
      const t = ts[e]!;
      while (j + 1 < se && date[order[j + 1]!]! * 86_400_000 + offsetMs <= t) j++;
      if (j < ss) continue;
      const row = order[j]!;
      if (t - (date[row]! * 86_400_000 + offsetMs) <= ttlMs) match[e] = row;
    }
  }
  return match;
}
