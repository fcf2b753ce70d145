/**
 * The fins/summary event table (families.md §4): one group per panel code, records in disclosure order (eff,
 * DiscDate, DiscTime with a missing time as 24:00, DiscNo as an unsigned integer, API order). Results documents
 * are keyed by their period (CurFYEn, CurPerType); E and D documents are objects of their own.
 */
import type { EventTable } from '../../kernels/asof-join.ts';
import { CLS_D, CLS_E, CLS_R, periodKey } from '../../kernels/features-statements.ts';
import type { BdOrdinals } from './bd-ordinals.ts';
import { buildTable, pending, push } from './build-table.ts';
import { codeIndex } from './codes.ts';
import { effStatement, HALF_DAYS, timeSeconds } from './effective-days.ts';
import { dayField, numField, parseReport, requiredDay, type ParseReport } from './parse-fields.ts';

const NUMBERS = ['Sales', 'OP', 'NP', 'BPS', 'Eq', 'EqAR', 'FOP', 'FNP', 'FEPS', 'FDivAnn', 'NxFOP', 'NxFNp', 'NxFEPS', 'NxFDivAnn'];
const DATES = ['PerEn', 'FYSt', 'FYEn', 'NxSt', 'NxEn'];
const DATE_KEYS: Readonly<Record<string, string>> = { PerEn: 'CurPerEn', FYSt: 'CurFYSt', FYEn: 'CurFYEn', NxSt: 'NxtFYSt', NxEn: 'NxtFYEn' };
const PER: Readonly<Record<string, number>> = { '1Q': 1, '2Q': 2, '3Q': 3, FY: 4, '4Q': 5, '5Q': 6 };
const RESULTS = /^(FY|1Q|2Q|3Q|OtherPeriod)FinancialStatements_(Consolidated|NonConsolidated)_(JP|US|IFRS|JMIS|Foreign)$/;
const EXCLUDED = new Set(['FYFinancialStatements_Consolidated_REIT', 'REITEarnForecastRevision', 'REITDividendForecastRevision']);

/** The record fields statementsTable reads (a fetch may leave the others out). */
export const STATEMENT_RECORD_FIELDS: readonly string[] = [
  'Code', 'DiscDate', 'DiscTime', 'DiscNo', 'DocType', 'CurPerType', ...DATES.map((d) => DATE_KEYS[d]!), ...NUMBERS,
];

/** The document class of a DocType: 0 R, 1 E, 2 D, -1 excluded (REIT), -2 unknown. */
export function docClass(docType: unknown): number {
  if (typeof docType !== 'string') return -2;
  if (RESULTS.test(docType)) return CLS_R;
  if (docType === 'EarnForecastRevision') return CLS_E;
  if (docType === 'DividendForecastRevision') return CLS_D;
  return EXCLUDED.has(docType) ? -1 : -2;
}

export type StatementsTable = { table: EventTable; report: ParseReport; unmatched: number; excluded: number; unknownDocTypes: Record<string, number> };

/** The event table of `/fins/summary` records (API order) over the panel's codes. */
export function statementsTable(records: readonly Record<string, unknown>[], codes: readonly string[], o: BdOrdinals, halfDays: ReadonlySet<number> = HALF_DAYS): StatementsTable {
  const rep = parseReport('/fins/summary');
  const p = pending(['Cls', 'Per', 'DiscDate', ...DATES, ...NUMBERS], 3);
  const idx = codeIndex(codes);
  let unmatched = 0;
  let excluded = 0;
  const unknownDocTypes: Record<string, number> = {};
  records.forEach((r, i) => {
    rep.records++;
    const disc = requiredDay(rep, r, i, 'DiscDate');
    if (disc === null) return;
    const k = idx(r.Code);
    if (k < 0) { unmatched++; return; }
    const cls = docClass(r.DocType);
    if (cls < 0) {
      excluded++;
      if (cls === -2) { const d = String(r.DocType ?? ''); unknownDocTypes[d] = (unknownDocTypes[d] ?? 0) + 1; }
      return;
    }
    const values: Record<string, number> = { Cls: cls, DiscDate: disc };
    for (const d of DATES) values[d] = dayField(r, DATE_KEYS[d]!);
    for (const f of NUMBERS) values[f] = numField(rep, r, f);
    const per = PER[String(r.CurPerType ?? '')] ?? 7;
    values.Per = per;
    if (cls === CLS_R && (values.FYEn !== values.FYEn || values.PerEn !== values.PerEn || values.FYSt !== values.FYSt)) {
      rep.rejected.push({ endpoint: rep.endpoint, index: i, field: 'CurFYEn', value: String(r.CurFYEn ?? ''), reason: 'a results document needs CurPerEn, CurFYSt and CurFYEn' });
      return;
    }
    const secs = timeSeconds(r.DiscTime);
    const discNo = typeof r.DiscNo === 'string' && /^\d+$/.test(r.DiscNo) ? Number(r.DiscNo) : Number.MAX_SAFE_INTEGER;
    const obj = cls === CLS_R ? periodKey(values.FYEn!, per) : -1e15 + i;
    push(p, k, effStatement(o, disc, secs, halfDays), obj, 0, [disc, secs === secs ? secs : 86_400, discNo], values);
  });
  return { table: buildTable(p, codes.length, true), report: rep, unmatched, excluded, unknownDocTypes };
}
