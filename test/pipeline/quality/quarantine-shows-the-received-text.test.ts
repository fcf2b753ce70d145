import { describe, expect, it } from 'vitest';
import { rawBarsFromRecords } from '../../../engine/raw-from-records.ts';
import type { BarRecord } from '../../../engine/raw-bars.ts';
import { quarantineRecords, validateRaw } from '../../../pipeline/quality/index.ts';

const bar = (Date: string, C: number | string | null): BarRecord => ({ Date, Code: '72030', O: 100, H: 110, L: 90, C, UL: '0', LL: '0', Vo: 1000, Va: 100000, AdjFactor: 1 } as BarRecord);

describe('the quarantine file', () => {
  it('shows the received text of a bad value with the reason that fits it', () => {
    const raw = rawBarsFromRecords([bar('2024-01-04', 'abc'), bar('2024-01-05', '1,234'), bar('2024-01-09', '1e400'), bar('2024-01-10', 1e400), bar('2024-01-11', 101)]);
    const v = validateRaw(raw, { calendar: { isBusinessDay: () => true } });
    const q = quarantineRecords(raw, v.errors);
    expect(q.map((r) => [r.Date, r.check, r.C])).toEqual([
      ['2024-01-04', 'not-a-number', 'abc'],
      ['2024-01-05', 'not-a-number', '1,234'],
      ['2024-01-09', 'non-finite', '1e400'],
      ['2024-01-10', 'non-finite', 'Infinity (beyond float64)'],
    ]);
    expect(q[0]!.detail).toContain('C "abc"');
    expect(q.every((r) => !r.check.includes('null-pattern'))).toBe(true);
  });
});
