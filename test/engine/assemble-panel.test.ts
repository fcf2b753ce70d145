import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { formatDay } from '../../engine/dates.ts';
import type { BarRecord } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';

const bar = (Code: string, Date: string, C: number | null, AdjFactor = 1, Vo: number | null = 1000, extra: Partial<BarRecord> = {}): BarRecord => ({
  Date, Code, O: C, H: C === null ? null : C + 10, L: C === null ? null : C - 10, C, UL: '0', LL: '0', Vo, Va: Vo === null ? null : 123_456, AdjFactor, ...extra,
});
const topix = topixFromRecords(['2024-01-04', '2024-01-05', '2024-01-09', '2024-01-10', '2024-01-11'].map((Date, i) => ({ Date, O: null, H: null, L: null, C: 2000 + i })));

describe('panel assembly', () => {
  it('sorts rows by code then date, whatever order they arrive in', () => {
    const raw = rawBarsFromRecords([
      bar('72030', '2024-01-05', 110), bar('130A0', '2024-01-05', 50), bar('72030', '2024-01-04', 100), bar('130A0', '2024-01-04', 40),
    ]);
    const { panel } = assemblePanel(raw, topix);
    expect(panel.codes).toEqual(['130A0', '72030']);
    expect([...panel.offsets]).toEqual([0, 2, 4]);
    expect([...panel.date].map(formatDay)).toEqual(['2024-01-04', '2024-01-05', '2024-01-04', '2024-01-05']);
    expect([...panel.close]).toEqual([40, 50, 100, 110]);
    expect([...panel.mkt]).toEqual([2000, 2001, 2000, 2001]);
  });

  it('back-adjusts a 1:2 split: earlier prices halved, earlier volumes doubled, turnover untouched', () => {
    // Ex-date 2024-01-09 carries AdjFactor 0.5; its own raw prices are already post-split.
    const raw = rawBarsFromRecords([
      bar('72030', '2024-01-04', 1000, 1, 300), bar('72030', '2024-01-05', 1020, 1, 400),
      bar('72030', '2024-01-09', 515, 0.5, 900), bar('72030', '2024-01-10', 520, 1, 800),
    ]);
    const { panel } = assemblePanel(raw, topix);
    expect([...panel.close]).toEqual([500, 510, 515, 520]);
    expect([...panel.high]).toEqual([505, 515, 525, 530]);
    expect([...panel.volume]).toEqual([600, 800, 900, 800]);
    expect([...panel.turnover]).toEqual([123_456, 123_456, 123_456, 123_456]);
    expect([...panel.factor]).toEqual([0.5, 0.5, 1, 1]);
  });

  it('multiplies the factors of several events, reverse splits included', () => {
    // 1:5 split (0.2) on 01-05, then a 10:1 reverse split (10) on 01-10: F = [0.2*10, 10, 10, 1].
    const raw = rawBarsFromRecords([
      bar('99840', '2024-01-04', 500), bar('99840', '2024-01-05', 100, 0.2), bar('99840', '2024-01-09', 101), bar('99840', '2024-01-10', 1010, 10),
    ]);
    const { panel } = assemblePanel(raw, topix);
    expect([...panel.factor]).toEqual([2, 10, 10, 1]);
    expect([...panel.close]).toEqual([1000, 1000, 1010, 1010]);
  });

  it('fills a no-trade day with the previous adjusted close and zero volume, and drops rows before the first trade', () => {
    const raw = rawBarsFromRecords([
      bar('13010', '2024-01-04', null, 1, null), bar('13010', '2024-01-05', 200), bar('13010', '2024-01-09', null, 1, null),
      bar('13010', '2024-01-10', 210),
    ]);
    const { panel, report } = assemblePanel(raw, topix);
    expect(report.beforeFirstTrade).toBe(1);
    expect([...panel.date].map(formatDay)).toEqual(['2024-01-05', '2024-01-09', '2024-01-10']);
    expect([panel.open[1], panel.high[1], panel.low[1], panel.close[1]]).toEqual([200, 200, 200, 200]);
    expect([...panel.volume]).toEqual([1000, 0, 1000]);
    expect([...panel.turnover]).toEqual([123_456, 0, 123_456]);
    expect([...panel.traded]).toEqual([1, 0, 1]);
  });

  it('takes limit flags from UL and LL', () => {
    const raw = rawBarsFromRecords([
      bar('13010', '2024-01-04', 200, 1, 1000, { UL: '1' }), bar('13010', '2024-01-05', 150, 1, 1000, { LL: '1' }), bar('13010', '2024-01-09', 151),
    ]);
    expect([...assemblePanel(raw, topix).panel.limit]).toEqual([1, -1, 0]);
  });

  it('leaves out rows the keep-mask excludes, and counts them', () => {
    const raw = rawBarsFromRecords([bar('13010', '2024-01-04', 200), bar('13010', '2024-01-05', 201), bar('13010', '2024-01-09', 202)]);
    const { panel, report } = assemblePanel(raw, topix, Uint8Array.from([1, 0, 1]));
    expect([...panel.close]).toEqual([200, 202]);
    expect([...panel.rawRow]).toEqual([0, 2]);
    expect(report.excluded).toBe(1);
  });

  it('keeps one row of a duplicated (code, date) and reports the rest', () => {
    const raw = rawBarsFromRecords([bar('13010', '2024-01-04', 200), bar('13010', '2024-01-04', 999), bar('13010', '2024-01-05', 201)]);
    const { panel, report } = assemblePanel(raw, topix);
    expect([...panel.close]).toEqual([200, 201]);
    expect(report.duplicates).toBe(1);
  });

  it('puts every column over a SharedArrayBuffer', () => {
    const { panel } = assemblePanel(rawBarsFromRecords([bar('13010', '2024-01-04', 200)]), topix);
    for (const c of [panel.close, panel.code, panel.date, panel.offsets, panel.mkt, panel.traded, panel.limit]) {
      expect(c.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('names the code and date of a factor that is not positive', () => {
    const raw = rawBarsFromRecords([bar('13010', '2024-01-04', 200), bar('13010', '2024-01-05', 201, 0)]);
    expect(() => assemblePanel(raw, topix)).toThrow(/AdjFactor 0 .*13010 on 2024-01-05/);
  });
});

describe('panel assembly with quarantined rows', () => {
  it('takes an unusable factor as 1 when its row is quarantined, instead of failing the run', () => {
    const raw = rawBarsFromRecords([bar('13010', '2024-01-04', 200), bar('13010', '2024-01-05', 201, 0), bar('13010', '2024-01-09', 202)]);
    const { panel } = assemblePanel(raw, topix, Uint8Array.from([1, 0, 1]));
    expect([...panel.close]).toEqual([200, 202]);
  });

  it('still applies the factor of a quarantined ex-date row to the history before it', () => {
    const raw = rawBarsFromRecords([
      bar('72030', '2024-01-04', 1000), bar('72030', '2024-01-05', 1020),
      bar('72030', '2024-01-09', 515, 0.5), bar('72030', '2024-01-10', 520),
    ]);
    const { panel } = assemblePanel(raw, topix, Uint8Array.from([1, 1, 0, 1]));
    expect([...panel.close]).toEqual([500, 510, 520]);
    expect([...panel.factor]).toEqual([0.5, 0.5, 1]);
  });

  it('counts the factor of a duplicated ex-date once', () => {
    const raw = rawBarsFromRecords([
      bar('72030', '2024-01-05', 1020), bar('72030', '2024-01-09', 515, 0.5), bar('72030', '2024-01-09', 515, 0.5), bar('72030', '2024-01-10', 520),
    ]);
    const { panel } = assemblePanel(raw, topix, Uint8Array.from([1, 1, 0, 1]));
    expect([...panel.close]).toEqual([510, 515, 520]);
  });
});
