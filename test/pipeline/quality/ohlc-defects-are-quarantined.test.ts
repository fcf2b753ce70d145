import { describe, expect, it } from 'vitest';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { cleanRaw, findings, rowOf, setBar, weekdays } from './make-raw.ts';

const NaN_ = Number.NaN;

/** Runs the suite on the clean table with one row changed. */
function plant(k: number, t: number, bar: Parameters<typeof setBar>[2]) {
  const raw = cleanRaw();
  const r = rowOf(k, t);
  setBar(raw, r, bar);
  return { r, v: validateRaw(raw, { calendar: weekdays }) };
}

/** Rows with keep = 0. */
function quarantined(keep: Uint8Array): number[] {
  return [...keep.keys()].filter((i) => keep[i] === 0);
}

describe('OHLCV value checks', () => {
  it('quarantines a High below the Close, and only that row', () => {
    // Row (0, 10): previous close 1098, close 1109; High 1108 < Close.
    const { r, v } = plant(0, 10, { O: 1098, H: 1108, L: 1096, C: 1109, Vo: 1100 });
    expect(findings(v.results)).toEqual({ 'ohlc-inconsistent': [r] });
    expect(quarantined(v.keep)).toEqual([r]);
    // The next row's base was quarantined, so it is not judged against a suspect close.
    expect(v.stats.priceLimit!.unknownBase).toBe(1);
  });

  it('quarantines a Low above the Open', () => {
    const { r, v } = plant(1, 5, { O: 250, H: 255, L: 251, C: 252, Vo: 1000 });
    expect(findings(v.results)).toEqual({ 'ohlc-inconsistent': [r] });
  });

  it('quarantines non-positive prices', () => {
    const { r, v } = plant(2, 20, { O: -5, H: -5, L: -5, C: -5, Vo: 1000, Va: 5000 });
    expect(findings(v.results)).toEqual({ 'price-nonpositive': [r] });
  });

  it('quarantines a row whose prices are partly null', () => {
    const { r, v } = plant(0, 3, { O: 1105, H: 1107, L: 1092, C: NaN, Vo: 1000, Va: 5 });
    expect(findings(v.results)).toEqual({ 'null-pattern': [r] });
  });

  it('quarantines prices present with a null volume', () => {
    const { r, v } = plant(0, 3, { O: 1105, H: 1107, L: 1092, C: 1094, Vo: NaN, Va: NaN });
    expect(findings(v.results)).toEqual({ 'null-pattern': [r] });
  });

  it('quarantines an infinite value', () => {
    const { r, v } = plant(1, 30, { O: 249, H: Number.POSITIVE_INFINITY, L: 247, C: 249, Vo: 1000 });
    expect(findings(v.results)).toEqual({ 'non-finite': [r] });
  });

  it('quarantines a negative volume', () => {
    const { r, v } = plant(2, 7, { O: 5444, H: 5473, L: 5442, C: 5471, Vo: -100, Va: 1 });
    expect(findings(v.results)).toEqual({ 'volume-negative': [r] });
  });

  it('warns, and keeps the row, when prices come with a zero volume', () => {
    const { r, v } = plant(2, 7, { O: 5444, H: 5473, L: 5442, C: 5471, Vo: 0 });
    expect(findings(v.results)).toEqual({ 'volume-zero-traded': [r] });
    expect(v.warnings.map((w) => w.severity)).toEqual(['warning']);
    expect(quarantined(v.keep)).toEqual([]);
  });

  it('accepts a no-trade day (all six fields null) and counts it', () => {
    const { v } = plant(0, 12, { O: NaN, H: NaN, L: NaN, C: NaN, Vo: NaN, Va: NaN });
    expect(findings(v.results)).toEqual({});
    expect(v.stats.noTradeRows).toBe(1);
    // The day after a no-trade day has an unpublished base (a special quote): skipped, not judged.
    expect(v.stats.priceLimit!.unknownBase).toBe(1);
  });

  it('counts rows before a code\'s first trade', () => {
    const raw = cleanRaw();
    for (const t of [0, 1]) setBar(raw, rowOf(1, t), { O: NaN, H: NaN, L: NaN, C: NaN, Vo: NaN, Va: NaN });
    const v = validateRaw(raw, { calendar: weekdays });
    expect(findings(v.results)).toEqual({});
    expect(v.stats.beforeFirstTradeRows).toBe(2);
  });
});
