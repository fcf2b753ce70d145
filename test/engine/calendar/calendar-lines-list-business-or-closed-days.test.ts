import { describe, expect, it } from 'vitest';
import { calendarLines } from '../../../cli/calendar-lines.ts';
import { makeCalendar } from '../../../engine/calendar/jquants-calendar.ts';

describe('gq calendar lines', () => {
  it('list the business days of a range, one ISO date a line', () => {
    expect(calendarLines('2025-12-29', '2026-01-13', false)).toEqual([
      '2025-12-29', '2025-12-30', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-13',
    ]);
  });

  it('with closed, list the closed weekdays and why', () => {
    expect(calendarLines('2025-12-29', '2026-01-13', true)).toEqual([
      '2025-12-31 exchange closure (Dec 31 - Jan 3)',
      "2026-01-01 holiday: New Year's Day",
      '2026-01-02 exchange closure (Dec 31 - Jan 3)',
      '2026-01-12 holiday: Coming of Age Day',
    ]);
  });

  it('use a reconciled calendar when given one', () => {
    const cal = makeCalendar([{ Date: '2026-01-13', HolDiv: '0' }]);
    expect(calendarLines('2026-01-12', '2026-01-14', false, cal)).toEqual(['2026-01-14']);
  });

  it('reject a bad date naming the value and the expected format', () => {
    expect(() => calendarLines('2026-13-01', '2026-12-31', false)).toThrow(/--from "2026-13-01".*YYYY-MM-DD/);
    expect(() => calendarLines('2026-01-01', '20261231', false)).toThrow(/--to "20261231".*YYYY-MM-DD/);
    expect(() => calendarLines('2026-02-01', '2026-01-01', false)).toThrow(/after/);
  });
});
