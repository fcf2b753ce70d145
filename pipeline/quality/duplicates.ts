/**
 * Duplicate (Code, Date) rows. Policy: when every copy is identical to the first (in input order), the first is
 * kept and the later copies are quarantined as 'duplicate' (nothing is lost); when any copy differs, there is no way
 * to tell which is right, so every copy is quarantined as 'duplicate-conflict' and the day becomes a gap.
 */
import type { RawBars } from '../../engine/raw-bars.ts';
import { makeResult, type CheckResult } from './check-types.ts';
import { RowList } from './row-list.ts';
import type { RowGroups } from './sort-rows.ts';

type Columns = (Float64Array | Uint8Array)[];

function valueColumns(raw: RawBars): Columns {
  const cols: Columns = [raw.open, raw.high, raw.low, raw.close, raw.volume, raw.turnover, raw.adjFactor, raw.upperLimit, raw.lowerLimit];
  for (const c of [raw.adjOpen, raw.adjHigh, raw.adjLow, raw.adjClose, raw.adjVolume]) if (c !== undefined) cols.push(c);
  return cols;
}

/** True when rows a and b hold the same values (null equals null). */
function sameRow(cols: Columns, a: number, b: number): boolean {
  for (let j = 0; j < cols.length; j++) {
    const x = cols[j]![a]!;
    const y = cols[j]![b]!;
    if (x !== y && (x === x || y === y)) return false;
  }
  return true;
}

/** Finds rows sharing (code, date) in the grouped order; returns the 'duplicate' and 'duplicate-conflict' results. */
export function checkDuplicates(raw: RawBars, groups: RowGroups): CheckResult[] {
  const { order } = groups;
  const date = raw.date;
  const copies = new RowList();
  const conflicts = new RowList();
  const firstOf = new RowList(); // for 'duplicate': the kept row each copy repeats
  const cols = valueColumns(raw);
  const nKeys = groups.offsets.length - 1;
  for (let k = 0; k < nKeys; k++) {
    const end = groups.offsets[k + 1]!;
    let a = groups.offsets[k]!;
    while (a < end) {
      const d = date[order[a]!]!;
      let b = a + 1;
      while (b < end && date[order[b]!]! === d) b++;
      if (b - a > 1) {
        const first = order[a]!;
        let same = true;
        for (let j = a + 1; j < b && same; j++) same = sameRow(cols, first, order[j]!);
        if (same) for (let j = a + 1; j < b; j++) { copies.push(order[j]!); firstOf.push(first); }
        else for (let j = a; j < b; j++) conflicts.push(order[j]!);
      }
      a = b;
    }
  }
  const firsts = firstOf.toArray();
  const conflictRows = conflicts.toArray();
  return [
    makeResult('duplicate', copies.toArray(), { detail: (k) => `identical to input row ${firsts[k]}, which is kept` }),
    makeResult('duplicate-conflict', conflictRows, { detail: (k) => `C ${raw.close[conflictRows[k]!]}, Vo ${raw.volume[conflictRows[k]!]}` }),
  ];
}
