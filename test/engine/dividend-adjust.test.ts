import { describe, expect, it } from 'vitest';
import { parseDay } from '../../engine/dates.ts';
import { applyDividendAdjustment } from '../../engine/dividend-adjust.ts';
import type { Panel } from '../../engine/panel.ts';

// A weekend between rows 2 and 3: 2024-03-30/31 have no row.
const DATES = ['2024-03-27', '2024-03-28', '2024-03-29', '2024-04-01', '2024-04-02'];

/** A panel of one or more codes over DATES; prices O = H = L = C = close (adjusted), factor as given. */
function panelOf(series: Record<string, { close: number[]; factor?: number[] }>): Panel {
  const codes = Object.keys(series).sort();
  const n = codes.reduce((s, c) => s + series[c]!.close.length, 0);
  const p: Panel = {
    rows: n, codes, offsets: new Int32Array(codes.length + 1), code: new Int32Array(n), date: new Int32Array(n),
    open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n),
    volume: new Float64Array(n), turnover: new Float64Array(n), traded: new Uint8Array(n).fill(1), limit: new Int8Array(n),
    factor: new Float64Array(n), mkt: new Float64Array(n), rawRow: new Int32Array(n),
  };
  let i = 0;
  codes.forEach((c, k) => {
    const s = series[c]!;
    s.close.forEach((x, t) => {
      p.code[i] = k; p.date[i] = parseDay(DATES[t]!);
      p.open[i] = p.high[i] = p.low[i] = p.close[i] = x;
      p.volume[i] = 1000 + t; p.turnover[i] = 7 + t; p.factor[i] = s.factor?.[t] ?? 1; p.rawRow[i] = i;
      i++;
    });
    p.offsets[k + 1] = i;
  });
  return p;
}

describe('dividend adjustment (ratio method)', () => {
  it('multiplies earlier prices by the backward product of (1 - D / C_prev), worked by hand', () => {
    // Closes 100, 100, 95, 120, 108. Ex-date 03-29 (row 2), D = 5, C_prev = 100: d = 0.95.
    // Ex-date 04-02 (row 4), D = 12, C_prev = 120: d = 0.9. Rows 0-1 x 0.855, rows 2-3 x 0.9, row 4 x 1.
    const p = panelOf({ '72030': { close: [100, 100, 95, 120, 108] } });
    const out = applyDividendAdjustment(p, [{ Code: '72030', ExDate: '2024-03-29', Amount: 5 }, { Code: '72030', ExDate: '2024-04-02', Amount: 12 }]);
    const expected = [85.5, 85.5, 85.5, 108, 108];
    [...p.close].forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 12));
    [...p.open].forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 12));
    expect([...p.volume]).toEqual([1000, 1001, 1002, 1003, 1004]);
    expect([...p.turnover]).toEqual([7, 8, 9, 10, 11]);
    expect(out.applied).toBe(2);
    expect(out.byCode['72030']).toEqual([
      { exDate: '2024-03-29', amount: 5, prevClose: 100, factor: 0.95 },
      { exDate: '2024-04-02', amount: 12, prevClose: 120, factor: 0.9 },
    ]);
    expect(out.cumulative['72030']).toBeCloseTo(0.855, 15);
    expect(out.skipped).toEqual([]);
  });

  it('makes the ex-date return the total return (C_s + D) / C_prev', () => {
    const p = panelOf({ '72030': { close: [100, 100, 95, 120, 108] } });
    applyDividendAdjustment(p, [{ Code: '72030', ExDate: '2024-03-29', Amount: 5 }]);
    expect(p.close[2]! / p.close[1]!).toBeCloseTo((95 + 5) / 100, 14);
  });

  it('uses the cum-dividend close on the ex-date\'s share basis in a split-adjusted panel', () => {
    // Raw closes 200, 190 (ex-dividend D = 10, pre-split basis), 95, 96, 97 with a 1:2 split on 03-29.
    // Panel (split-adjusted): 100, 95, 95, 96, 97 with factor 0.5, 0.5, 1, 1, 1. d = 1 - 10 / 200 = 0.95 on row 0.
    const p = panelOf({ '72030': { close: [100, 95, 95, 96, 97], factor: [0.5, 0.5, 1, 1, 1] } });
    const out = applyDividendAdjustment(p, [{ Code: '72030', ExDate: '2024-03-28', Amount: 10 }]);
    expect(out.byCode['72030']).toEqual([{ exDate: '2024-03-28', amount: 10, prevClose: 200, factor: 0.95 }]);
    expect(p.close[0]).toBeCloseTo(95, 12);
    expect([...p.close.subarray(1)]).toEqual([95, 95, 96, 97]);
  });

  it('sums dividends of one ex-date, applies a non-session ex-date from the next row, touches only that code', () => {
    // Ex-date Saturday 03-30 (no row): ordinary 3 + special 3 = 6 on C_prev = 120 (03-29): d = 0.95 from row 3 on.
    const p = panelOf({ '72030': { close: [100, 100, 120, 114, 115] }, '13010': { close: [50, 50, 50, 50, 50] } });
    const out = applyDividendAdjustment(p, [
      { Code: '72030', ExDate: '20240330', Amount: 3 }, { Code: '72030', ExDate: '2024-03-30', Amount: 3 },
    ]);
    expect(out.applied).toBe(1);
    expect(out.byCode['72030']).toEqual([{ exDate: '2024-03-30', amount: 6, prevClose: 120, factor: 0.95 }]);
    const c72 = [...p.close.subarray(p.offsets[1]!, p.offsets[2]!)];
    [95, 95, 114, 114, 115].forEach((x, i) => expect(c72[i]).toBeCloseTo(x, 12));
    expect([...p.close.subarray(0, 5)]).toEqual([50, 50, 50, 50, 50]);
  });

  it('skips, with a reason, what it cannot apply', () => {
    const p = panelOf({ '72030': { close: [100, 100, 100, 100, 100] } });
    const out = applyDividendAdjustment(p, [
      { Code: '99990', ExDate: '2024-03-28', Amount: 1 },
      { Code: '72030', ExDate: 'soon', Amount: 1 },
      { Code: '72030', ExDate: '2024-03-28', Amount: 0 },
      { Code: '72030', ExDate: '2024-04-03', Amount: 1 },
      { Code: '72030', ExDate: '2024-03-27', Amount: 1 },
      { Code: '72030', ExDate: '2024-03-29', Amount: 100 },
    ]);
    expect(out.applied).toBe(0);
    // Record errors first, in input order; then per code in ex-date order.
    expect(out.skipped.map((s) => [s.ExDate, s.reason])).toEqual([
      ['2024-03-28', 'code not in the panel'], ['soon', 'ExDate is not a date'], ['2024-03-28', 'Amount is not a positive number'],
      ['2024-03-27', 'ex-date on or before the code\'s first row: no cum-dividend close'],
      ['2024-03-29', 'dividend 100 is not below the previous close 100'], ['2024-04-03', 'ex-date after the code\'s last row'],
    ]);
    expect([...p.close]).toEqual([100, 100, 100, 100, 100]);
  });
});
