import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../../engine/assemble-panel.ts';
import type { RawBars, TopixSeries } from '../../../engine/raw-bars.ts';
import { validateAll } from '../../../pipeline/quality/validate-all.ts';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { cleanRaw, DAYS, dayAt, findings, rowOf, setBar, weekdays } from './make-raw.ts';

const NaN_ = Number.NaN;

function topix(): TopixSeries {
  const date = Int32Array.from({ length: DAYS }, (_, t) => dayAt(t));
  return { date, open: new Float64Array(DAYS), high: new Float64Array(DAYS), low: new Float64Array(DAYS), close: new Float64Array(DAYS).fill(2000) };
}

/** The clean table with a no-trade day at (1, 10) and a 1:2 split of 86970 on day 20 (J-Quants' Adj* to match). */
function rawWithSplitAndNoTrade(): RawBars {
  const raw = cleanRaw();
  setBar(raw, rowOf(1, 10), { O: NaN_, H: NaN_, L: NaN_, C: NaN_, Vo: NaN_, Va: NaN_ });
  for (let t = 20; t < DAYS; t++) {
    const r = rowOf(2, t);
    setBar(raw, r, { O: raw.open[r]! / 2, H: raw.high[r]! / 2, L: raw.low[r]! / 2, C: raw.close[r]! / 2, Vo: raw.volume[r]! * 2 });
  }
  raw.adjFactor[rowOf(2, 20)] = 0.5;
  for (let t = 0; t < 20; t++) {
    const r = rowOf(2, t);
    raw.adjOpen![r] = raw.open[r]! / 2; raw.adjHigh![r] = raw.high[r]! / 2; raw.adjLow![r] = raw.low[r]! / 2;
    raw.adjClose![r] = raw.close[r]! / 2; raw.adjVolume![r] = raw.volume[r]! * 2;
  }
  return raw;
}

function build() {
  const raw = rawWithSplitAndNoTrade();
  const checked = validateRaw(raw, { calendar: weekdays });
  const { panel } = assemblePanel(raw, topix(), checked.keep);
  return { raw, checked, panel };
}

describe('validateAll on an assembled panel', () => {
  it('finds nothing on a clean panel with a split and a no-trade day', () => {
    const { raw, checked, panel } = build();
    expect(findings(checked.results)).toEqual({});
    const v = validateAll(panel, { calendar: weekdays, raw });
    expect(findings(v.results)).toEqual({});
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([]);
    expect(v.skipped).toEqual([]);
    expect(v.stats).toMatchObject({ rows: 120, codes: 3, tradedRows: 119, noTradeRows: 1, missingBusinessDays: 0, adjustmentCompared: 119 * 5 });
    // 86970's ex-date is judged in raw units against base = previous close x 0.5. Of the 117 rows after a code's
    // first, the no-trade row is not judged and the row after it has no known base: 115 checked.
    expect(v.stats.priceLimit).toEqual({ checked: 115, firstRows: 3, unknownBase: 1, expandedExplained: 0 });
  });

  it('finds a badly filled no-trade row', () => {
    const { panel } = build();
    const i = panel.rawRow.indexOf(rowOf(1, 10));
    panel.volume[i] = 5;
    expect(findings(validateAll(panel, { calendar: weekdays }).results)).toEqual({ 'no-trade-fill': [i] });
  });

  it('finds rows out of date order inside a code', () => {
    const { panel } = build();
    const i = panel.offsets[0]! + 5;
    [panel.date[i], panel.date[i + 1]] = [panel.date[i + 1]!, panel.date[i]!];
    const v = validateAll(panel);
    expect(findings(v.results)).toEqual({ 'panel-order': [i + 1] });
    expect(v.skipped.map((s) => s.check)).toEqual(['non-business-day', 'missing-business-day', 'adjusted-mismatch']);
  });

  it('finds an inconsistent OHLC and an adjusted close that disagrees with J-Quants', () => {
    const { raw, panel } = build();
    const a = panel.offsets[0]! + 7;
    panel.high[a] = panel.close[a]! - 1;
    const b = panel.offsets[2]! + 3; // 86970 before its split: factor 0.5
    panel.close[b] = panel.close[b]! + 0.5;
    const v = validateAll(panel, { calendar: weekdays, raw });
    expect(findings(v.results)).toEqual({ 'ohlc-inconsistent': [a], 'adjusted-mismatch': [a, b] });
  });

  it('reports a broken structure instead of reading past the columns', () => {
    const { panel } = build();
    panel.offsets[3] = 999;
    const v = validateAll(panel);
    expect(v.errors.map((r) => [r.check, r.count])).toEqual([['panel-structure', 1]]);
    expect(v.errors[0]!.reason).toBe('offsets ends at 999, expected rows = 120');
  });
});
