/**
 * The raw check suite, run BEFORE assembly: decides which RawBars rows are quarantined (keep-mask 0) and counts
 * warnings. Every pass is a loop over typed arrays; the only sort is an Int32Array permutation by (code, date),
 * skipped when the input is already in that order.
 */
import type { RawBars } from '../../engine/raw-bars.ts';
import { adjustmentResult, checkRawAdjustment, hasAdjusted, type AdjustmentMismatches } from './adjustment-check.ts';
import { buildDayMask, checkMissingBusinessDays, checkNonBusinessDays } from './calendar-checks.ts';
import { CHECKS, type Calendar, type CheckName, type CheckResult } from './check-types.ts';
import { codeKeys } from './codes.ts';
import { checkDuplicates } from './duplicates.ts';
import { checkOhlc } from './ohlc.ts';
import { checkPriceLimits, type LimitStats } from './price-limits.ts';
import { assertRawShape, checkSchemaRows, FIRST_VALID_DAY, LAST_VALID_DAY } from './schema.ts';
import { sortRows, visitOrder } from './sort-rows.ts';

export type ValidateRawOptions = {
  /** The TSE calendar (e.g. engine/calendar/tse-calendar.ts or J-Quants' via makeCalendar); without it the calendar checks are skipped and reported as skipped. */
  calendar?: Calendar | null;
  /**
   * `true` skips every check (what `--skip-quality-checks` asks for): nothing is quarantined, and the result says
   * loudly, check by check, that nothing was checked. A list skips only the named checks.
   */
  skip?: boolean | readonly CheckName[];
};

export type SkippedCheck = { check: CheckName; why: string };

export type RawStats = {
  rowsIn: number;
  rowsKept: number;
  rowsQuarantined: number;
  /** Distinct valid codes. */
  codes: number;
  /** First and last valid date among rows with a valid code (days since epoch), null without such rows. */
  firstDate: number | null;
  lastDate: number | null;
  /** The rows arrived ordered by (code, date), so no sort was needed. */
  inputSorted: boolean;
  /** Rows with O/H/L/C/Vo/Va all null. */
  noTradeRows: number;
  /** Kept rows before each code's first traded kept row (assembly leaves them out of the panel). */
  beforeFirstTradeRows: number;
  missingBusinessDays: number;
  /** Rows on days the calendar could not answer for (outside its range): not calendar-checked. */
  calendarUnknownRows: number;
  priceLimit: LimitStats | null;
  /** Adjusted values compared with J-Quants' Adj* columns (0 when they are absent). */
  adjustmentCompared: number;
};

export type RawValidation = {
  /** Every check that ran, including those that found nothing. */
  results: CheckResult[];
  /** The results with findings, by severity. */
  errors: CheckResult[];
  warnings: CheckResult[];
  /** Per raw row: 1 = goes to assembly, 0 = quarantined by an error. */
  keep: Uint8Array;
  skipped: SkippedCheck[];
  /** Disagreements with J-Quants' Adj* columns, as columns (null when the raw table has none). */
  adjustment: AdjustmentMismatches | null;
  stats: RawStats;
};

const ALL_CHECKS = Object.keys(CHECKS).filter((c) => CHECKS[c as CheckName].family !== 'panel') as CheckName[];

/** Runs the raw check suite over `raw` (any row order) and returns findings, the keep-mask and stats. */
export function validateRaw(raw: RawBars, options: ValidateRawOptions = {}): RawValidation {
  assertRawShape(raw);
  const n = raw.rows;
  const keep = new Uint8Array(n).fill(1);
  if (options.skip === true) return skippedAll(raw, keep);
  const skipSet = new Set<CheckName>(Array.isArray(options.skip) ? options.skip : []);
  const skipped: SkippedCheck[] = [...skipSet].map((check) => ({ check, why: 'skipped on request' }));
  const results: CheckResult[] = [];
  const bad = new Uint8Array(n);
  const add = (r: CheckResult): void => {
    if (skipSet.has(r.check)) return;
    results.push(r);
    if (r.severity === 'error') for (let k = 0; k < r.rows.length; k++) bad[r.rows[k]!] = 1;
  };

  const { codes, key, result: codeResult } = codeKeys(raw);
  add(codeResult);
  for (const r of checkSchemaRows(raw)) add(r);
  const ohlc = checkOhlc(raw);
  for (const r of ohlc.results) add(r);

  const groups = sortRows(key, raw.date, codes.length);
  for (const r of checkDuplicates(raw, groups)) add(r);

  // Rows the calendar can judge: a valid code and a date in range (whatever was skipped).
  const eligible = new Uint8Array(n);
  let firstDate = Infinity;
  let lastDate = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = raw.date[i]!;
    if (key[i]! < 0 || d < FIRST_VALID_DAY || d > LAST_VALID_DAY) continue;
    eligible[i] = 1;
    if (d < firstDate) firstDate = d;
    if (d > lastDate) lastDate = d;
  }
  let afterGap: Uint8Array | undefined;
  let missingBusinessDays = 0;
  let calendarUnknownRows = 0;
  const calendar = options.calendar ?? null;
  if (calendar === null) {
    for (const check of ['non-business-day', 'missing-business-day'] as const) if (!skipSet.has(check)) skipped.push({ check, why: 'no calendar supplied' });
  } else if (firstDate <= lastDate) {
    const days = buildDayMask(calendar, firstDate, lastDate);
    const nonBusiness = checkNonBusinessDays(raw.date, eligible, days);
    calendarUnknownRows = nonBusiness.unknownRows;
    add(nonBusiness.result);
    // A row on a closed day is not a session of the code, so it neither fills nor bounds a gap (unless that check is skipped).
    const present = eligible.slice();
    if (!skipSet.has('non-business-day')) for (let k = 0; k < nonBusiness.result.rows.length; k++) present[nonBusiness.result.rows[k]!] = 0;
    const missing = checkMissingBusinessDays(raw.date, key, codes.length, visitOrder(groups), present, days);
    add(missing.result);
    if (!skipSet.has('missing-business-day')) {
      afterGap = missing.afterGap;
      missingBusinessDays = missing.result.count;
    }
  }

  const limits = checkPriceLimits({
    key, nKeys: codes.length, visit: visitOrder(groups), date: raw.date, high: raw.high, low: raw.low, close: raw.close,
    exFactor: raw.adjFactor, up: raw.upperLimit, down: raw.lowerLimit, skip: bad, afterGap,
  });
  for (const r of limits.results) add(r);

  for (let i = 0; i < n; i++) keep[i] = bad[i]! ^ 1;

  let adjustment: AdjustmentMismatches | null = null;
  if (!hasAdjusted(raw)) {
    if (!skipSet.has('adjusted-mismatch')) skipped.push({ check: 'adjusted-mismatch', why: 'RawBars has no AdjO/AdjH/AdjL/AdjC/AdjVo columns' });
  } else if (!skipSet.has('adjusted-mismatch')) {
    adjustment = checkRawAdjustment(raw, groups, keep, key);
    add(adjustmentResult(adjustment));
  }

  let rowsKept = 0;
  for (let i = 0; i < n; i++) rowsKept += keep[i]!;
  const stats: RawStats = {
    rowsIn: n, rowsKept, rowsQuarantined: n - rowsKept, codes: codes.length,
    firstDate: firstDate <= lastDate ? firstDate : null, lastDate: firstDate <= lastDate ? lastDate : null,
    inputSorted: groups.inputSorted, noTradeRows: ohlc.counts.noTradeRows,
    beforeFirstTradeRows: countBeforeFirstTrade(raw.close, groups.order, groups.offsets, keep),
    missingBusinessDays, calendarUnknownRows, priceLimit: limits.stats, adjustmentCompared: adjustment?.compared ?? 0,
  };
  return {
    results, errors: results.filter((r) => r.severity === 'error' && r.count > 0),
    warnings: results.filter((r) => r.severity === 'warning' && r.count > 0), keep, skipped, adjustment, stats,
  };
}

/** Kept rows before each code's first kept traded row. */
function countBeforeFirstTrade(close: Float64Array, order: Int32Array, offsets: Int32Array, keep: Uint8Array): number {
  let count = 0;
  for (let k = 0; k < offsets.length - 1; k++) {
    for (let j = offsets[k]!; j < offsets[k + 1]!; j++) {
      const r = order[j]!;
      if (keep[r] !== 1) continue;
      if (close[r] === close[r]) break;
      count++;
    }
  }
  return count;
}

/** The result of `skip: true`: every row kept, every check listed as skipped. */
function skippedAll(raw: RawBars, keep: Uint8Array): RawValidation {
  return {
    results: [], errors: [], warnings: [], keep, adjustment: null,
    skipped: ALL_CHECKS.map((check) => ({ check, why: 'all quality checks skipped (--skip-quality-checks)' })),
    stats: {
      rowsIn: raw.rows, rowsKept: raw.rows, rowsQuarantined: 0, codes: new Set(raw.codes).size, firstDate: null, lastDate: null,
      inputSorted: false, noTradeRows: 0, beforeFirstTradeRows: 0, missingBusinessDays: 0, calendarUnknownRows: 0,
      priceLimit: null, adjustmentCompared: 0,
    },
  };
}
