/** Calendar checks: rows on days the TSE was closed, and business days missing inside a code's first..last row. */
import { formatDay } from '../../engine/dates.ts';
import type { Calendar, CheckResult } from './check-types.ts';
import { makeResult } from './check-types.ts';
import { RowList } from './row-list.ts';

/** Per calendar day in [from, from + mask.length): 1 business day, 0 closed, 2 unknown (the calendar threw). */
export type DayMask = { from: number; mask: Uint8Array; unknownDays: number };

/**
 * Asks the calendar once per calendar day of [from, to] rather than once per row. A calendar that throws for a day
 * (the rule-based one covers 2000-2099 only) marks it unknown: rows on it are neither flagged nor counted missing.
 */
export function buildDayMask(calendar: Calendar, from: number, to: number): DayMask {
  const mask = new Uint8Array(Math.max(0, to - from + 1));
  let unknownDays = 0;
  for (let i = 0; i < mask.length; i++) {
    try {
      mask[i] = calendar.isBusinessDay(from + i) ? 1 : 0;
    } catch {
      mask[i] = 2;
      unknownDays++;
    }
  }
  return { from, mask, unknownDays };
}

/**
 * Flags rows whose date is not a business day (error) among rows with `eligible[i] === 1`; returns the result and
 * how many eligible rows fell on a day the calendar could not answer for.
 */
export function checkNonBusinessDays(date: Int32Array, eligible: Uint8Array, days: DayMask): { result: CheckResult; unknownRows: number } {
  const bad = new RowList();
  const { from, mask } = days;
  let unknownRows = 0;
  for (let i = 0; i < date.length; i++) {
    if (eligible[i] !== 1) continue;
    const m = mask[date[i]! - from];
    if (m === 0) bad.push(i);
    else if (m === 2) unknownRows++;
  }
  const rows = bad.toArray();
  return { result: makeResult('non-business-day', rows, { detail: (k) => `${formatDay(date[rows[k]!]!)} is not a TSE business day` }), unknownRows };
}

/**
 * Warns for each business day missing between two consecutive present dates of a code (rows with
 * `present[i] === 1`): rows[k] is the row after the gap and dates[k] the missing day. Also marks in `afterGap` the
 * rows that follow a gap, whose previous row is then not the previous session (the price-limit base is unknown).
 */
export function checkMissingBusinessDays(date: Int32Array, key: Int32Array, nKeys: number, visit: Int32Array | null, present: Uint8Array, days: DayMask): { result: CheckResult; afterGap: Uint8Array } {
  const { from, mask } = days;
  const afterGap = new Uint8Array(date.length);
  const rows = new RowList();
  const missing = new RowList();
  // Per-code last present date (NaN before the first), so rows can be visited in input order.
  const last = new Float64Array(nKeys).fill(Number.NaN);
  const m = visit === null ? date.length : visit.length;
  for (let j = 0; j < m; j++) {
    const r = visit === null ? j : visit[j]!;
    const k = key[r]!;
    if (k < 0 || k >= nKeys || present[r] !== 1) continue;
    const d = date[r]!;
    const prev = last[k]!;
    // Consecutive rows one weekday apart are the common case; only scan longer steps (NaN - never scans).
    if (d - prev > 1) {
      let gap = false;
      for (let x = prev + 1; x < d; x++) {
        if (mask[x - from] === 1) {
          rows.push(r);
          missing.push(x);
          gap = true;
        }
      }
      if (gap) afterGap[r] = 1;
    }
    last[k] = d;
  }
  const dates = missing.toArray();
  const result = makeResult('missing-business-day', rows.toArray(), { dates, detail: (k) => `no row on ${formatDay(dates[k]!)}` });
  return { result, afterGap };
}
