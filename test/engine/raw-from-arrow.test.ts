import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { formatDay } from '../../engine/dates.ts';
import { rawBarsFromArrow } from '../../engine/raw-from-arrow.ts';
import { topixFromRecords } from '../../engine/raw-from-records.ts';

describe('raw bars from an Arrow table', () => {
  it('reads V2 columns, turns nulls into NaN and builds the same panel as records would', () => {
    const table = tableFromArrays({
      Date: ['2024-01-04', '2024-01-05', '2024-01-09', '2024-01-04'],
      Code: ['72030', '72030', '72030', '130A0'],
      O: Float64Array.from([1000, NaN, 515, 50]), H: Float64Array.from([1010, NaN, 520, 51]), L: Float64Array.from([990, NaN, 510, 49]),
      C: Float64Array.from([1000, NaN, 515, 50]), Vo: Float64Array.from([300, NaN, 900, 10]), Va: Float64Array.from([3e5, NaN, 463500, 500]),
      AdjFactor: Float64Array.from([1, 1, 0.5, 1]), UL: ['0', '0', '1', '0'], LL: ['0', '0', '0', '0'],
    });
    const raw = rawBarsFromArrow(table);
    expect(raw.codes).toEqual(['72030', '130A0']);
    expect([...raw.date].map(formatDay)).toEqual(['2024-01-04', '2024-01-05', '2024-01-09', '2024-01-04']);
    expect(raw.close[1]).toBeNaN();
    expect([...raw.upperLimit]).toEqual([0, 0, 1, 0]);
    const { panel } = assemblePanel(raw, topixFromRecords([]));
    expect(panel.codes).toEqual(['130A0', '72030']);
    expect([...panel.close]).toEqual([50, 500, 500, 515]);
    expect([...panel.traded]).toEqual([1, 1, 0, 1]);
    expect([...panel.limit]).toEqual([0, 0, 0, 1]);
  });

  it('names a missing column', () => {
    expect(() => rawBarsFromArrow(tableFromArrays({ Date: ['2024-01-04'], Code: ['72030'] }))).toThrow('Arrow table: no column "O"');
  });
});
