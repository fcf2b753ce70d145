/**
 * Listed-master snapshots for the families that need a code's sector or market segment as of each date
 * (families.md §0 Master, §11 question 9): one `/equities/master` snapshot on the run's first loaded day and on the
 * first business day of every later week. A row uses the latest snapshot dated on or before it, so a change shows
 * from the next snapshot on (at most a week late, never early). Snapshots are cached like every raw record.
 */
import { businessDays } from '../engine/calendar/tse-calendar.ts';
import { weekday } from '../engine/dates.ts';
import type { MasterRow } from '../engine/master-asof.ts';
import type { Client } from '../io/jquants/client.ts';

/** Families that read the master as of each date (flows: a code's section from its market, families.md §1). */
export const MASTER_FAMILIES: ReadonlySet<string> = new Set(['sector', 'flows']);

/** True when a run of these families needs master snapshots. */
export function needsMaster(families: readonly string[]): boolean {
  return families.some((f) => MASTER_FAMILIES.has(f));
}

/** The snapshot days for [from, to]: `from`, then the first business day of each Monday-to-Sunday week after it. */
export function snapshotDays(from: number, to: number): number[] {
  const days = businessDays(from, to);
  const out: number[] = [];
  let week = Number.NaN;
  for (const d of days) {
    const monday = d - ((weekday(d) + 6) % 7);
    if (monday !== week || out.length === 0) { out.push(d); week = monday; }
  }
  return out;
}

/** Fetches (or reads from the cache) the snapshots of [from, to]. */
export async function fetchMasterSnapshots(client: Client, from: number, to: number): Promise<MasterRow[]> {
  const { records } = await client.fetchMasterDays({ days: snapshotDays(from, to), fields: ['Date', 'Code', 'S33', 'Mkt'] });
  const out: MasterRow[] = [];
  // The records hold only these fields (a fresh object each): taken as they are, not copied into new ones.
  for (const day of records) for (const r of day) out.push(r as MasterRow);
  return out;
}
