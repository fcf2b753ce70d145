/**
 * The vocabulary of the data-quality layer: check names, their severity, and the columnar result of a check.
 * Severity decides what happens to a row: an 'error' quarantines it (it goes to the quarantine file with the
 * reason and is left out of assembly); a 'warning' is counted and reported, and the row is kept.
 */

export type Severity = 'error' | 'warning';

export type CheckFamily = 'schema' | 'ohlc' | 'duplicates' | 'calendar' | 'price-limit' | 'adjustment' | 'panel';

export type CheckName =
  | 'code-format' | 'date-invalid' | 'adj-factor-invalid' | 'flag-invalid'
  | 'not-a-number' | 'non-finite' | 'null-pattern' | 'price-nonpositive' | 'ohlc-inconsistent' | 'volume-negative' | 'volume-zero-traded'
  | 'duplicate' | 'duplicate-conflict'
  | 'non-business-day' | 'missing-business-day'
  | 'price-limit-impossible' | 'price-limit-ex-date' | 'price-limit-expanded' | 'limit-flag-unexplained' | 'limit-flag-missing'
  | 'adjusted-mismatch'
  | 'panel-structure' | 'panel-order' | 'panel-null' | 'no-trade-fill';

export type CheckSpec = { severity: Severity; family: CheckFamily; reason: string };

/**
 * The severity table. Why each severity: an error is a row that cannot be true of J-Quants data (or would corrupt
 * assembly), so it is quarantined; a warning is unusual but possible, or a disagreement with no row to blame.
 */
export const CHECKS: Readonly<Record<CheckName, CheckSpec>> = {
  'code-format': { severity: 'error', family: 'schema', reason: 'Code is not a J-Quants 5-character code (^[1-9][0-9ACDFGHJKLMNPRSTUWXY][0-9][0-9ACDFGHJKLMNPRSTUWXY][0-9]$) or not in the code dictionary' },
  'date-invalid': { severity: 'error', family: 'schema', reason: 'Date is outside 1949-05-16..2099-12-31 (not a TSE session date)' },
  'adj-factor-invalid': { severity: 'error', family: 'schema', reason: 'AdjFactor is missing, not finite or <= 0, so the split adjustment cannot use it' },
  'flag-invalid': { severity: 'warning', family: 'schema', reason: 'UL or LL flag is neither 0 nor 1' },
  'not-a-number': { severity: 'error', family: 'ohlc', reason: 'a price, Vo, Va or AdjFactor is not a number as received (e.g. "abc", "1,234"); the received text is shown' },
  'non-finite': { severity: 'error', family: 'ohlc', reason: 'a price, Vo or Va is not finite (+-Infinity, or a number beyond float64 such as 1e400)' },
  'null-pattern': { severity: 'error', family: 'ohlc', reason: 'O/H/L/C/Vo/Va are neither all null (no-trade day) nor all present' },
  'price-nonpositive': { severity: 'error', family: 'ohlc', reason: 'a price (O/H/L/C) is <= 0' },
  'ohlc-inconsistent': { severity: 'error', family: 'ohlc', reason: 'High < max(Open, Close, Low) or Low > min(Open, Close, High)' },
  'volume-negative': { severity: 'error', family: 'ohlc', reason: 'Vo or Va is negative' },
  'volume-zero-traded': { severity: 'warning', family: 'ohlc', reason: 'prices present with Vo = 0 (J-Quants nulls every field on a no-trade day instead)' },
  'duplicate': { severity: 'error', family: 'duplicates', reason: 'identical copy of an earlier row for the same (Code, Date); the first copy is kept' },
  'duplicate-conflict': { severity: 'error', family: 'duplicates', reason: '(Code, Date) appears more than once with different values; every copy is quarantined' },
  'non-business-day': { severity: 'error', family: 'calendar', reason: 'Date is not a TSE business day' },
  'missing-business-day': { severity: 'warning', family: 'calendar', reason: 'a TSE business day inside the code\'s first..last row has no row (J-Quants sends a null row on no-trade days)' },
  'price-limit-impossible': { severity: 'error', family: 'price-limit', reason: 'High or Low is beyond even the expanded daily limit (base +- 4W since 2020-08-03, 2W before) of the TSE table' },
  'price-limit-ex-date': { severity: 'warning', family: 'price-limit', reason: 'on an ex-date (AdjFactor != 1) High or Low is beyond the expanded limit around the AdjFactor-adjusted base; the exchange\'s base rounding is unknown' },
  'price-limit-expanded': { severity: 'warning', family: 'price-limit', reason: 'High or Low is beyond the normal daily limit but within the expanded one, and the previous sessions were not limit-locked on that side' },
  'limit-flag-unexplained': { severity: 'warning', family: 'price-limit', reason: 'UL (LL) is set but High (Low) is not at the upper (lower) limit' },
  'limit-flag-missing': { severity: 'warning', family: 'price-limit', reason: 'High (Low) reached the upper (lower) limit but UL (LL) is not set' },
  'adjusted-mismatch': { severity: 'warning', family: 'adjustment', reason: 'gq\'s split-adjusted value differs from J-Quants\' AdjO/AdjH/AdjL/AdjC (by > 0.05 yen) or AdjVo (by > 0.5 share)' },
  'panel-structure': { severity: 'error', family: 'panel', reason: 'the Panel\'s columns, lengths or offsets are inconsistent' },
  'panel-order': { severity: 'error', family: 'panel', reason: 'rows are not strictly ascending by date within a code segment, or a row\'s code does not match its segment' },
  'panel-null': { severity: 'error', family: 'panel', reason: 'a traded row has a null or non-finite price or volume, or a factor that is not > 0' },
  'no-trade-fill': { severity: 'error', family: 'panel', reason: 'a no-trade row is not filled as O=H=L=C=previous close with volume = turnover = 0' },
};

/** The calendar the checks need: another module provides TSE (engine/calendar) or J-Quants' calendar. */
export type Calendar = { isBusinessDay(day: number): boolean };

/**
 * What one check found. `rows` are RawBars rows for validateRaw and Panel rows for validateAll, in the order found;
 * `count` = rows.length (for a row-less finding such as panel-structure, rows is empty and count says how many).
 */
export type CheckResult = {
  check: CheckName;
  severity: Severity;
  reason: string;
  rows: Int32Array;
  count: number;
  /** missing-business-day only: dates[k] is the missing day before rows[k] (the row after the gap). */
  dates?: Int32Array;
  /** Per-finding detail text (values, base, limits), made only when asked, so findings stay columnar. */
  detail?: (k: number) => string;
};

/** A result for `check` over `rows`, with severity and reason from the table. */
export function makeResult(check: CheckName, rows: Int32Array, extra: Partial<Pick<CheckResult, 'dates' | 'detail' | 'reason' | 'count'>> = {}): CheckResult {
  const spec = CHECKS[check];
  return { check, severity: spec.severity, reason: extra.reason ?? spec.reason, rows, count: extra.count ?? rows.length, dates: extra.dates, detail: extra.detail };
}
