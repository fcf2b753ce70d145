import { describe, expect, it } from 'vitest';
import { makeCalendar, reconcileCalendar, type CalendarRecord } from '../../../engine/calendar/jquants-calendar.ts';
import { formatDay, parseDay } from '../../../engine/dates.ts';

const d = parseDay;

// January 2026 as J-Quants would send it (hand-written), except that 01-13 is marked closed
// and 01-12 (Coming of Age Day) open, to play an API that disagrees with the rules.
const CLOSED = new Set(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-10', '2026-01-11', '2026-01-13',
  '2026-01-17', '2026-01-18', '2026-01-24', '2026-01-25', '2026-01-31']);
const RECORDS: CalendarRecord[] = Array.from({ length: 31 }, (_, i) => {
  const date = `2026-01-${String(i + 1).padStart(2, '0')}`;
  return { Date: date, HolDiv: CLOSED.has(date) ? '0' : date === '2026-01-05' ? '2' : '1' };
});

describe('reconciling with the J-Quants calendar', () => {
  it('reports exactly the dates where the API disagrees', () => {
    const { disagreements, overrides } = reconcileCalendar(RECORDS);
    expect(disagreements).toEqual([
      { date: '2026-01-12', computed: false, api: true, holDiv: '1' },
      { date: '2026-01-13', computed: true, api: false, holDiv: '0' },
    ]);
    expect([...overrides]).toEqual([[d('2026-01-12'), true], [d('2026-01-13'), false]]);
  });

  it('lets the API win on the dates it covers and the rules answer elsewhere', () => {
    const cal = makeCalendar(RECORDS);
    expect(cal.disagreements.map((x) => x.date)).toEqual(['2026-01-12', '2026-01-13']);
    expect(cal.coverage).toEqual({ from: d('2026-01-01'), to: d('2026-01-31') });
    expect(cal.isBusinessDay(d('2026-01-12'))).toBe(true);
    expect(cal.isBusinessDay(d('2026-01-13'))).toBe(false);
    expect(cal.isBusinessDay(d('2026-01-05'))).toBe(true); // HolDiv "2" (half-day) is a session
    expect(cal.closedReason(d('2026-01-13'))).toBe('closed per J-Quants calendar (HolDiv "0")');
    expect(cal.closedReason(d('2026-01-12'))).toBeNull();
    expect(Array.from(cal.businessDays(d('2026-01-09'), d('2026-01-14')), formatDay)).toEqual(['2026-01-09', '2026-01-12', '2026-01-14']);
    expect(cal.nextBusinessDay(d('2026-01-12'))).toBe(d('2026-01-14'));
    expect(cal.addBusinessDays(d('2026-01-09'), 2)).toBe(d('2026-01-14'));
    expect(cal.isBusinessDay(d('2026-02-11'))).toBe(false); // outside the records: National Foundation Day
  });

  it('treats HolDiv "3" (OSE holiday trading) as closed for equities', () => {
    const { disagreements } = reconcileCalendar([{ Date: '2026-09-22', HolDiv: '3' }, { Date: '2026-09-24', HolDiv: '3' }]);
    expect(disagreements).toEqual([{ date: '2026-09-24', computed: true, api: false, holDiv: '3' }]);
  });

  it('without records, is the rule calendar with no disagreements', () => {
    const cal = makeCalendar();
    expect(cal.disagreements).toEqual([]);
    expect(cal.coverage).toBeNull();
    expect(cal.isBusinessDay(d('2026-01-12'))).toBe(false);
  });

  it('rejects a bad HolDiv or date, naming the record', () => {
    expect(() => reconcileCalendar([{ Date: '2026-01-05', HolDiv: '7' }])).toThrow(/2026-01-05.*HolDiv "7"/);
    expect(() => reconcileCalendar([{ Date: '2026-02-30', HolDiv: '1' }])).toThrow(/"2026-02-30".*YYYY-MM-DD/);
  });
});
