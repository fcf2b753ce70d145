/**
 * Quarantine records: one per quarantined raw row, with every error check that hit it, the reasons and details,
 * and the row's raw J-Quants fields, so nothing leaves the dataset without a record. The lead writes them with
 * io/csv writeRecordsCsv(path, records, QUARANTINE_COLUMNS).
 */
import { formatDay } from '../../engine/dates.ts';
import type { RawBars } from '../../engine/raw-bars.ts';
import type { CheckResult } from './check-types.ts';

/** Column order of the quarantine CSV: identity, why, then the raw V2 fields. */
export const QUARANTINE_COLUMNS = [
  'Code', 'Date', 'check', 'reason', 'detail', 'row',
  'O', 'H', 'L', 'C', 'UL', 'LL', 'Vo', 'Va', 'AdjFactor', 'AdjO', 'AdjH', 'AdjL', 'AdjC', 'AdjVo',
] as const;

export type QuarantineRecord = {
  Code: string;
  /** ISO date; the raw day number as text when it is not a representable date. */
  Date: string;
  /** Error checks that hit the row, joined with '|'. */
  check: string;
  reason: string;
  detail: string;
  /** The raw row index (input position), to find the row in the source. */
  row: number;
  /** Values as numbers, or the text as received where it was not a finite number. */
  O: number | string | null; H: number | string | null; L: number | string | null; C: number | string | null;
  UL: number; LL: number;
  Vo: number | string | null; Va: number | string | null; AdjFactor: number | string | null;
  AdjO: number | null; AdjH: number | null; AdjL: number | null; AdjC: number | null; AdjVo: number | null;
};

/** An ISO date, or the number as text when formatDay cannot represent it. */
export function safeDay(day: number): string {
  // Years 0000..9999 only: outside them toISOString() no longer gives YYYY-MM-DD.
  return day >= -719_162 && day <= 2_932_896 ? formatDay(day) : String(day);
}

/**
 * The quarantine records of the error results, sorted by (Code, Date, row). Warnings are not quarantined and do
 * not appear. A row hit by several checks gives one record listing them all.
 */
export function quarantineRecords(raw: RawBars, results: readonly CheckResult[]): QuarantineRecord[] {
  const hits = new Map<number, { checks: string[]; reasons: string[]; details: string[] }>();
  for (const r of results) {
    if (r.severity !== 'error') continue;
    for (let k = 0; k < r.rows.length; k++) {
      const row = r.rows[k]!;
      let h = hits.get(row);
      if (h === undefined) hits.set(row, (h = { checks: [], reasons: [], details: [] }));
      if (h.checks.includes(r.check)) continue;
      h.checks.push(r.check);
      h.reasons.push(r.reason);
      const detail = r.detail?.(k);
      if (detail !== undefined) h.details.push(`${r.check}: ${detail}`);
    }
  }
  const valueOf = (x: number): number | null => (x === x ? x : null);
  const adj = (col: Float64Array | undefined, i: number): number | null => (col === undefined ? null : valueOf(col[i]!));
  const records: QuarantineRecord[] = [];
  for (const [i, h] of hits) {
    const t = raw.received?.get(i) ?? {};
    const val = (field: string, x: number): number | string | null => t[field] ?? valueOf(x);
    records.push({
      Code: raw.codes[raw.code[i]!] ?? `#${raw.code[i]}`, Date: safeDay(raw.date[i]!),
      check: h.checks.join('|'), reason: h.reasons.join('; '), detail: h.details.join('; '), row: i,
      O: val('O', raw.open[i]!), H: val('H', raw.high[i]!), L: val('L', raw.low[i]!), C: val('C', raw.close[i]!),
      UL: raw.upperLimit[i]!, LL: raw.lowerLimit[i]!, Vo: val('Vo', raw.volume[i]!), Va: val('Va', raw.turnover[i]!),
      AdjFactor: val('AdjFactor', raw.adjFactor[i]!), AdjO: adj(raw.adjOpen, i), AdjH: adj(raw.adjHigh, i), AdjL: adj(raw.adjLow, i),
      AdjC: adj(raw.adjClose, i), AdjVo: adj(raw.adjVolume, i),
    });
  }
  records.sort((a, b) => (a.Code < b.Code ? -1 : a.Code > b.Code ? 1 : a.Date < b.Date ? -1 : a.Date > b.Date ? 1 : a.row - b.row));
  return records;
}
