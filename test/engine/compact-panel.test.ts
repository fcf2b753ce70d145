import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { keepRowsIn } from '../../engine/compact-panel.ts';
import { formatDay, parseDay } from '../../engine/dates.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';

const bar = (Code: string, Date: string, C: number) => ({ Date, Code, O: C, H: C, L: C, C, UL: '0', LL: '0', Vo: 1, Va: C, AdjFactor: 1 });

describe('keeping the output rows', () => {
  it('keeps rows from the first output day, in place, and drops codes left empty', () => {
    const raw = rawBarsFromRecords([
      bar('13010', '2024-01-04', 1), bar('13010', '2024-01-05', 2), bar('13010', '2024-01-09', 3),
      bar('20000', '2024-01-04', 7), bar('30000', '2024-01-05', 8), bar('30000', '2024-01-09', 9),
    ]);
    const { panel } = assemblePanel(raw, topixFromRecords([]));
    const feat = Float64Array.from([10, 20, 30, 70, 80, 90]);
    const { panel: p, features } = keepRowsIn(panel, { f: feat }, parseDay('2024-01-05'), parseDay('2024-01-09'));
    expect(p.rows).toBe(4);
    expect(p.codes).toEqual(['13010', '30000']);
    expect([...p.offsets]).toEqual([0, 2, 4]);
    expect([...p.code]).toEqual([0, 0, 1, 1]);
    expect([...p.date].map(formatDay)).toEqual(['2024-01-05', '2024-01-09', '2024-01-05', '2024-01-09']);
    expect([...p.close]).toEqual([2, 3, 8, 9]);
    expect([...features.f!]).toEqual([20, 30, 80, 90]);
    expect(features.f!.buffer).toBe(feat.buffer);
  });

  it('drops the rows after the last output day too', () => {
    const raw = rawBarsFromRecords([
      bar('13010', '2024-01-04', 1), bar('13010', '2024-01-05', 2), bar('13010', '2024-01-09', 3),
      bar('30000', '2024-01-09', 9),
    ]);
    const { panel } = assemblePanel(raw, topixFromRecords([]));
    const { panel: p, features } = keepRowsIn(panel, { f: Float64Array.from([1, 2, 3, 9]) }, parseDay('2024-01-04'), parseDay('2024-01-05'));
    expect(p.codes).toEqual(['13010']);
    expect([...p.close]).toEqual([1, 2]);
    expect([...features.f!]).toEqual([1, 2]);
  });
});
