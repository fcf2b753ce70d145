/** Output lines of `gq calendar --from YYYY-MM-DD --to YYYY-MM-DD [--closed]`. */
import { formatDay, parseDay, weekday } from '../engine/dates.ts';
import { tseCalendar, type TradingCalendar } from '../engine/calendar/tse-calendar.ts';

/** Parses a `YYYY-MM-DD` option value; throws naming the option, the bad value and the expected format. */
function parseOption(option: string, value: unknown): number {
  const s = String(value);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(s) ? parseDay(s) : Number.NaN;
  if (Number.isNaN(day)) throw new Error(`gq calendar: ${option} ${JSON.stringify(s)} is not a valid date; expected YYYY-MM-DD`);
  return day;
}

/**
 * Business days in [from, to], one ISO date a line; with `closed`, the closed weekdays instead, each
 * followed by its reason (`2026-01-12 holiday: Coming of Age Day`). Pass a reconciled calendar to use API data.
 */
export function calendarLines(from: string, to: string, closed: boolean, calendar: TradingCalendar = tseCalendar): string[] {
  const start = parseOption('--from', from);
  const end = parseOption('--to', to);
  if (start > end) throw new Error(`gq calendar: --from ${from} is after --to ${to}`);
  if (!closed) return Array.from(calendar.businessDays(start, end), formatDay);
  const lines: string[] = [];
  for (let day = start; day <= end; day++) {
    const wd = weekday(day);
    if (wd === 0 || wd === 6) continue;
    const reason = calendar.closedReason(day);
    if (reason !== null) lines.push(`${formatDay(day)} ${reason}`);
  }
  return lines;
}
