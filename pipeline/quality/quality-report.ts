/**
 * The quality report: a JSON-able summary of a raw validation (for `<name>.quality.json` and the metadata) and a
 * short text rendering for the terminal. When the checks were skipped, both say so first and loudly.
 */
import type { RawBars } from '../../engine/raw-bars.ts';
import { adjustmentDisagreements, rawRowNames, type AdjustmentDisagreement } from './adjustment-check.ts';
import { CHECKS, type CheckFamily, type CheckName, type Severity } from './check-types.ts';
import { safeDay } from './quarantine.ts';
import type { LimitStats } from './price-limits.ts';
import type { RawValidation, SkippedCheck } from './validate-raw.ts';

export type QualityReport = {
  /** True when every check was skipped (--skip-quality-checks). */
  skipped: boolean;
  skipped_checks: SkippedCheck[];
  rows_in: number;
  rows_out: number;
  rows_quarantined: number;
  codes: number;
  date_range: { from: string; to: string } | null;
  input_sorted: boolean | null;
  /** No error in the schema family (codes, dates, AdjFactor, flags); null when not checked. */
  schema_valid: boolean | null;
  /** No null-pattern, non-finite, non-positive, OHLC or negative-volume error; null when not checked. */
  ohlc_valid: boolean | null;
  /** Rows quarantined as duplicate (Code, Date) copies or conflicts; null when not checked. */
  duplicates: number | null;
  errors: number;
  warnings: number;
  checks: { check: CheckName; family: CheckFamily; severity: Severity; count: number; reason: string }[];
  /** Share of null (NaN) values per raw column, 6 decimals. */
  null_ratio: Record<string, number>;
  no_trade_rows: number;
  before_first_trade_rows: number;
  missing_business_days: number;
  calendar_unknown_rows: number;
  price_limit: LimitStats | null;
  adjustment: { compared: number; mismatches: number; sample: AdjustmentDisagreement[] } | null;
  /** Quarantined bars kept as (Code, Date) rows with null OHLCV, and the feature cells of written rows they nulled. */
  unknown_bars?: { panel_rows: number; written_rows: number; feature_cells_nulled: number };
  /** TOPIX days carried from the previous close (missing or null bars), and rows after TOPIX's last day. */
  topix?: { carried_days: string[]; rows_after_last_day: number };
};

/** What assembly and compute found, for the report: unknown bars and TOPIX gaps. */
export type AssemblyFindings = {
  unknownBars: number;
  topixCarried: string[];
  rowsAfterTopix: number;
  written: { rows: number; cells: number };
};

/** The report with assembly's findings added; a TOPIX that ends before the stocks is a warning. */
export function withAssemblyFindings(q: QualityReport, a: AssemblyFindings): QualityReport {
  return {
    ...q,
    warnings: q.warnings + (a.rowsAfterTopix > 0 ? 1 : 0) + (a.topixCarried.length > 0 ? 1 : 0),
    unknown_bars: { panel_rows: a.unknownBars, written_rows: a.written.rows, feature_cells_nulled: a.written.cells },
    topix: { carried_days: a.topixCarried, rows_after_last_day: a.rowsAfterTopix },
  };
}

const RAW_COLUMNS: [string, keyof RawBars][] = [
  ['O', 'open'], ['H', 'high'], ['L', 'low'], ['C', 'close'], ['Vo', 'volume'], ['Va', 'turnover'], ['AdjFactor', 'adjFactor'],
  ['AdjO', 'adjOpen'], ['AdjH', 'adjHigh'], ['AdjL', 'adjLow'], ['AdjC', 'adjClose'], ['AdjVo', 'adjVolume'],
];

/** Null ratio per raw float column (absent Adj* columns are left out). */
export function rawNullRatios(raw: RawBars): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, key] of RAW_COLUMNS) {
    const col = raw[key] as Float64Array | undefined;
    if (col === undefined) continue;
    let nulls = 0;
    for (let i = 0; i < col.length; i++) if (col[i] !== col[i]) nulls++;
    out[name] = col.length === 0 ? 0 : +(nulls / col.length).toFixed(6);
  }
  return out;
}

/** The JSON-able report of a raw validation; `sample` disagreements with J-Quants' Adj* are capped at `maxSample`. */
export function buildQualityReport(raw: RawBars, v: RawValidation, maxSample = 20): QualityReport {
  const skippedAll = v.results.length === 0 && v.skipped.length > 0;
  const count = (pred: (c: CheckName) => boolean): number | null => {
    const rs = v.results.filter((r) => pred(r.check));
    return rs.length === 0 ? null : rs.reduce((s, r) => s + r.count, 0);
  };
  const errorsIn = (family: CheckFamily): number | null => count((c) => CHECKS[c].family === family && CHECKS[c].severity === 'error');
  const schemaErrors = errorsIn('schema');
  const ohlcErrors = errorsIn('ohlc');
  const s = v.stats;
  return {
    skipped: skippedAll,
    skipped_checks: v.skipped,
    rows_in: s.rowsIn,
    rows_out: s.rowsKept,
    rows_quarantined: s.rowsQuarantined,
    codes: s.codes,
    date_range: s.firstDate === null || s.lastDate === null ? null : { from: safeDay(s.firstDate), to: safeDay(s.lastDate) },
    input_sorted: skippedAll ? null : s.inputSorted,
    schema_valid: schemaErrors === null ? null : schemaErrors === 0,
    ohlc_valid: ohlcErrors === null ? null : ohlcErrors === 0,
    duplicates: count((c) => CHECKS[c].family === 'duplicates'),
    errors: v.errors.reduce((t, r) => t + r.count, 0),
    warnings: v.warnings.reduce((t, r) => t + r.count, 0),
    checks: v.results.map((r) => ({ check: r.check, family: CHECKS[r.check].family, severity: r.severity, count: r.count, reason: r.reason })),
    null_ratio: rawNullRatios(raw),
    no_trade_rows: s.noTradeRows,
    before_first_trade_rows: s.beforeFirstTradeRows,
    missing_business_days: s.missingBusinessDays,
    calendar_unknown_rows: s.calendarUnknownRows,
    price_limit: s.priceLimit,
    adjustment: v.adjustment === null ? null : {
      compared: v.adjustment.compared, mismatches: v.adjustment.rows.length,
      sample: adjustmentDisagreements(v.adjustment, rawRowNames(raw), maxSample),
    },
  };
}

/** A few lines for the terminal: a loud banner when checks were skipped, then counts per check with findings. */
export function renderQualityReport(q: QualityReport): string {
  const lines: string[] = [];
  if (q.skipped) {
    lines.push('!!! QUALITY CHECKS SKIPPED (--skip-quality-checks): none of the ' + `${q.rows_in} raw rows was validated; nothing was quarantined. !!!`);
  } else if (q.skipped_checks.length > 0) {
    lines.push(`WARNING: ${q.skipped_checks.length} check(s) skipped: ${q.skipped_checks.map((s) => `${s.check} (${s.why})`).join(', ')}`);
  }
  lines.push(`quality: ${q.rows_in} rows in, ${q.rows_out} kept, ${q.rows_quarantined} quarantined; ${q.errors} error finding(s), ${q.warnings} warning(s)`);
  if (!q.skipped) {
    const yn = (b: boolean | null): string => (b === null ? 'not checked' : b ? 'yes' : 'NO');
    lines.push(`schema valid: ${yn(q.schema_valid)}; OHLC valid: ${yn(q.ohlc_valid)}; duplicate rows: ${q.duplicates ?? 'not checked'}; missing business days: ${q.missing_business_days}`);
  }
  for (const c of q.checks) if (c.count > 0) lines.push(`  ${c.severity === 'error' ? 'ERROR  ' : 'warning'} ${c.check}: ${c.count} (${c.reason})`);
  if (q.unknown_bars !== undefined && q.unknown_bars.panel_rows > 0) {
    const u = q.unknown_bars;
    lines.push(`  unknown bars: ${u.panel_rows} quarantined bar(s) kept as (Code, Date) rows with null OHLCV (${u.written_rows} null-close row(s) written); ${u.feature_cells_nulled} feature cell(s) null because of them`);
  }
  if (q.topix !== undefined && q.topix.carried_days.length > 0) {
    lines.push(`  warning topix-carried: ${q.topix.carried_days.length} business day(s) without a TOPIX close carry the previous close (${q.topix.carried_days.slice(0, 5).join(', ')}${q.topix.carried_days.length > 5 ? ', ...' : ''})`);
  }
  if (q.topix !== undefined && q.topix.rows_after_last_day > 0) {
    lines.push(`  warning topix-ends-early: ${q.topix.rows_after_last_day} row(s) come after TOPIX's last day; their TOPIX-relative features and excess targets are null`);
  }
  if (q.adjustment !== null && q.adjustment.mismatches > 0) {
    const a = q.adjustment.sample[0]!;
    lines.push(`  adjusted vs J-Quants: ${q.adjustment.mismatches} of ${q.adjustment.compared} values differ, e.g. ${a.Code} ${a.Date} ${a.field}: gq ${a.gq} vs J-Quants ${a.jquants}`);
  }
  return lines.join('\n');
}
