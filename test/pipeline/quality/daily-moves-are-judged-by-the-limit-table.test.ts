import { describe, expect, it } from 'vitest';
import type { RawBars } from '../../../engine/raw-bars.ts';
import { rawBarsFromRecords } from '../../../engine/raw-from-records.ts';
import type { BarRecord } from '../../../engine/raw-bars.ts';
import { validateRaw } from '../../../pipeline/quality/validate-raw.ts';
import { cleanRaw, findings, rowOf, setBar, weekdays } from './make-raw.ts';

const K = 0; // code 72030: closes near 1,100 (tier 1,000-1,500, W = 300)

/**
 * Code 72030's day 38 closes at 1,000 (from 1,087: a legal -8 %), so day 39's base is B = 1,000, W = 300 and,
 * in 2023, the expanded limit 4W = 1,200. The tolerance is one tick at 2,200: 1 yen.
 */
function withBase1000(): RawBars {
  const raw = cleanRaw();
  setBar(raw, rowOf(K, 38), { O: 1087, H: 1089, L: 998, C: 1000, Vo: 1000 });
  return raw;
}

/** Day 39 of code 72030 as given, with flags; the suite's findings on the price-limit family only (adjustment skipped). */
function day39(bar: { O: number; H: number; L: number; C: number }, flags: { UL?: number; LL?: number; AdjFactor?: number } = {}, raw = withBase1000()) {
  const r = rowOf(K, 39);
  setBar(raw, r, { ...bar, Vo: 1000 });
  raw.upperLimit[r] = flags.UL ?? 0;
  raw.lowerLimit[r] = flags.LL ?? 0;
  raw.adjFactor[r] = flags.AdjFactor ?? 1;
  // A factor makes every earlier Adj* disagree with raw x F; this file is about limits only.
  const v = validateRaw(raw, { calendar: weekdays, skip: ['adjusted-mismatch'] });
  return { r, v, found: findings(v.results) };
}

describe('daily moves against the TSE limit table', () => {
  it('accepts a stop-high close exactly at base + W with UL set', () => {
    const { found } = day39({ O: 1000, H: 1300, L: 1000, C: 1300 }, { UL: 1 });
    expect(found).toEqual({});
  });

  it('warns when the price reached the limit but UL is not set', () => {
    const { r, found } = day39({ O: 1000, H: 1300, L: 1000, C: 1290 });
    expect(found).toEqual({ 'limit-flag-missing': [r] });
  });

  it('warns when UL is set but High is nowhere near the limit', () => {
    const { r, found } = day39({ O: 1000, H: 1100, L: 990, C: 1050 }, { UL: 1 });
    expect(found).toEqual({ 'limit-flag-unexplained': [r] });
  });

  it('checks the lower side the same way (base - W = 700)', () => {
    expect(day39({ O: 1000, H: 1000, L: 700, C: 700 }, { LL: 1 }).found).toEqual({});
    const missing = day39({ O: 1000, H: 1000, L: 700, C: 720 });
    expect(missing.found).toEqual({ 'limit-flag-missing': [missing.r] });
    expect(day39({ O: 1000, H: 1000, L: 699, C: 720 }, { LL: 1 }).found).toEqual({});
    const below = day39({ O: 1000, H: 1000, L: 698, C: 720 }, { LL: 1 });
    expect(below.found).toEqual({ 'price-limit-expanded': [below.r] });
  });

  it('tolerates one tick above the limit, warns beyond it (a move only an expanded limit allows)', () => {
    expect(day39({ O: 1000, H: 1301, L: 1000, C: 1301 }, { UL: 1 }).found).toEqual({});
    const { r, v, found } = day39({ O: 1000, H: 1302, L: 1000, C: 1302 });
    expect(found).toEqual({ 'price-limit-expanded': [r] });
    expect(v.keep[r]).toBe(1);
  });

  it('quarantines a move beyond even the 4x expanded limit (base + 4W + tick = 2,201)', () => {
    expect(day39({ O: 1000, H: 2201, L: 1000, C: 2000 }).found).toEqual({ 'price-limit-expanded': [rowOf(K, 39)] });
    const { r, v, found } = day39({ O: 1000, H: 2202, L: 1000, C: 2000 });
    expect(found).toEqual({ 'price-limit-impossible': [r] });
    expect(v.keep[r]).toBe(0);
    const detail = v.results.find((x) => x.check === 'price-limit-impossible')!.detail!(0);
    expect(detail).toContain('base 1000, limit +-300 (expanded +-1200)');
  });

  it('adjusts the base by AdjFactor on an ex-date (1:2 split: base 500, W 100)', () => {
    // Without the factor, a close of 505 from 1,000 would be beyond the limit; with it, it is a +1 % day.
    expect(day39({ O: 500, H: 510, L: 495, C: 505 }, { AdjFactor: 0.5 }).found).toEqual({});
    // Beyond base + 4W + tick + 1 % of base (500 + 400 + 1 + 5 = 906) on an ex-date: a warning, not an error.
    const { r, v, found } = day39({ O: 500, H: 907, L: 495, C: 505 }, { AdjFactor: 0.5 });
    expect(found).toEqual({ 'price-limit-ex-date': [r] });
    expect(v.keep[r]).toBe(1);
  });

  it('does not warn about a beyond-limit move after two sessions locked at the upper limit (expanded 4x)', () => {
    const raw = cleanRaw();
    setBar(raw, rowOf(K, 36), { O: 1087, H: 1089, L: 998, C: 1000, Vo: 1000 });
    // Day 37: locked at 1,300 (H = L, UL); day 38: locked at 1,300 + 300 = 1,600.
    setBar(raw, rowOf(K, 37), { O: 1300, H: 1300, L: 1300, C: 1300, Vo: 100 });
    raw.upperLimit[rowOf(K, 37)] = 1;
    setBar(raw, rowOf(K, 38), { O: 1600, H: 1600, L: 1600, C: 1600, Vo: 100 });
    raw.upperLimit[rowOf(K, 38)] = 1;
    // Day 39: base 1,600 (W 400); 2,101 is beyond 2,000 + tick but within the expanded 1,600 + 1,600.
    const explained = day39({ O: 1700, H: 2101, L: 1650, C: 2050 }, {}, raw);
    expect(explained.found).toEqual({});
    expect(explained.v.stats.priceLimit!.expandedExplained).toBe(1);
    // One locked session is not enough.
    raw.low[rowOf(K, 38)] = 1550;
    raw.adjLow![rowOf(K, 38)] = 1550;
    const unexplained = day39({ O: 1700, H: 2101, L: 1650, C: 2050 }, {}, raw);
    expect(unexplained.found).toEqual({ 'price-limit-expanded': [rowOf(K, 39)] });
  });

  it('uses the pre-2010 table and the 2x expansion before 2010 (base 1,000: W 200, 2W 400)', () => {
    const raw = withBase1000();
    // 730 weeks back keeps the weekdays: 2009-05-18 .. 2009-07-10.
    for (let i = 0; i < raw.rows; i++) raw.date[i] = raw.date[i]! - 730 * 7;
    const r = rowOf(K, 39);
    expect(day39({ O: 1000, H: 1250, L: 1000, C: 1200 }, {}, structuredClone(raw)).found).toEqual({ 'price-limit-expanded': [r] });
    expect(day39({ O: 1000, H: 1402, L: 1000, C: 1200 }, {}, structuredClone(raw)).found).toEqual({ 'price-limit-impossible': [r] });
  });
});

describe('not a flat 30 % rule', () => {
  const bar = (Code: string, Date: string, O: number, H: number, L: number, C: number): BarRecord => ({ Date, Code, O, H, L, C, UL: '0', LL: '0', Vo: 1000, Va: 1000 * C, AdjFactor: 1 });

  it('accepts +40 % for a 120-yen stock (W 50) and warns at +18 % for a 5,500-yen stock (W 1,000)', () => {
    const raw = rawBarsFromRecords([
      bar('13010', '2023-06-01', 118, 121, 117, 120), bar('13010', '2023-06-02', 121, 168, 121, 168),
      bar('55550', '2023-06-01', 5480, 5510, 5470, 5500), bar('55550', '2023-06-02', 5600, 6511, 5600, 6500),
    ]);
    const v = validateRaw(raw, { calendar: weekdays });
    // 168 <= 120 + 50 + 1; 6,511 > 5,500 + 1,000 + 10 (tick at 9,500).
    expect(findings(v.results)).toEqual({ 'price-limit-expanded': [3] });
  });
});
