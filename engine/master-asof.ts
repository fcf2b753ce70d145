/**
 * Sector and market segment of each panel row as of the row's date (families.md §0 Master): the values of the latest
 * listed-master snapshot dated <= t that lists the code; a later snapshot is never used, and a row with no such
 * snapshot gets -1. Codes are kept as integers of their digits: S33 "3050" -> 3050 ("9999" stays 9999: その他),
 * Mkt "0111" -> 111; an empty or non-numeric value is -1.
 */
import { parseDayMemo } from './dates.ts';
import { sharedI32 } from './shared.ts';

/** One row of a master snapshot: the fields the per-date families use (V2 names). */
export type MasterRow = { Date: string; Code: string; S33?: string | null; Mkt?: string | null };

/** Per-row Int32 columns over SharedArrayBuffers, in panel row order. */
export type MasterColumns = {
  /** Sector33 code as of the row's date, -1 for none. */
  sector33: Int32Array;
  /** Market segment (Mkt) as of the row's date, -1 for none. */
  market: Int32Array;
};

/** A numeric code string as an integer; -1 for null, empty or anything but digits. */
export function codeNumber(s: string | null | undefined): number {
  if (s === null || s === undefined) return -1;
  const t = s.trim();
  return /^\d{1,9}$/.test(t) ? Number(t) : -1;
}

/** The S33 and Mkt of every panel row as of its date, from master snapshots in any order. */
export function masterAsOf(panel: { codes: readonly string[]; offsets: Int32Array; date: Int32Array }, snapshots: readonly MasterRow[]): MasterColumns {
  const n = panel.date.length;
  const sector33 = sharedI32(n).fill(-1);
  const market = sharedI32(n).fill(-1);
  const index = new Map<string, number>();
  panel.codes.forEach((c, k) => index.set(c, k));
  // Per code: its snapshot entries sorted by date (a repeated date keeps the last row given).
  const entries: { day: number; s33: number; mkt: number }[][] = panel.codes.map(() => []);
  // Snapshots repeat a few hundred dates and a few dozen sector and market codes over millions of rows.
  const dayOf = parseDayMemo();
  const numbers = new Map<string | null | undefined, number>();
  const numberOf = (s: string | null | undefined): number => {
    let v = numbers.get(s);
    if (v === undefined) numbers.set(s, v = codeNumber(s));
    return v;
  };
  for (const r of snapshots) {
    const k = index.get(r.Code.length === 4 ? `${r.Code}0` : r.Code);
    if (k === undefined) continue;
    entries[k]!.push({ day: dayOf(r.Date), s33: numberOf(r.S33), mkt: numberOf(r.Mkt) });
  }
  for (let k = 0; k < panel.codes.length; k++) {
    const e = entries[k]!;
    if (e.length === 0) continue;
    e.sort((a, b) => a.day - b.day); // stable: among equal dates the last given stays last
    let j = -1;
    for (let i = panel.offsets[k]!; i < panel.offsets[k + 1]!; i++) {
      const t = panel.date[i]!;
      while (j + 1 < e.length && e[j + 1]!.day <= t) j++;
      if (j >= 0) { sector33[i] = e[j]!.s33; market[i] = e[j]!.mkt; }
    }
  }
  return { sector33, market };
}
