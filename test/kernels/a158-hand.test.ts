/** Alpha158 hand cases of families.md §10.4, with small numbers and values worked out by hand. */
import { describe, expect, it } from 'vitest';
import { assemblePanel } from '../../engine/assemble-panel.ts';
import { columnsOf, computeShard, makeScratch } from '../../engine/compute-shard.ts';
import type { BarRecord } from '../../engine/raw-bars.ts';
import { rawBarsFromRecords, topixFromRecords } from '../../engine/raw-from-records.ts';
import { A158 } from '../../kernels/features-a158.ts';

type Bars = { o: number[]; h: number[]; l: number[]; c: number[]; v: number[]; tv?: number[] };

/** Every a158 column of one code given directly as adjusted bars. */
function a158Of(b: Bars): Record<string, Float64Array> {
  const n = b.c.length;
  const f = (x: number[]): Float64Array => Float64Array.from(x);
  const panel = {
    open: f(b.o), high: f(b.h), low: f(b.l), close: f(b.c), volume: f(b.v),
    turnover: f(b.tv ?? b.v.map((v, i) => v * b.c[i]!)), mkt: new Float64Array(n).fill(1),
  };
  const offsets = Int32Array.from([0, n]);
  const out: Record<string, Float64Array> = {};
  for (const d of A158) out[d.name] = new Float64Array(n).fill(-999);
  computeShard(A158, columnsOf(panel, out), offsets, ['10000'], 0, 1, makeScratch(offsets));
  return out;
}

const flat = (n: number, x: number): number[] => Array.from({ length: n }, () => x);

describe('Alpha158 hand cases', () => {
  it('takes the earliest of tied highs and lows for IMAX and IMIN', () => {
    const h = [10, 12, 12, 11, 9];
    const l = [5, 3, 4, 3, 6];
    const a = a158Of({ o: flat(5, 8), h, l, c: flat(5, 8), v: flat(5, 100) });
    expect(a.a158_IMAX5![4]).toBe(2 / 5);
    expect(a.a158_IMIN5![4]).toBe(2 / 5);
    expect(a.a158_IMXD5![4]).toBe(0);
    const b = a158Of({ o: flat(5, 10), h: [12, 9, 10, 11, 12], l: flat(5, 8), c: flat(5, 10), v: flat(5, 100) });
    expect(b.a158_IMAX5![4]).toBe(1 / 5); // the earlier 12 wins although today also reaches 12
    expect(b.a158_IMIN5![4]).toBe(1 / 5);
  });

  it('ranks today among its own ties with the average rank, and interpolates quantiles linearly', () => {
    const a = a158Of({ o: [3, 5, 5, 4, 5], h: [3, 5, 5, 4, 5], l: [3, 5, 5, 4, 5], c: [3, 5, 5, 4, 5], v: flat(5, 100) });
    expect(a.a158_RANK5![4]).toBe(0.8); // (2 below + (3 tied + 1) / 2) / 5
    const q = a158Of({ o: [10, 2, 5, 3, 4], h: [10, 2, 5, 3, 4], l: [10, 2, 5, 3, 4], c: [10, 2, 5, 3, 4], v: flat(5, 100) });
    expect(q.a158_QTLU5![4]).toBeCloseTo(6.0 / 4, 15); // sorted 2 3 4 5 10: 5 + 0.2 * 5
    expect(q.a158_QTLD5![4]).toBeCloseTo(2.8 / 4, 15); // 2 + 0.8 * 1
    expect(q.a158_RANK5![4]).toBe(0.6); // 4 is the 3rd smallest
  });

  it('gives a constant window null RSQR and CORR, zero slope and residual, and a flat bar KMID2 = 0', () => {
    const a = a158Of({ o: flat(7, 100), h: flat(7, 100), l: flat(7, 100), c: flat(7, 100), v: flat(7, 1000) });
    for (const t of [4, 5, 6]) {
      expect(a.a158_RSQR5![t]).toBeNaN();
      expect(a.a158_CORR5![t]).toBeNaN();
      expect(a.a158_BETA5![t]).toBe(0);
      expect(a.a158_RESI5![t]).toBe(0);
      expect(a.a158_STD5![t]).toBe(0);
      expect(a.a158_RSV5![t]).toBe(0); // 0 / (0 + 1e-12) under rule 3
      expect(a.a158_VSTD5![t]).toBe(0);
    }
    expect(a.a158_KMID2![0]).toBe(0);
    expect(a.a158_KSFT2![0]).toBe(0);
    expect(a.a158_SUMP5![5]).toBe(0);
    expect(a.a158_SUMD5![6]).toBe(0);
    expect(a.a158_WVMA5![5]).toBe(0);
    expect(a.a158_CORD5![6]).toBeNaN();
  });

  it('nulls VMA, VSTD and VWAP0 on a no-trade row and CORD for the d rows after it', () => {
    const c = [100, 101, 102, 103, 104, 105, 106, 106, 107, 108, 109, 110, 111, 112, 113, 114];
    const v = [500, 700, 600, 800, 650, 900, 750, 0, 820, 760, 880, 700, 910, 640, 720, 860];
    const a = a158Of({ o: c, h: c.map((x) => x + 1), l: c.map((x) => x - 1), c, v, tv: v.map((x, i) => x * c[i]!) });
    expect(a.a158_VMA5![7]).toBeNaN(); // mean > 0 over v = 0
    expect(a.a158_VSTD5![7]).toBeNaN();
    expect(a.a158_VWAP0![7]).toBeNaN();
    expect(a.a158_VMA5![6]).toBeCloseTo((650 + 900 + 750 + 600 + 800) / 5 / 750, 14);
    expect(a.a158_CORD5![7]).not.toBeNaN(); // row 7's own term is ln(0/750 + 1) = 0
    for (let t = 8; t <= 12; t++) expect(a.a158_CORD5![t], `row ${t}`).toBeNaN(); // v/0 at row 8 is in the window
    expect(a.a158_CORD5![13]).not.toBeNaN();
  });

  it('compares the adjusted closes exactly across a 1:3 split (300.9 x (1/3) = 100.29999999999998 < 100.3)', () => {
    const dates = ['2024-06-03', '2024-06-04', '2024-06-05', '2024-06-06', '2024-06-07', '2024-06-10'];
    const raw = [300.9, 300.9, 300.9, 100.3, 100.3, 100.3];
    const bars: BarRecord[] = dates.map((d, i) => ({
      Date: d, Code: '40010', O: raw[i]!, H: raw[i]!, L: raw[i]!, C: raw[i]!, UL: '0', LL: '0', Vo: 1000, Va: 1000 * raw[i]!,
      AdjFactor: i === 3 ? 1 / 3 : 1,
    }));
    const { panel } = assemblePanel(rawBarsFromRecords(bars), topixFromRecords(dates.map((d) => ({ Date: d, O: 1, H: 1, L: 1, C: 1 }))));
    expect(panel.close[0]).toBe(100.29999999999998);
    const out: Record<string, Float64Array> = {};
    for (const d of A158) out[d.name] = new Float64Array(panel.rows);
    computeShard(A158, columnsOf(panel, out), panel.offsets, panel.codes, 0, 1, makeScratch(panel.offsets));
    expect(out.a158_CNTP5![5]).toBe(0.2); // the one "up" move is the ex-date's last-bit step
    expect(out.a158_CNTN5![5]).toBe(0);
    const eps = 100.3 - 100.29999999999998; // one ulp step, 1.42e-14
    expect(out.a158_SUMP5![5]).toBe(eps / (eps + 1e-12)); // all movement is up, but the 1e-12 guard dominates
    expect(out.a158_IMAX5![5]).toBe(3 / 5); // the earliest 100.3 high is the ex-date's
  });

  it('keeps every 30- and 60-row column null on a code of 25 rows, and starts the others at their first valid row', () => {
    const c = Array.from({ length: 25 }, (_, i) => 100 + Math.sin(i) * 3);
    const a = a158Of({ o: c.map((x) => x - 0.5), h: c.map((x) => x + 1), l: c.map((x) => x - 1), c, v: c.map((x, i) => 1000 + 37 * i) });
    for (const f of A158) {
      const col = a[f.name]!;
      const first = col.findIndex((x) => !Number.isNaN(x));
      if (f.window >= 30) expect(first, f.name).toBe(-1);
      else expect(first, f.name).toBe(f.firstValid);
    }
  });
});
