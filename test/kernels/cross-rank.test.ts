import { describe, expect, it } from 'vitest';
import { rankAverage } from '../../kernels/cross-rank.ts';

describe('average ranks across one date', () => {
  it('gives ties the mean of their positions and skips NaN, as pandas rank(method="average")', () => {
    // pandas: pd.Series([3, 1, nan, 3, 2, 3]).rank() -> [4.0, 1.0, NaN, 4.0, 2.0, 4.0]
    const values = Float64Array.from([3, 1, NaN, 3, 2, 3]);
    const rows = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const out = new Float64Array(6);
    const n = rankAverage(values, rows, 0, 6, out, new Float64Array(6));
    expect(n).toBe(5);
    expect([...out]).toEqual([4, 1, NaN, 4, 2, 4]);
  });

  it('reads and writes only the listed rows', () => {
    const values = Float64Array.from([9, 0.5, 9, 0.25]);
    const rows = Int32Array.from([1, 3]);
    const out = Float64Array.from([-1, -1, -1, -1]);
    rankAverage(values, rows, 0, 2, out, new Float64Array(2));
    expect([...out]).toEqual([-1, 2, -1, 1]);
  });

  it('treats -0 and 0 as a tie', () => {
    const values = Float64Array.from([0, -0, 1]);
    const out = new Float64Array(3);
    rankAverage(values, Int32Array.from([0, 1, 2]), 0, 3, out, new Float64Array(3));
    expect([...out]).toEqual([1.5, 1.5, 3]);
  });
});
