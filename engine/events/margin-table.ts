/** The weekly margin-interest event table (families.md §2): one group per panel code, objects keyed by Date. */
import type { EventTable } from '../../kernels/asof-join.ts';
import type { TradingCalendar } from '../calendar/trading-calendar.ts';
import type { BdOrdinals } from './bd-ordinals.ts';
import { buildTable, pending, push } from './build-table.ts';
import { codeIndex } from './codes.ts';
import { effWeeklyMargin } from './effective-days.ts';
import { numField, parseReport, requiredDay, type ParseReport } from './parse-fields.ts';

/** The record fields marginTable reads (a fetch may leave the others out). */
export const MARGIN_RECORD_FIELDS: readonly string[] = ['Code', 'Date', 'LongVol', 'ShrtVol', 'IssType'];

/** The event table of `/markets/margin-interest` records (API order) over the panel's codes. */
export function marginTable(records: readonly Record<string, unknown>[], codes: readonly string[], o: BdOrdinals, cal: TradingCalendar): { table: EventTable; report: ParseReport; unmatched: number } {
  const rep = parseReport('/markets/margin-interest');
  const p = pending(['LongVol', 'ShrtVol', 'IssType']);
  const idx = codeIndex(codes);
  let unmatched = 0;
  const effOf = new Map<number, number>();
  records.forEach((r, i) => {
    rep.records++;
    const d = requiredDay(rep, r, i, 'Date');
    if (d === null) return;
    const k = idx(r.Code);
    if (k < 0) { unmatched++; return; }
    let eff = effOf.get(d);
    if (eff === undefined) effOf.set(d, eff = effWeeklyMargin(o, cal, d));
    const iss = r.IssType;
    const issType = iss === '1' || iss === '2' || iss === '3' ? Number(iss) : Number.NaN;
    if (issType !== issType && iss !== undefined && iss !== '') rep.nonNumeric.IssType = (rep.nonNumeric.IssType ?? 0) + 1;
    // Version key: API order (a duplicate (Code, Date) takes the last record).
    push(p, k, eff, d, i, [], { LongVol: numField(rep, r, 'LongVol'), ShrtVol: numField(rep, r, 'ShrtVol'), IssType: issType });
  });
  return { table: buildTable(p, codes.length), report: rep, unmatched };
}
