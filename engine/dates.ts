/** Dates as Int32 days since 1970-01-01 (Arrow DateDay, Parquet DATE), always in UTC. */

const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since the epoch of an ISO `YYYY-MM-DD` (or J-Quants `YYYYMMDD`) date; NaN when it is not a real date. */
export function parseDay(s: string): number {
  const m = ISO.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m === null) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return Number.NaN;
  return ms / MS_PER_DAY;
}

/** The ISO `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of the week of a day number: 0 = Sunday ... 6 = Saturday. */
export function weekday(day: number): number {
  return (day + 4) % 7; // 1970-01-01 was a Thursday
}

/** The day number of a calendar date (month 1-12). */
export function dayOf(year: number, month: number, date: number): number {
  return Date.UTC(year, month - 1, date) / MS_PER_DAY;
}

/** parseDay with a memo, for columns that repeat a handful of date strings thousands of times (NaN when unreadable). */
export function parseDayMemo(): (s: string) => number {
  const memo = new Map<string, number>();
  return (s) => {
    let d = memo.get(s);
    if (d === undefined) {
      d = parseDay(s);
      memo.set(s, d);
    }
    return d;
  };
}
