import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../engine/dates.ts';
import type { BarRecord } from '../../../engine/raw-bars.ts';
import { barsToColumns, topixToSeries } from '../../../io/jquants/columns.ts';

const bar = (Code: string, Date: string, c: number | null, extra: Partial<BarRecord> = {}): BarRecord => ({
  Date, Code, O: c, H: c, L: c, C: c, UL: '0', LL: '0', Vo: c === null ? null : 100, Va: c === null ? null : c * 100, AdjFactor: 1, ...extra,
});

describe('records to columns', () => {
  it('daily bars: dictionary codes in first-seen order, days since epoch, null -> NaN, UL/LL "1" -> 1', () => {
    const cols = barsToColumns([
      bar('72030', '2026-11-19', 2500, { UL: '1' }),
      bar('130A0', '2026-11-19', null),
      bar('72030', '2026-11-20', 2510, { LL: '1', AdjFactor: 0.5 }),
    ]);
    expect(cols.rows).toBe(3);
    expect(cols.codes).toEqual(['72030', '130A0']);
    expect([...cols.code]).toEqual([0, 1, 0]);
    expect([...cols.date]).toEqual([dayOf(2026, 11, 19), dayOf(2026, 11, 19), dayOf(2026, 11, 20)]);
    expect([...cols.close]).toEqual([2500, Number.NaN, 2510]);
    expect([...cols.turnover]).toEqual([250000, Number.NaN, 251000]);
    expect([...cols.upperLimit]).toEqual([1, 0, 0]);
    expect([...cols.lowerLimit]).toEqual([0, 0, 1]);
    expect([...cols.adjFactor]).toEqual([1, 1, 0.5]);
    expect(cols.adjClose).toBeUndefined();
  });

  it('keeps AdjO..AdjVo when the records carry them, NaN where a record lacks them', () => {
    const cols = barsToColumns([bar('72030', '2026-11-20', 10, { AdjO: 5, AdjH: 6, AdjL: 4, AdjC: 5.5, AdjVo: 200 }), bar('67580', '2026-11-20', 3)]);
    expect([...cols.adjClose!]).toEqual([5.5, Number.NaN]);
    expect([...cols.adjVolume!]).toEqual([200, Number.NaN]);
    expect([...cols.adjOpen!]).toEqual([5, Number.NaN]);
  });

  it('accepts numbers that arrive as strings', () => {
    const r = { ...bar('72030', '2026-11-20', 1), O: '101.5', Vo: '300', UL: 1 } as unknown as BarRecord;
    const cols = barsToColumns([r]);
    expect(cols.open[0]).toBe(101.5);
    expect(cols.volume[0]).toBe(300);
    expect(cols.upperLimit[0]).toBe(1);
  });

  it('names a record date that is not a date', () => {
    expect(() => barsToColumns([bar('72030', '2026-13-01', 1)])).toThrow('daily bars record 0: Date "2026-13-01" is not a YYYY-MM-DD date');
  });

  it('TOPIX: ascending by date whatever the record order, nulls as NaN', () => {
    const s = topixToSeries([
      { Date: '2026-11-20', O: 3000, H: 3010, L: 2990, C: 3005 },
      { Date: '2026-11-18', O: null, H: null, L: null, C: 2950 },
      { Date: '2026-11-19', O: 2960, H: 2999, L: 2955, C: 2998 },
    ]);
    expect([...s.date]).toEqual([dayOf(2026, 11, 18), dayOf(2026, 11, 19), dayOf(2026, 11, 20)]);
    expect([...s.close]).toEqual([2950, 2998, 3005]);
    expect([...s.open]).toEqual([Number.NaN, 2960, 3000]);
  });
});
