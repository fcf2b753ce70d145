import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isBusinessDay } from '../../../engine/calendar/tse-calendar.ts';
import { formatDay } from '../../../engine/dates.ts';
import { limitWidth } from '../../../engine/price-limit-table.ts';
import { generateMarket, type SampleMarket } from '../../../io/sample/market.ts';
import { barRecord, rowsOfCode, rowsOnDay } from '../../../io/sample/records.ts';

const digest = (m: SampleMarket): string => {
  const h = createHash('sha256');
  const b = m.bars;
  for (const a of [b.code, b.date, b.open, b.high, b.low, b.close, b.volume, b.turnover, b.adjFactor, m.topix.close]) h.update(new Uint8Array(a.buffer));
  h.update(b.codes.join(','));
  return h.digest('hex');
};

const m = generateMarket({ codes: 300, days: 400 });
const b = m.bars;

describe('the sample market', () => {
  it('is the same bytes for the same seed and different for another seed', () => {
    expect(digest(generateMarket({ codes: 300, days: 400 }))).toBe(digest(m));
    expect(digest(generateMarket({ codes: 300, days: 400, seed: 43 }))).not.toBe(digest(m));
  });

  it('covers TSE business days only, ending on the requested day', () => {
    expect(m.days.length).toBe(400);
    for (const d of m.days) expect(isBusinessDay(d), formatDay(d)).toBe(true);
    expect(formatDay(m.days.at(-1)!)).toBe('2026-11-20');
    expect(formatDay(generateMarket({ codes: 2, days: 5, end: '2024-05-07' }).days.at(-1)!)).toBe('2024-05-07');
  });

  it('has sorted distinct 5-character codes, some alphanumeric like 130A0', () => {
    expect([...b.codes].sort()).toEqual(b.codes);
    expect(new Set(b.codes).size).toBe(300);
    for (const c of b.codes) expect(c).toMatch(/^[1-9][0-9A-Z][0-9][0-9A-Z]0$/);
    expect(b.codes.some((c) => /[A-Z]/.test(c))).toBe(true);
  });

  it('has every path the engine must handle: no-trade days, splits, reverse splits, limit hits, short histories', () => {
    let noTrade = 0, splits = 0, reverse = 0, ups = 0, downs = 0;
    for (let i = 0; i < b.rows; i++) {
      if (Number.isNaN(b.close[i]!)) {
        noTrade++;
        for (const c of [b.open, b.high, b.low, b.volume, b.turnover]) expect(c[i]).toBeNaN();
      }
      if (b.adjFactor[i]! < 1) splits++;
      if (b.adjFactor[i]! > 1) reverse++;
      ups += b.upperLimit[i]!;
      downs += b.lowerLimit[i]!;
    }
    const lengths = Array.from({ length: b.codes.length }, (_, k) => m.offsets[k + 1]! - m.offsets[k]!);
    expect(noTrade).toBeGreaterThan(0);
    expect(splits).toBeGreaterThan(0);
    expect(reverse).toBeGreaterThan(0);
    expect(ups).toBeGreaterThan(0);
    expect(downs).toBeGreaterThan(0);
    expect(lengths.some((n) => n < 60)).toBe(true); // shorter than the longest window
    expect(m.firstDay.some((d) => d > 0)).toBe(true); // IPOs inside the range
    expect(lengths.some((n, k) => m.firstDay[k]! + n < m.days.length)).toBe(true); // delistings inside the range
  });

  it('keeps every traded bar consistent and inside the daily limit of its base price', () => {
    for (let k = 0; k < b.codes.length; k++) {
      let prev = Number.NaN;
      for (let i = m.offsets[k]!; i < m.offsets[k + 1]!; i++) {
        if (Number.isNaN(b.close[i]!)) continue;
        expect(b.high[i]!).toBeGreaterThanOrEqual(Math.max(b.open[i]!, b.close[i]!, b.low[i]!));
        expect(b.low[i]!).toBeLessThanOrEqual(Math.min(b.open[i]!, b.close[i]!));
        expect(b.low[i]!).toBeGreaterThan(0);
        expect(b.volume[i]!).toBeGreaterThan(0);
        if (!Number.isNaN(prev)) {
          const base = prev * b.adjFactor[i]!;
          expect(Math.abs(b.close[i]! - base)).toBeLessThanOrEqual(limitWidth(base) + 100);
        }
        prev = b.close[i]!;
      }
    }
  });

  it('gives J-Quants adjusted closes equal to raw close times the later factors, rounded to 0.1', () => {
    for (let k = 0; k < b.codes.length; k++) {
      let f = 1;
      for (let i = m.offsets[k + 1]! - 1; i >= m.offsets[k]!; i--) {
        if (!Number.isNaN(b.close[i]!)) expect(Math.abs(b.adjClose![i]! - b.close[i]! * f)).toBeLessThanOrEqual(0.05 + 1e-9);
        f *= b.adjFactor[i]!;
      }
    }
  });

  it('reads out V2 wire records by day and by code', () => {
    const day = m.days[200]!;
    const rows = rowsOnDay(m, day);
    expect(rows.length).toBeGreaterThan(200);
    for (const r of rows) expect(b.date[r]).toBe(day);
    const rec = barRecord(m, rows[0]!);
    expect(Object.keys(rec)).toEqual(['Date', 'Code', 'O', 'H', 'L', 'C', 'UL', 'LL', 'Vo', 'Va', 'AdjFactor', 'AdjO', 'AdjH', 'AdjL', 'AdjC', 'AdjVo']);
    expect(rec.Date).toBe(formatDay(day));
    const [s, e] = rowsOfCode(m, 0, m.days[10]!, m.days[19]!);
    for (let i = s; i < e; i++) expect(b.code[i]).toBe(0);
  });
});
