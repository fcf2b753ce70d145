/** The error of a run that has no row to write: why, and the nearest days that would give rows. */
import { businessDays } from '../engine/calendar/tse-calendar.ts';
import { formatDay } from '../engine/dates.ts';
import type { RawBars } from '../engine/raw-bars.ts';
import { GqError } from './errors.ts';

/**
 * A NO_DATA error for an output range `from..to` that gives no row: a range without a business day, a range outside
 * the data, or one whose every row was quarantined (`keep` = the checks' verdict per raw row, when known).
 */
export function emptyResultError(raw: RawBars, from: number, to: number, keep?: Uint8Array): GqError {
  const range = from <= to ? `${formatDay(from)}..${formatDay(to)}` : `--from ${formatDay(from)} to --to ${formatDay(to)}`;
  let inRange = 0;
  let kept = 0;
  let before = Number.NEGATIVE_INFINITY;
  let after = Number.POSITIVE_INFINITY;
  for (let i = 0; i < raw.rows; i++) {
    const d = raw.date[i]!;
    if (d >= from && d <= to) {
      inRange++;
      if (keep === undefined || keep[i] === 1) kept++;
    } else if (d < from && d > before) before = d;
    else if (d > to && d < after) after = d;
  }
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < raw.rows; i++) { const d = raw.date[i]!; if (d < first) first = d; if (d > last) last = d; }
  let why: string;
  if (from <= to && businessDays(from, to).length === 0) why = `${range} holds no business day (a weekend or holiday)`;
  else if (from > last && raw.rows > 0) why = `${formatDay(from)} is after the last day of the data (${formatDay(last)})`;
  else if (to < first && raw.rows > 0) why = `${formatDay(to)} is before the first day of the data (${formatDay(first)})`;
  else if (from > to) why = `the range is empty (${range})`;
  else if (inRange > 0 && kept === 0) why = `every one of the ${inRange} rows in ${range} was quarantined (see the quality report and quarantine file printed above)`;
  else why = `the data has no bars in ${range}`;
  const near = [Number.isFinite(before) ? `${formatDay(before)} (before)` : '', Number.isFinite(after) ? `${formatDay(after)} (after)` : ''].filter((s) => s !== '');
  const hint = near.length === 0 ? 'the source has no bars for these codes at all' : `the nearest business days with data are ${near.join(' and ')}`;
  return new GqError('NO_DATA', `no rows to write: ${why}; ${hint}. Nothing was written.`);
}
