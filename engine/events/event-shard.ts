/**
 * The event pass of one shard (families.md §1-§4), run by a pool worker after the shard's per-code features: the
 * as-of joins of the planned event columns for codes [codeLo, codeHi), written into the batch's output columns.
 * Without an event join (no source loaded) every planned event column is null.
 */
import { EVENT_COLUMNS, EVENT_FAMILIES, joinEvents, type EventFamily, type EventJoin } from './join-events.ts';

const FAMILY_OF = new Map<string, EventFamily>(EVENT_FAMILIES.flatMap((f) => EVENT_COLUMNS[f].map((c) => [c, f] as const)));

/** The event families that columns `names` belong to, in family order. */
export function eventFamiliesOf(names: readonly string[]): EventFamily[] {
  const want = new Set(names.map((n) => FAMILY_OF.get(n)).filter((f) => f !== undefined));
  return EVENT_FAMILIES.filter((f) => want.has(f));
}

let spare = new Float64Array(0);

/**
 * Writes the event columns of `families` for codes [codeLo, codeHi); `col` holds the batch's columns, whose index 0
 * is panel row `base` (the outputs, and volume_ma_20 when margin or dmi is planned). A family column the plan does
 * not hold is computed into a spare array and dropped.
 */
export function eventShard(j: EventJoin | undefined, families: readonly EventFamily[], offsets: Int32Array, codeLo: number, codeHi: number, base: number, col: Record<string, Float64Array>): void {
  if (families.length === 0 || codeHi <= codeLo) return;
  const lo = offsets[codeLo]! - base;
  const n = offsets[codeHi]! - offsets[codeLo]!;
  const out: Record<string, Float64Array> = {};
  let spares = 0;
  for (const f of families) {
    for (const c of EVENT_COLUMNS[f]) {
      const have = col[c];
      if (have !== undefined) { out[c] = have.subarray(lo, lo + n); continue; }
      if (spare.length < (spares + 1) * n) spare = new Float64Array((spares + 1) * n * 2);
      out[c] = spare.subarray(spares * n, ++spares * n);
    }
  }
  if (j === undefined) {
    for (const c of Object.values(out)) c.fill(Number.NaN);
    return;
  }
  const vma = col.volume_ma_20?.subarray(lo, lo + n);
  joinEvents(j, families, codeLo, codeHi, out, vma);
}
