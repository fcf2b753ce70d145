import { describe, expect, it } from 'vitest';
import type { RawBars } from '../../engine/raw-bars.ts';
import { rawBuilder } from '../../engine/raw-builder.ts';

/** A hand-made piece: one row per [code index, date, close]; the other prices follow close (open = close - 1, ...). */
function piece(codes: string[], rows: [number, number, number][], adj = true): RawBars {
  const n = rows.length;
  const f = (g: (r: [number, number, number]) => number): Float64Array => Float64Array.from(rows, g);
  const raw: RawBars = {
    rows: n, codes, code: Int32Array.from(rows, (r) => r[0]), date: Int32Array.from(rows, (r) => r[1]),
    open: f((r) => r[2] - 1), high: f((r) => r[2] + 1), low: f((r) => r[2] - 2), close: f((r) => r[2]),
    volume: f((r) => r[2] * 100), turnover: f((r) => r[2] * 1000), adjFactor: f(() => 1),
    upperLimit: Uint8Array.from(rows, (r) => (r[2] > 100 ? 1 : 0)), lowerLimit: new Uint8Array(n),
  };
  if (adj) { raw.adjOpen = f((r) => r[2] - 1); raw.adjHigh = f((r) => r[2] + 1); raw.adjLow = f((r) => r[2] - 2); raw.adjClose = f((r) => r[2] / 2); raw.adjVolume = f((r) => r[2] * 200); }
  return raw;
}

const a = (): RawBars => piece(['B', 'A'], [[0, 10, 5], [1, 10, 6]]);
const b = (): RawBars => piece(['A', 'C', 'D'], [[0, 11, 7], [1, 11, 101], [0, 12, 9]]);

describe('the raw builder', () => {
  for (const [name, hint] of [['sized exactly', 4], ['sized too large', 50], ['sized too small', 1], ['not sized', undefined]] as const) {
    it(`keeps the rows a mask marks, in arrival order, with one code dictionary (${name})`, () => {
      const builder = rawBuilder();
      if (hint !== undefined) builder.expect(hint);
      builder.appendColumns(a());
      builder.appendColumns(b(), Uint8Array.from([1, 0, 1]));
      builder.appendColumns(piece(['E'], [[0, 13, 1]]), new Uint8Array(1)); // nothing kept: E is not in the dictionary
      const out = builder.finish();
      expect(out.rows).toBe(4);
      expect(out.codes).toEqual(['B', 'A', 'C', 'D']); // a kept piece brings its whole dictionary, as before
      expect([...out.code]).toEqual([0, 1, 1, 1]);
      expect([...out.date]).toEqual([10, 10, 11, 12]);
      expect([...out.close]).toEqual([5, 6, 7, 9]);
      expect([...out.open]).toEqual([4, 5, 6, 8]);
      expect([...out.turnover]).toEqual([5000, 6000, 7000, 9000]);
      expect([...out.adjClose!]).toEqual([2.5, 3, 3.5, 4.5]);
      expect([...out.adjVolume!]).toEqual([1000, 1200, 1400, 1800]);
      expect([...out.upperLimit]).toEqual([0, 0, 0, 0]);
      expect(out.close.length).toBe(4); // exactly sized, whatever the hint
      expect(out.adjLow!.length).toBe(4);
    });
  }

  it('drops the adjusted columns unless every piece with rows has them', () => {
    for (const order of [[true, false], [false, true]]) {
      const builder = rawBuilder();
      builder.expect(5);
      builder.appendColumns(piece(['A'], [[0, 1, 2], [0, 2, 3]], order[0]));
      builder.appendColumns(piece(['A'], [[0, 3, 4]], order[1]));
      const out = builder.finish();
      expect([...out.close]).toEqual([2, 3, 4]);
      expect(out.adjClose).toBeUndefined();
      expect(out.adjOpen).toBeUndefined();
    }
  });

  it('moves the text received for a row to where the row lands', () => {
    const builder = rawBuilder();
    builder.appendColumns(a());
    const withText = b();
    withText.received = new Map<number, Record<string, string>>([[1, { C: 'x' }], [2, { O: '1,234' }]]);
    builder.appendColumns(withText, Uint8Array.from([0, 1, 1]));
    const out = builder.finish();
    expect([...out.received!]).toEqual([[2, { C: 'x' }], [3, { O: '1,234' }]]);
    expect([...out.close]).toEqual([5, 6, 101, 9]);
    expect([...out.upperLimit]).toEqual([0, 0, 1, 0]);
  });

  it('gives empty columns without adjusted ones when nothing arrived', () => {
    const out = rawBuilder().finish();
    expect(out.rows).toBe(0);
    expect(out.close.length).toBe(0);
    expect(out.adjClose).toBeUndefined();
  });

  it('does not keep the piece it was handed: changing it afterwards changes nothing', () => {
    const builder = rawBuilder();
    builder.expect(2);
    const p = a();
    builder.appendColumns(p);
    p.close.fill(0);
    p.code.fill(1);
    expect([...builder.finish().close]).toEqual([5, 6]);
  });
});
