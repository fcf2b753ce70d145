/** A business-day calendar built from a closure rule, with per-year session caches for fast ranges. */
import { dayOf, formatDay } from '../dates.ts';
import { FIRST_YEAR, LAST_DAY, LAST_YEAR, yearOfDay } from './calendar-range.ts';

export interface TradingCalendar {
  /** True when the cash market holds a session on the day. */
  isBusinessDay(day: number): boolean;
  /** Why the day has no session ('Saturday', 'holiday: …', …), or null on a business day. */
  closedReason(day: number): string | null;
  /** Business days in [from, to], ascending; empty when from > to. */
  businessDays(from: number, to: number): Int32Array;
  /** First business day strictly after the day. */
  nextBusinessDay(day: number): number;
  /** Last business day strictly before the day. */
  previousBusinessDay(day: number): number;
  /** The n-th business day after (n > 0) or before (n < 0) the day; n = 0 returns the day unchanged. */
  addBusinessDays(day: number, n: number): number;
}

const YEARS = LAST_YEAR - FIRST_YEAR + 1;

/** Index of the first element of a sorted array that is >= x. */
function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Builds a calendar whose business days are the days for which closedReason returns null. */
export function buildCalendar(closedReason: (day: number) => string | null): TradingCalendar {
  const sessions: (Int32Array | undefined)[] = new Array(YEARS);
  // before[i] = business days in the years before FIRST_YEAR + i; valid for i <= known.
  const before = new Int32Array(YEARS + 1);
  let known = 0;

  function sessionsOf(year: number): Int32Array {
    let s = sessions[year - FIRST_YEAR];
    if (s === undefined) {
      const start = dayOf(year, 1, 1);
      const end = dayOf(year + 1, 1, 1);
      const tmp = new Int32Array(end - start);
      let n = 0;
      for (let d = start; d < end; d++) if (closedReason(d) === null) tmp[n++] = d;
      sessions[year - FIRST_YEAR] = s = tmp.slice(0, n);
    }
    return s;
  }

  function extendTo(i: number): void {
    for (; known < i; known++) before[known + 1] = before[known] + sessionsOf(FIRST_YEAR + known).length;
  }

  /** Business days strictly before the day (the day may be LAST_DAY + 1). */
  function rank(day: number): number {
    if (day === LAST_DAY + 1) {
      extendTo(YEARS);
      return before[YEARS];
    }
    const year = yearOfDay(day);
    extendTo(year - FIRST_YEAR);
    return before[year - FIRST_YEAR] + lowerBound(sessionsOf(year), day);
  }

  /** The business day with the given rank, or NaN when there is none within the range. */
  function at(index: number): number {
    if (index < 0) return Number.NaN;
    while (known < YEARS && before[known] <= index) extendTo(known + 1);
    if (index >= before[known]) return Number.NaN;
    let i = known - 1; // years are few (<= 100): a linear scan back is fine
    while (before[i] > index) i--;
    return sessionsOf(FIRST_YEAR + i)[index - before[i]];
  }

  function found(result: number, what: string, day: number): number {
    if (Number.isNaN(result)) {
      throw new RangeError(`TSE calendar: no business day ${what} ${formatDay(day)} within ${FIRST_YEAR}..${LAST_YEAR}`);
    }
    return result;
  }

  return {
    isBusinessDay(day) {
      const s = sessionsOf(yearOfDay(day));
      const i = lowerBound(s, day);
      return i < s.length && s[i] === day;
    },
    closedReason(day) {
      yearOfDay(day);
      return closedReason(day);
    },
    businessDays(from, to) {
      const y0 = yearOfDay(from);
      const y1 = yearOfDay(to);
      if (from > to) return new Int32Array(0);
      const parts: Int32Array[] = [];
      let total = 0;
      for (let y = y0; y <= y1; y++) {
        const s = sessionsOf(y);
        const part = s.subarray(y === y0 ? lowerBound(s, from) : 0, y === y1 ? lowerBound(s, to + 1) : s.length);
        parts.push(part);
        total += part.length;
      }
      const out = new Int32Array(total);
      let k = 0;
      for (const p of parts) {
        out.set(p, k);
        k += p.length;
      }
      return out;
    },
    nextBusinessDay(day) {
      yearOfDay(day);
      return found(at(rank(day + 1)), 'after', day);
    },
    previousBusinessDay(day) {
      return found(at(rank(day) - 1), 'before', day);
    },
    addBusinessDays(day, n) {
      if (!Number.isInteger(n)) throw new TypeError(`TSE calendar: addBusinessDays needs an integer count, got ${n}`);
      yearOfDay(day);
      if (n === 0) return day;
      const index = n > 0 ? rank(day + 1) + n - 1 : rank(day) + n;
      return found(at(index), n > 0 ? `${n} after` : `${-n} before`, day);
    },
  };
}
