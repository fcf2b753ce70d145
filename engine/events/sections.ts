/**
 * Each panel row's flow section (families.md §0 Master, §1 Code → section): Mkt of the latest master snapshot dated
 * <= the row's date that lists the code, mapped to a section index; -1 when there is no such snapshot or no section.
 * Issue 15's point-in-time master can replace `snapshots` with its own per-row Mkt; the output stays an Int32 column.
 */
import { parseDay } from '../dates.ts';
import { codeIndex } from './codes.ts';
import { sectionOfMkt } from './flows-table.ts';

/** A master snapshot row: the snapshot's date, a code and its market code. */
export type MasterSnapshotRow = { Date: string; Code: string; Mkt: string };

/** The section index of every row of a panel (sorted by code, then date). */
export function sectionsFromMaster(panel: { codes: readonly string[]; offsets: Int32Array; date: Int32Array; rows: number }, snapshots: readonly MasterSnapshotRow[]): Int32Array {
  const idx = codeIndex(panel.codes);
  const per: { day: number; sec: number }[][] = panel.codes.map(() => []);
  for (const s of snapshots) {
    const k = idx(s.Code);
    if (k >= 0) per[k]!.push({ day: parseDay(s.Date), sec: sectionOfMkt(s.Mkt) });
  }
  const out = new Int32Array(panel.rows).fill(-1);
  per.forEach((list, k) => {
    list.sort((a, b) => a.day - b.day);
    let j = -1;
    for (let i = panel.offsets[k]!; i < panel.offsets[k + 1]!; i++) {
      while (j + 1 < list.length && list[j + 1]!.day <= panel.date[i]!) j++;
      out[i] = j < 0 ? -1 : list[j]!.sec;
    }
  });
  return out;
}
